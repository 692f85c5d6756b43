// Depth-15 ReLU networks of width 16 started at 0.5·He and 1.5·He (no biases), trained with and without
// batch normalization by full-batch gradient descent. fit stops at the first number that is not finite.
import { createRandom, fit, mlp, normalInit, sgd, teacherRegression } from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 15;
const width = 16;
const steps = 80;
const learningRate = 0.05;
const data = teacherRegression({ inputSize: width, samples: 16, random: createRandom(3) });

const series = [];
for (const k of [0.5, 1.5]) {
  for (const norm of [undefined, 'batch'] as const) {
    const net = mlp({
      sizes: [width, ...new Array(depth - 1).fill(width), 1],
      activation: 'relu',
      init: normalInit({ variance: (k * k * 2) / width }),
      bias: false,
      norm,
      seed: 1,
    });
    const { history, stopped } = fit(net, data, { optimizer: sgd({ learningRate }), steps });
    const label = `${norm ? 'batch norm' : 'plain'}, ${k}·He`;
    console.log(`${label}: loss ${history.loss[0]} → ${history.loss[history.loss.length - 1]}`, stopped);
    if (stopped.reason === 'completed') series.push({ label, values: history.loss });
  }
}
display(trainingCurveChart({ yLabel: 'loss (log scale)', yScale: 'log', firstStep: 1, series }));
