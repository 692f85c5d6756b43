// Does the spread of the spectrum matter for training? Train the two networks of the figure,
// made smaller so this runs in a moment: 24 layers of 16 units, ReLU with He-normal weights
// and tanh with orthogonal weights at criticality, on the same regression data with the same
// plain SGD: same learning rate, same minibatches.
import {
  createRandom,
  criticalWeightVariance,
  fillNormal,
  fit,
  mlp,
  orthogonalInit,
  sgd,
  teacherRegression,
  type Network,
} from '@gradscope/core';
import { heatmapChart, trainingCurveChart } from '@gradscope/charts';

const width = 16;
const depth = 24;
const learningRate = 0.03;
const steps = 200;
const data = teacherRegression({ inputSize: width, samples: 128, random: createRandom(1) });
const sizes = [width, ...new Array(depth - 1).fill(width), 1]; // a linear output unit

const biasVariance = 1e-4;
const weightVariance = criticalWeightVariance({ activation: 'tanh', biasVariance });
const relu = mlp({ sizes, activation: 'relu', init: 'heNormal', bias: false, seed: 2 });
const tanh = mlp({
  sizes,
  activation: 'tanh',
  init: orthogonalInit(Math.sqrt(weightVariance)),
  seed: 2,
});
const random = createRandom(3);
for (const p of tanh.params) {
  if (p.name.startsWith('b')) fillNormal(p.value.data, random, 0, Math.sqrt(biasVariance));
}

const train = (net: Network) =>
  fit(net, data, {
    optimizer: sgd({ learningRate }),
    steps,
    batchSize: 32,
    random: createRandom(4), // the same minibatches for both
  });
const runs = [
  { label: 'ReLU, Gaussian', result: train(relu) },
  { label: 'tanh, orthogonal', result: train(tanh) },
];

display(
  trainingCurveChart({
    yScale: 'log',
    firstStep: 1,
    series: runs.map(({ label, result }) => ({ label, values: result.history.loss })),
  }),
);
for (const { label, result } of runs) {
  // log₁₀ ‖dW^[l]‖: layer l is row l − 1, step s is column s − 1.
  const norms = result.history.gradNormsByLayer;
  const row = (i: number) => norms.data.subarray(i * norms.cols, (i + 1) * norms.cols);
  display(
    heatmapChart({
      title: label,
      matrix: Array.from({ length: norms.rows }, (_, i) => Array.from(row(i), Math.log10)),
      valueLabel: 'log₁₀ ‖dW[l]‖',
      scheme: 'sequential',
      xLabel: 'step − 1',
      yLabel: 'layer l − 1',
    }),
  );
  const first = Array.from({ length: norms.rows }, (_, i) => row(i)[0]); // step 1
  const spread = Math.max(...first) / Math.min(...first);
  console.log(label, '— largest / smallest layer gradient at step 1:', spread);
  const loss = result.history.loss.at(-1);
  console.log(label, '— loss after', steps, 'steps:', loss, result.stopped.reason);
}
