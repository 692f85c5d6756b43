// Is a vanishing gradient a matter of small weights? Four networks of 40 layers of 64
// units, one backward pass of the mean squared error on one batch: the size of their
// weights against the size of their gradients.
import {
  createRandom,
  fillNormal,
  frobeniusNorm,
  layerGradNorms,
  linearNetworkOfScales,
  lossAndGradients,
  maxAbs,
  mixedScales,
  mlp,
  scaledIdentityInit,
  zeros,
  type Network,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 40;
const width = 64;
const sizes = new Array(depth + 1).fill(width);
const networks: Record<string, Network> = {
  // The lecture's exploding weights, 1.5·I, with a sigmoid in every hidden layer.
  'sigmoid, 1.5·I': mlp({
    sizes,
    activation: 'sigmoid',
    init: scaledIdentityInit(1.5),
    bias: false,
  }),
  // Half the layers 0.5·I, half 1.5·I, alternating, no activation.
  '50% at 1.5, 50% at 0.5': linearNetworkOfScales(
    mixedScales({ low: 0.5, high: 1.5, depth, countHigh: depth / 2 }),
    width,
  ),
  // Small entries, about 1/√64 = 0.125 each: a random orthogonal matrix in every layer.
  'identity, orthogonal': mlp({
    sizes,
    activation: 'identity',
    init: 'orthogonal',
    bias: false,
    seed: 1,
  }),
  // Small entries again, standard deviation √(2/64) ≈ 0.18.
  'ReLU, He normal': mlp({ sizes, activation: 'relu', init: 'heNormal', bias: false, seed: 1 }),
};

// One batch of 16 examples: inputs and targets with independent standard normal entries.
const random = createRandom('batch');
const X = zeros(width, 16);
const Y = zeros(width, 16);
fillNormal(X.data, random);
fillNormal(Y.data, random);

const rows = [];
const series = [];
for (const [label, net] of Object.entries(networks)) {
  lossAndGradients(net, X, Y, 'mse');
  const grads = layerGradNorms(net); // per layer: ‖δ[l]‖ and ‖dW[l]‖
  const W = net.params.filter((p) => p.name.startsWith('W')).map((p) => p.value);
  const entries = W.reduce((sum, w) => sum + w.data.length, 0);
  const squares = W.reduce((sum, w) => sum + frobeniusNorm(w) ** 2, 0);
  rows.push({
    network: label,
    'largest |W_ij|': Math.max(...W.map(maxAbs)),
    'root mean square of W_ij': Math.sqrt(squares / entries),
    '‖δ[1]‖ / ‖δ[L]‖': grads[0].delta / grads[depth - 1].delta,
  });
  series.push({ label, values: grads.map((g, i) => g.dW / frobeniusNorm(W[i])) });
}
display(rows);
display(depthProfileChart({ quantity: '‖dW[l]‖ / ‖W[l]‖', series, labels: 'legend' }));
