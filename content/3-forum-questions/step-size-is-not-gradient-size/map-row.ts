// One row of the map, live: the lesson's network with every W[l] = k·I at the start,
// trained for 200 steps at each of twelve learning rates, each run named by the rule the
// lesson states (trainingRegime).
import {
  createRandom,
  fillNormal,
  fit,
  forward,
  largestHessianEigenvalue,
  linearNetwork,
  mlp,
  sgd,
  trainingRegime,
  whiten,
  zeros,
  type Optimizer,
} from '@gradscope/core';
import { regimeMapChart } from '@gradscope/charts';

const k = 1.3; // the row: try 0.5, 1 or 1.5
const depth = 12;
const steps = 200;
// Plain gradient descent; try adam({ learningRate }) (and add adam to the import).
const optimizer = (learningRate: number): Optimizer => sgd({ learningRate });

const x0 = zeros(8, 8);
fillNormal(x0.data, createRandom(1));
const x = whiten(x0);
const y = forward(mlp({ sizes: [8, 8], activation: 'identity', bias: false, seed: 11 }), x).output;
const data = { x, y };
// The loss of predicting zero for every example: "trains" means ending below 0.05 of it.
const referenceLoss = Array.from(y.data).reduce((s, v) => s + v * v, 0) / (2 * x.cols);

const rates = Array.from({ length: 12 }, (_, i) => 10 ** (-5 + 0.5 * i));
const cells = [];
const table = [];
for (const [i, learningRate] of rates.entries()) {
  const run = fit(linearNetwork(depth, k, 8), data, { optimizer: optimizer(learningRate), steps });
  const { regime, lossRatio, gradientRatio } = trainingRegime(run, { referenceLoss });
  cells.push({ x: learningRate, y: k, regime });
  table.push({
    η: learningRate,
    regime,
    'last loss ÷ L_ref': lossRatio,
    '‖g_T‖ ÷ ‖g_1‖': gradientRatio,
    steps: run.steps,
  });
  progress(i + 1, rates.length);
}

const net = linearNetwork(depth, k, 8);
const { eigenvalue } = largestHessianEigenvalue(net, data, { maxIterations: 300 });
const safe = 2 / eigenvalue; // the largest stable η for the start's curvature
console.log(`k = ${k}: λmax at the start is ${eigenvalue.toPrecision(4)}`);
console.log(`2/λmax = ${safe.toPrecision(3)}`);
const points = [k - 0.5, k + 0.5].map((y) => ({ x: safe, y }));
const line = { label: '2/λmax at the start', points };
display(
  regimeMapChart({
    xLabel: 'learning rate η (log scale)',
    yLabel: 'k',
    cells,
    curves: eigenvalue > 0 ? [line] : [],
    height: 200,
  }),
);
display(table);
