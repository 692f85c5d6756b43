// Near a minimum, a network's loss is a quadratic. Train the k = 1 network close to a
// minimum, measure λmax there (the largest eigenvalue of the loss's Hessian) and its
// direction, then carry on at 0.9 and 1.1 times 2/λmax and follow the part of each step
// that goes along that sharpest direction.
import {
  createRandom,
  fillNormal,
  fit,
  forkNetwork,
  forward,
  largestHessianEigenvalue,
  linearNetwork,
  mlp,
  sgd,
  whiten,
  zeros,
  type Network,
} from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const x0 = zeros(8, 8);
fillNormal(x0.data, createRandom(1));
const x = whiten(x0);
const y = forward(mlp({ sizes: [8, 8], activation: 'identity', bias: false, seed: 11 }), x).output;
const data = { x, y };

const net = linearNetwork(12, 1, 8);
fit(net, data, { optimizer: sgd({ learningRate: 0.02 }), steps: 1500, everySteps: 1500 });
const { eigenvalue, vector } = largestHessianEigenvalue(net, data, {
  maxIterations: 300,
  returnVector: true,
});
console.log(`near the minimum: λmax = ${eigenvalue.toFixed(2)}`);
console.log(`so 2/λmax = ${(2 / eigenvalue).toFixed(4)}`);

const flat = (n: Network) => Float64Array.from(n.params.flatMap((p) => Array.from(p.value.data)));
const runs = [0.9, 1.1].map((factor) => {
  const copy = forkNetwork(net);
  let previous = flat(copy);
  const along: number[] = []; // each step's component along the sharpest direction
  const { history } = fit(copy, data, {
    optimizer: sgd({ learningRate: (factor * 2) / eigenvalue }),
    steps: 300,
    onStep: () => {
      const current = flat(copy);
      along.push(current.reduce((s, w, i) => s + vector![i] * (w - previous[i]), 0));
      previous = current;
    },
  });
  // Below the limit that part dies out at once, and what remains is the other directions'
  // drift seen through v; above it, it grows by |1 − ηλmax| a step and soon dominates.
  const size = (t: number) => Math.abs(along[t - 1]).toExponential(1);
  const grows = Math.abs(along[119]) > 1000 * Math.abs(along[9]);
  console.log(
    `${factor} × 2/λmax: along the sharpest direction, steps 10, 50, 100 and 120 have size ` +
      `${size(10)}, ${size(50)}, ${size(100)}, ${size(120)}; ` +
      (grows
        ? `step 100 is ${(along[99] / along[98]).toFixed(3)} times step 99 ` +
          `(1 − ηλmax = ${(1 - 2 * factor).toFixed(1)})`
        : 'it does not grow'),
  );
  return { label: `${factor} × 2/λmax`, values: history.loss };
});

const yLabel = 'loss (log scale)';
display(trainingCurveChart({ yLabel, yScale: 'log', firstStep: 1, series: runs }));
