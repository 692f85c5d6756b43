// Does a vanishing gradient make training hard? Train two networks of the same shape (12 layers
// of 16 units) on the same regression data with plain gradient descent, and watch the loss and
// every layer's gradient.
import {
  createRandom,
  fit,
  mlp,
  sgd,
  teacherRegression,
  type ActivationName,
  type InitializerSpec,
} from '@gradscope/core';
import { sharedValueRange, trainingCurveChart, trainingHeatmapChart } from '@gradscope/charts';

// 64 examples of 8 inputs; the targets come from a small random tanh network (the teacher).
const data = teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) });
const steps = 300;

function train(activation: ActivationName, init: InitializerSpec, done = 0) {
  const net = mlp({ sizes: [8, ...new Array(11).fill(16), 1], activation, init, seed: 2 });
  const optimizer = sgd({ learningRate: 0.05 });
  return fit(net, data, { optimizer, steps, onStep: (r) => progress(done + r.step, 2 * steps) }).history;
}

// Try 'relu' with 'heNormal', or the small start many first courses use,
// normalInit({ std: 0.01 }) (add normalInit to the import above).
const runs = [
  { label: 'sigmoid, Xavier', history: train('sigmoid', 'xavierNormal') },
  { label: 'tanh, Xavier', history: train('tanh', 'xavierNormal', steps) },
];

display(
  trainingCurveChart({
    yLabel: 'loss',
    yScale: 'log',
    series: runs.map((run) => ({ label: run.label, values: run.history.loss })),
  }),
);
// Every layer's ‖dW[l]‖ at every step: layer 1 (nearest the input) at the top. Both heatmaps use
// one colour scale, from the smallest norm of the two runs to the largest (0, ∞ and NaN, which a
// log scale cannot place, are marked in their cells instead).
const valueRange = sharedValueRange(runs.map((run) => run.history.gradNormsByLayer));
for (const run of runs) {
  display(
    trainingHeatmapChart({
      title: run.label,
      matrix: run.history.gradNormsByLayer,
      steps: run.history.recordedSteps,
      valueRange,
    }),
  );
}
