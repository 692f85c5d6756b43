// The exploding network (weights k = 1.5 times He's) trained by gradient descent three ways: as it is, with
// clipping by norm at c = 1, and re-initialized at He's scale (k = 1). Each run says how it ended and what the
// diagnosis reads after training; the table lists every layer's ‖dW^[l]‖ at the first step and the last.
import {
  createRandom,
  fit,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
} from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 20;
const width = 16;
const learningRate = 0.01;
const steps = 150;
const data = teacherRegression({ inputSize: width, samples: 32, random: createRandom(1) });

function train(k: number, clip: number | undefined) {
  const net = mlp({
    sizes: [width, ...new Array(depth - 1).fill(width), 1],
    activation: 'relu',
    init: normalInit({ std: k * Math.sqrt(2 / width) }), // k times He's standard deviation
    seed: 2,
  });
  const run = fit(net, data, {
    optimizer: sgd({ learningRate }),
    steps,
    clip: clip === undefined ? undefined : { norm: clip },
  });
  const name = `k = ${k}${clip === undefined ? '' : `, clipped at ${clip}`}`;
  if (run.stopped.reason === 'non-finite') {
    const { step, layer, what } = run.stopped;
    console.log(`${name}: stopped at step ${step}, the ${what} at layer ${layer} is not finite`);
  } else {
    lossAndGradients(net, data.x, data.y, 'mse'); // diagnose the trained network
    const delta = layerGradNorms(net).map((row) => row.delta);
    console.log(
      `${name}: loss ${run.history.loss[steps - 1]} after ${steps} steps;`,
      `‖δ[1]‖ / ‖δ[L]‖ after training: ${delta[0] / delta[depth - 1]}`,
    );
  }
  const norms = run.history.layerGradNorms; // ‖dW^[l]‖ at every step, before clipping
  return { name, loss: run.history.loss, first: norms[0], last: norms[norms.length - 1], updates: run.steps };
}

const runs = [train(1.5, undefined), train(1.5, 1), train(1, undefined)];

display(
  trainingCurveChart({
    yLabel: 'loss (log scale)',
    yScale: 'log',
    firstStep: 1,
    series: runs.map((run) => ({ label: run.name, values: run.loss, dashed: run.name.includes('clipped') })),
  }),
);
display(
  Array.from(runs[0].first, (_, l) => {
    const row: Record<string, number> = { layer: l + 1 };
    for (const run of runs) {
      row[`${run.name}: step 1`] = run.first[l];
      row[`${run.name}: step ${run.updates}`] = run.last[l];
    }
    return row;
  }),
);
