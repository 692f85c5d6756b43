// Three networks from the same draw of weights: B blocks of two dense layers,
// F(a) = W₂·relu(W₁·a + b₁) + b₂, every W with variance 1/n, then one output unit.
//   plain:            a[b] = F(a[b−1])                 (the skips removed)
//   residual, s = 1:  a[b] = a[b−1] + F(a[b−1])
//   residual, s = 1/√B: a[b] = a[b−1] + F(a[b−1])/√B
// For each, ‖δ‖ at every block's output, divided by the last block's.
import {
  createRandom,
  dense,
  frobeniusNorm,
  lossAndGradients,
  network,
  normalInit,
  residual,
} from '@gradscope/core';
import { teacherRegression, type Layer } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const blocks = 25;
const width = 16;
const data = teacherRegression({ inputSize: width, samples: 32, random: createRandom(2) });

function build(skip: boolean, scale: number) {
  const random = createRandom(1); // the same draw for every network
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

function ratios(skip: boolean, scale = 1) {
  const { gradients } = lossAndGradients(build(skip, scale), data.x, data.y, 'mse');
  const perBlock = skip ? 1 : 2; // where each block's output is in the list of layers
  const norms = Array.from({ length: blocks }, (_, i) =>
    frobeniusNorm(gradients.layers[perBlock * (i + 1) - 1].delta),
  );
  return norms.map((v) => v / norms[blocks - 1]);
}

const series = [
  { label: 'plain', values: ratios(false) },
  { label: 'residual, s = 1', values: ratios(true) },
  { label: `residual, s = 1/√${blocks}`, values: ratios(true, 1 / Math.sqrt(blocks)) },
];
// A legend rather than labels at the line ends: all three end at 1.
display(
  depthProfileChart({
    quantity: '‖δ[b]‖ / ‖δ[B]‖',
    xLabel: 'block b',
    series,
    reference: 1,
    labels: 'legend',
  }),
);
for (const { label, values } of series) console.log(`${label}: ‖δ[1]‖/‖δ[B]‖ =`, values[0]);
