// Train the three networks of the previous example (same draw, same data) with the same
// full-batch gradient descent. fit stops at the first number that is not finite.
import {
  createRandom,
  dense,
  fit,
  network,
  normalInit,
  residual,
  sgd,
  teacherRegression,
} from '@gradscope/core';
import { type Layer } from '@gradscope/core';
import { SERIES_PALETTE, trainingCurveChart } from '@gradscope/charts';

const blocks = 25;
const width = 16;
const steps = 150;
const learningRate = 0.02;
const data = teacherRegression({ inputSize: width, samples: 32, random: createRandom(2) });

function build(skip: boolean, scale: number) {
  const random = createRandom(1);
  const init = normalInit({ variance: 1 / width });
  const layers: Layer[] = [];
  for (let b = 1; b <= blocks; b++) {
    const inner = dense({ inputSize: width, outputSize: width, activation: 'relu', init, random });
    const outer = dense({ inputSize: width, outputSize: width, init, random });
    if (skip) layers.push(residual({ inner: [inner, outer], scale }));
    else layers.push(inner, outer);
  }
  layers.push(dense({ inputSize: width, outputSize: 1, init, random }));
  return network(layers);
}

const nets = [
  { label: 'plain', net: build(false, 1) },
  { label: 'residual, s = 1', net: build(true, 1) },
  { label: `residual, s = 1/√${blocks}`, net: build(true, 1 / Math.sqrt(blocks)) },
];
const series = [];
for (const [i, { label, net }] of nets.entries()) {
  const { history, stopped } = fit(net, data, { optimizer: sgd({ learningRate }), steps });
  const losses = history.loss;
  console.log(`${label}: loss ${losses[0]} → ${losses[losses.length - 1]}`, stopped);
  // Each network keeps its colour of the previous example, whether or not the others are drawn.
  if (stopped.reason === 'completed') series.push({ label, values: losses, color: SERIES_PALETTE[i] });
}
display(trainingCurveChart({ yLabel: 'loss (log scale)', yScale: 'log', firstStep: 1, series }));
