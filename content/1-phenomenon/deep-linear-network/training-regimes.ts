// Can a learning rate rescue the lecture's network? Train 20 layers of 1.5·I (2×2, g(z) = z, no
// biases) to give back their input, y = x, on eight points of the unit circle, by full-batch
// gradient descent at three learning rates, and follow the loss and every layer's gradient norm
// ‖dW^[l]‖ step by step.
import { fit, get, linearNetwork, matrix, sgd } from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const L = 20;
const k = 1.5;
const steps = 100;
const rates = [1e-8, 4e-7, 1e-6]; // one learning rate from each regime of the figure above

const angles = Array.from({ length: 8 }, (_, j) => (2 * Math.PI * j) / 8);
const X = matrix([angles.map(Math.cos), angles.map(Math.sin)]); // 2 × 8: one example per column
const data = { x: X, y: X }; // the target is the input itself

const runs = rates.map((learningRate) => {
  const net = linearNetwork(L, k); // W^[1] = … = W^[20] = 1.5·I
  // The diagonal of W^[1]: both entries are c while the weights stay c·I.
  const diagonal = () => [get(net.params[0].value, 0, 0), get(net.params[0].value, 1, 1)];
  let first = [NaN, NaN];
  const result = fit(net, data, {
    optimizer: sgd({ learningRate }),
    steps,
    // Called after each update: after the first, read where W^[1] has landed.
    onStep: ({ step }) => {
      if (step === 1) first = diagonal();
    },
  });
  return { learningRate, first, last: diagonal(), ...result };
});

for (const { learningRate, first, last, history, stopped } of runs) {
  console.log(
    `η = ${learningRate.toExponential()}: the first step took the diagonal of W[1] from ${k} to ${first.join(' and ')};`,
    stopped.reason === 'non-finite'
      ? `at step ${stopped.step} the numbers overflowed (first: the ${stopped.what} of layer ${stopped.layer}).`
      : `after ${steps} steps it is ${last.join(' and ')}; the loss at step ${steps} was ${history.loss[steps - 1]}.`,
  );
}

// A run that overflowed shoots up by hundreds of orders of magnitude in a few steps, which would
// flatten every other curve; the charts leave such runs out and say so (their story is printed
// above).
const finite = runs.filter(({ stopped }) => stopped.reason !== 'non-finite');
const overflowed = runs.filter(({ stopped }) => stopped.reason === 'non-finite');
const subtitle =
  overflowed.length === 0
    ? undefined
    : `Not drawn: ${overflowed.map((r) => `η = ${r.learningRate.toExponential()}`).join(', ')}, which overflowed.`;

// history.loss[t − 1] is the loss at step t, computed before that step's update (so step 1
// shows the start).
display(
  trainingCurveChart({
    title: 'Loss',
    subtitle,
    yLabel: 'loss (log scale)',
    yScale: 'log',
    firstStep: 1,
    series: finite.map(({ learningRate, history }) => ({
      label: `η = ${learningRate.toExponential()}`,
      values: history.loss,
    })),
  }),
);

// gradNormsByLayer is a layers × steps matrix: row l − 1 holds ‖dW^[l]‖ at every recorded step.
type Run = (typeof runs)[number];
const layerRow = ({ history }: Run, l: number) => {
  const { cols, data: norms } = history.gradNormsByLayer;
  return Array.from(norms.subarray((l - 1) * cols, l * cols));
};
let spread = 0; // the largest relative difference between a layer's ‖dW‖ and layer 1's, at any step
for (const run of runs) {
  const first = layerRow(run, 1);
  for (let l = 2; l <= L; l++) {
    layerRow(run, l).forEach(
      (value, t) => (spread = Math.max(spread, Math.abs(value - first[t]) / first[t])),
    );
  }
}
console.log(`every layer's ‖dW‖ equals layer 1's at every step, to a relative ${spread}`);

display(
  trainingCurveChart({
    title: '‖dW[l]‖ of every layer (they coincide)',
    subtitle,
    yLabel: '‖dW[l]‖ (log scale)',
    yScale: 'log',
    firstStep: 1,
    series: finite.map((run) => ({
      label: `η = ${run.learningRate.toExponential()}`,
      values: layerRow(run, 1),
    })),
  }),
);
