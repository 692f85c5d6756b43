// Train a bad start and a good one: 24 ReLU layers of 16 units, every weight k times He's
// (the same random draw for every k, biases 0), on the same regression data, with plain
// gradient descent on all 64 examples at once. Then plot the loss and every layer's ‖dW[l]‖
// at every step, on one colour scale for both runs.
import { createRandom, fit, mlp, normalInit, sgd, teacherRegression } from '@gradscope/core';
import { sharedValueRange, trainingCurveChart, trainingHeatmapChart } from '@gradscope/charts';

const depth = 24;
const width = 16;
const steps = 300;
const learningRate = 0.02;
// 64 examples of 16 inputs; the targets come from a small random tanh network (the teacher).
const data = teacherRegression({ inputSize: width, samples: 64, random: createRandom(1) });

function train(k: number, done: number) {
  const net = mlp({
    sizes: [width, ...new Array(depth - 1).fill(width), 1],
    activation: 'relu',
    init: normalInit({ std: k * Math.sqrt(2 / width) }), // He's standard deviation √(2/n), times k
    seed: 6,
  });
  const { history, stopped } = fit(net, data, {
    optimizer: sgd({ learningRate }),
    steps,
    onStep: (record) => progress(done + record.step, 2 * steps),
  });
  console.log(`k = ${k}: loss ${history.loss[0]} → ${history.loss.at(-1)} (${stopped.reason})`);
  return { label: k === 1 ? 'k = 1 (He)' : `k = ${k}`, history };
}

const runs = [train(0.5, 0), train(1, steps)];

display(
  trainingCurveChart({
    yLabel: 'loss',
    yScale: 'log',
    firstStep: 1,
    series: runs.map((run) => ({ label: run.label, values: run.history.loss })),
  }),
);
// One colour scale for both heatmaps: from the smallest norm of the two runs to the largest.
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
