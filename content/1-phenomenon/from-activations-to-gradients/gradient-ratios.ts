// Vanishing and exploding, measured: how large is each layer's gradient δ[l] = ∂L/∂z[l]
// compared with the last layer's, ‖δ[l]‖ / ‖δ[L]‖? One forward and backward pass of the mean
// squared error through networks of L layers of n units (hidden activation g, identity output),
// on a batch of random inputs and targets.
import {
  createRandom,
  fillNormal,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  zeros,
  type ActivationName,
  type InitializerSpec,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const L = 20; // layers
const n = 64; // units per layer
const m = 32; // examples in the batch

const random = createRandom(11);
const X = zeros(n, m);
fillNormal(X.data, random); // inputs with N(0, 1) entries
const Y = zeros(n, m);
fillNormal(Y.data, random); // targets with N(0, 1) entries

/** ‖δ[l]‖ / ‖δ[L]‖ for l = L, L − 1, …, 1: the ratio after 0, 1, …, L − 1 layers going back. */
function ratios(activation: ActivationName, init: InitializerSpec): number[] {
  const net = mlp({ sizes: new Array(L + 1).fill(n), activation, init, seed: 3 });
  const { gradients } = lossAndGradients(net, X, Y, 'mse');
  const delta = layerGradNorms(gradients).map((row) => row.delta); // ‖δ[1]‖, …, ‖δ[L]‖
  return delta.map((d) => d / delta[L - 1]).reverse();
}

// Each label starts with the activation, which sets its colour. Add your own lines.
const networks: { label: string; activation: ActivationName; init: InitializerSpec }[] = [
  { label: 'ReLU, He', activation: 'relu', init: 'heNormal' },
  { label: 'tanh, Xavier', activation: 'tanh', init: 'xavierNormal' },
  { label: 'sigmoid, Xavier', activation: 'sigmoid', init: 'xavierNormal' },
  { label: 'tanh, 3 × Xavier', activation: 'tanh', init: normalInit({ std: 3 / Math.sqrt(n) }) },
];

const series = networks.map((net) => ({ label: net.label, values: ratios(net.activation, net.init) }));
display(
  depthProfileChart({
    quantity: '‖δ[l]‖ / ‖δ[L]‖',
    xLabel: 'layers back from the output, L − l',
    firstLayer: 0,
    series,
    reference: 1,
  }),
);

// The factor per layer, as a geometric mean: (‖δ[1]‖ / ‖δ[L]‖)^(1/(L − 1)).
for (const s of series) console.log(s.label, 'per layer:', s.values[L - 1] ** (1 / (L - 1)));
