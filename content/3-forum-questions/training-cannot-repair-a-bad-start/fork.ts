// Fork a run: train the bad start (weights half of He's) with plain gradient descent up to
// step t, save everything the next step depends on (record.snapshot()), then continue twice
// from that very point: once unchanged, once with a remedy switched on. Plot both.
import {
  adam,
  createRandom,
  fit,
  forkNetwork,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
  type TrainingSnapshot,
} from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 24;
const width = 16;
const steps = 300;
const t = 100; // the step to fork at
const data = teacherRegression({ inputSize: width, samples: 64, random: createRandom(1) });
const net = mlp({
  sizes: [width, ...new Array(depth - 1).fill(width), 1],
  activation: 'relu',
  init: normalInit({ std: 0.5 * Math.sqrt(2 / width) }), // half of He's standard deviation
  seed: 6,
});

let saved: TrainingSnapshot | undefined;
const original = fit(net, data, {
  optimizer: sgd({ learningRate: 0.02 }),
  steps,
  onStep: (record) => {
    if (record.step === t) saved = record.snapshot();
  },
});

// The remedy, from step t + 1 on. Try clipping instead:
//   optimizer: sgd({ learningRate: 0.02 }), clip: { norm: 1 }
let clippedSteps = 0;
const forked = fit(forkNetwork(net, saved!), data, {
  optimizer: adam({ learningRate: 1e-3 }),
  steps: steps - t,
  resume: saved!,
  onStep: (record) => {
    if (record.clipped) clippedSteps++;
  },
});

console.log('loss at the end without the remedy:', original.history.loss[steps - 1]);
console.log('loss at the end with it:', forked.history.loss.at(-1));
console.log('steps on which clipping changed the gradient:', clippedSteps);

const stepsFrom = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);
display(
  trainingCurveChart({
    yLabel: 'loss',
    yScale: 'log',
    series: [
      { label: 'k = 0.5, unchanged', values: original.history.loss, x: stepsFrom(1, steps) },
      {
        label: `forked at step ${t}`,
        values: forked.history.loss,
        x: stepsFrom(forked.history.firstStep, forked.history.loss.length),
        dashed: true,
      },
    ],
  }),
);
