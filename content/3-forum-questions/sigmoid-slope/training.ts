// A sigmoid network and a tanh network of the same shape (10 layers of 16 units), both started
// from Xavier's weights, learn the same regression data by plain gradient descent. Watch the loss
// and every layer's weight gradient. Then give the sigmoid network a larger learning rate.
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
const sigmoidRate = 0.05; // the sigmoid network's learning rate η

let done = 0; // steps trained so far, for the progress bar
function train(activation: ActivationName, eta: number, init: InitializerSpec = 'xavierNormal') {
  const net = mlp({ sizes: [8, ...new Array(9).fill(16), 1], activation, init, seed: 2 });
  const onStep = (r: { step: number }) => progress(done + r.step, 2 * steps);
  const { history } = fit(net, data, { optimizer: sgd({ learningRate: eta }), steps, onStep });
  done += steps;
  return history;
}

const runs = [
  { label: `sigmoid, η = ${sigmoidRate}`, history: train('sigmoid', sigmoidRate) },
  { label: 'tanh, η = 0.05', history: train('tanh', 0.05) },
];

display(
  trainingCurveChart({
    yLabel: 'loss',
    yScale: 'log',
    series: runs.map((run) => ({ label: run.label, values: run.history.loss })),
  }),
);
// Every layer's ‖dW[l]‖ at every step: layer 1 (nearest the input) at the top. Both heatmaps use
// one colour scale, from the smallest norm of the two runs to the largest.
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
// The first step's ratio ‖dW[1]‖ / ‖dW[L]‖: how fast layer 1 learns next to the last layer.
for (const run of runs) {
  const K = run.history.recordedSteps.length;
  const g = run.history.gradNormsByLayer.data;
  console.log(run.label, '‖dW[1]‖ / ‖dW[L]‖ at step 1:', g[0] / g[9 * K]);
}
