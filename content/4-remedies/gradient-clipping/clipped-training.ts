// Train a 24-layer ReLU network started from 1.2 times He's weights (its output is about
// 1.2^24 ≈ 80 times the He network's) by gradient descent with learning rate 0.02, once without
// clipping and once with norm clipping at c = 10. fit stops at the first number that is not finite
// and says where it appeared.
import { createRandom, fit, mlp, normalInit, sgd, teacherRegression } from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 24;
const width = 16;
const steps = 300;
const data = teacherRegression({ inputSize: width, samples: 64, random: createRandom(1) });

function train(k: number, clip: number | undefined) {
  const net = mlp({
    sizes: [width, ...new Array(depth - 1).fill(width), 1],
    activation: 'relu',
    init: normalInit({ std: k * Math.sqrt(2 / width) }), // k times He's standard deviation
    seed: 6,
  });
  const clipped: number[] = [];
  const run = fit(net, data, {
    optimizer: sgd({ learningRate: 0.02 }),
    steps,
    everySteps: 10,
    clip: clip === undefined ? undefined : { norm: clip },
    onStep: (record) => {
      if (record.clipped) clipped.push(record.step);
    },
  });
  const name = `k = ${k}, ${clip === undefined ? 'not clipped' : `clipped at ${clip}`}`;
  const end =
    run.stopped.reason === 'non-finite'
      ? `stopped at step ${run.stopped.step}: the ${run.stopped.what} at layer ${run.stopped.layer} is not finite`
      : `loss ${run.history.loss[steps - 1]} after ${steps} steps`;
  console.log(`${name}: ${end}; steps clipped: ${clipped.length ? clipped.join(', ') : 'none'}`);
  return { name, loss: run.history.loss };
}

const runs = [train(1.2, undefined), train(1.2, 10)];
display(
  trainingCurveChart({
    yLabel: 'loss (log scale)',
    yScale: 'log',
    firstStep: 1,
    series: runs.map((run, i) => ({ label: run.name, values: run.loss, dashed: i === 0 })),
  }),
);
