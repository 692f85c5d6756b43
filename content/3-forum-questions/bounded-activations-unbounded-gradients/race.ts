// One step back through a width-200 tanh network, split in two: the weights multiply ‖δ‖²
// by about σ_w², then the slopes by about E[tanh'(z)²] (geometric means over layers 10–49).
// Larger weights saturate more units, yet the whole step grows.
import {
  chi,
  createRandom,
  fillNormal,
  layerGradNorms,
  lossAndGradients,
  meanFieldNetwork,
  zeros,
} from '@gradscope/core';

const biasVariance = 0.05;
const width = 200;
const depth = 50;
const from = 10; // skip the first layers, where q^l has not settled yet

const rows = [1, 2, 4, 8, 16].map((weightVariance) => {
  const options = { activation: 'tanh', weightVariance, biasVariance } as const;
  const net = meanFieldNetwork({ ...options, inputSize: width, width, depth, seed: 1 });
  const random = createRandom('bounded activations: batch');
  const X = zeros(width, 8);
  fillNormal(X.data, random);
  const Y = zeros(width, 8);
  fillNormal(Y.data, random);
  const { trace, gradients } = lossAndGradients(net, X, Y, 'mse');
  const delta = layerGradNorms(gradients).map((row) => row.delta);
  // dInput of layer l + 1 is (W[l+1])ᵀδ[l+1], before layer l's slopes multiply it.
  const arriving = gradients.layers.map(({ dInput }) => Math.hypot(...dInput.data));
  let weights = 0;
  let slopes = 0;
  let saturated = 0;
  let units = 0;
  for (let l = from; l < depth; l++) {
    weights += Math.log((arriving[l] / delta[l]) ** 2);
    slopes += Math.log((delta[l - 1] / arriving[l]) ** 2);
  }
  for (const { a } of trace.layers.slice(from - 1)) {
    for (const v of a.data) {
      if (1 - v * v < 0.01) saturated++; // slope below 1/100
      units++;
    }
  }
  const n = depth - from;
  return {
    'σ_w²': weightVariance,
    'saturated units': `${((100 * saturated) / units).toFixed(1)}%`,
    'weights ×': Math.exp(weights / n).toFixed(3),
    'slopes ×': Math.exp(slopes / n).toFixed(3),
    'one step ×': Math.exp((weights + slopes) / n).toFixed(3),
    'χ₁ (theory)': chi(options).toFixed(3),
  };
});
display(rows);
