// Train two linear networks of 40 layers of 4 units on the same data with the same plain
// gradient descent: one with half its layers 0.5·I and half 1.5·I, one with 25 of its 40
// layers 1.5·I (the break-even share, rounded). The targets are y = Mx for a fixed
// orthogonal M, which a linear network can fit exactly.
import {
  createRandom,
  fit,
  linearNetworkOfScales,
  mixedScales,
  productOfScales,
  sgd,
  teacherRegression,
} from '@gradscope/core';
import { trainingCurveChart, trainingHeatmapChart } from '@gradscope/charts';

const depth = 40;
const width = 4;
const steps = 300;
const data = teacherRegression({
  inputSize: width,
  samples: 64,
  random: createRandom('teacher'),
  teacher: {
    sizes: [width, width],
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    init: 'orthogonal',
  },
});

function train(countHigh: number) {
  const scales = mixedScales({ low: 0.5, high: 1.5, depth, countHigh }); // spread evenly
  const percent = (100 * countHigh) / depth;
  const label = `${percent}% at 1.5, ${100 - percent}% at 0.5`;
  console.log(label, '— product of the factors at the start:', productOfScales(scales));
  const net = linearNetworkOfScales(scales, width);
  return { label, ...fit(net, data, { optimizer: sgd({ learningRate: 0.01 }), steps }) };
}
const runs = [train(20), train(25)];

display(
  trainingCurveChart({
    yScale: 'log',
    yLabel: 'loss',
    firstStep: 1,
    series: runs.map((run) => ({ label: run.label, values: run.history.loss })),
  }),
);
// Every layer's ‖dW[l]‖ at every step, layer 1 at the top, both on one colour scale: from
// two powers of ten below the first run's smallest gradient to the largest of either.
// Gradients below it (a run that has fitted its data) take the darkest colour.
const gradients = runs.map((run) => Array.from(run.history.gradNormsByLayer.data));
const floor = 10 ** (Math.floor(Math.log10(Math.min(...gradients[0]))) - 2);
const valueRange = [floor, Math.max(...gradients.flat())] as const;
for (const run of runs) {
  display(
    trainingHeatmapChart({
      title: run.label,
      matrix: run.history.gradNormsByLayer,
      steps: run.history.recordedSteps,
      valueRange,
    }),
  );
  const { loss } = run.history;
  console.log(run.label, '— loss at the first and last step:', loss[0], loss.at(-1));
}
