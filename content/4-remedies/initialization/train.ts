// A deep linear network (20 layers of width 16, no biases) fitted to a linear teacher y = A·x on 64 examples,
// by full-batch gradient descent, from three starts: Gaussian weights of variance 1/n (LeCun's), orthogonal
// weights of the same scale, and Gaussian weights of half that variance. Same seed, data and learning rate.
import {
  createRandom,
  fillNormal,
  fit,
  matmul,
  mlp,
  normalInit,
  sgd,
  zeros,
  type InitializerSpec,
} from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 20;
const width = 16;
const steps = 200;
const learningRate = 0.01;
const random = createRandom(7);
const x = zeros(width, 64);
fillNormal(x.data, random);
const A = zeros(width, width);
fillNormal(A.data, random, 0, 1 / Math.sqrt(width));
const data = { x, y: matmul(A, x) };

const starts: { label: string; init: InitializerSpec; dashed?: boolean }[] = [
  { label: 'LeCun normal', init: 'lecunNormal' },
  { label: 'orthogonal', init: 'orthogonal' },
  { label: 'LeCun normal, half variance', init: normalInit({ variance: 0.5 / width }), dashed: true },
];
const series = [];
for (const { label, init, dashed } of starts) {
  const net = mlp({
    sizes: Array(depth + 1).fill(width),
    activation: 'identity',
    init,
    bias: false,
    seed: 1,
  });
  const { history, stopped } = fit(net, data, { optimizer: sgd({ learningRate }), steps });
  const losses = history.loss;
  // ‖dW[l]‖ of every layer at the first step: history.gradNormsByLayer has a row per layer, a column per step.
  const { data: norms, cols } = history.gradNormsByLayer;
  const first = Array.from({ length: depth }, (_, l) => norms[l * cols]);
  console.log(`${label}: loss ${losses[0]} → ${losses[losses.length - 1]}`, stopped.reason);
  console.log(`  step 1, largest ‖dW[l]‖ / smallest:`, Math.max(...first) / Math.min(...first));
  if (stopped.reason === 'completed') series.push({ label, values: losses, dashed });
}
display(trainingCurveChart({ yLabel: 'loss (log scale)', yScale: 'log', firstStep: 1, series }));
