// One deep network, three initializers: L = 40 layers of width 32 (ReLU, then a linear last layer), no biases,
// every network from the same seed. For each, ‖δ[l]‖ / ‖δ[L]‖ at every layer after one forward and one backward
// pass, with a batch of 8 standard normal inputs and a standard normal error δ[L] at the last layer.
import {
  backward,
  createRandom,
  fillNormal,
  forward,
  frobeniusNorm,
  mlp,
  orthogonalInit,
  zeros,
  type InitializerSpec,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 40;
const width = 32;
const random = createRandom(3);
const X = zeros(width, 8);
fillNormal(X.data, random);
const error = zeros(width, 8);
fillNormal(error.data, random);

function ratios(init: InitializerSpec, activation: 'relu' | 'tanh') {
  const net = mlp({ sizes: Array(depth + 1).fill(width), activation, init, bias: false, seed: 1 });
  forward(net, X);
  const norms = backward(net, error).layers.map((layer) => frobeniusNorm(layer.delta));
  return norms.map((v) => v / norms[depth - 1]);
}

const series = [
  { label: 'Xavier normal', values: ratios('xavierNormal', 'relu') },
  { label: 'He normal', values: ratios('heNormal', 'relu') },
  { label: 'orthogonal (gain √2)', values: ratios(orthogonalInit(Math.SQRT2), 'relu'), dashed: true },
];
display(depthProfileChart({ quantity: '‖δ[l]‖ / ‖δ[L]‖', series, reference: 1, labels: 'legend' }));
for (const { label, values } of series) console.log(`ReLU, ${label}: ‖δ[1]‖/‖δ[L]‖ =`, values[0]);
// The same network with tanh: which scale suits it?
console.log('tanh, Xavier normal: ‖δ[1]‖/‖δ[L]‖ =', ratios('xavierNormal', 'tanh')[0]);
console.log('tanh, He normal: ‖δ[1]‖/‖δ[L]‖ =', ratios('heNormal', 'tanh')[0]);
