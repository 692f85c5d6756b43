// ‖δ^[l]‖ / ‖δ^[L−1]‖ in depth-50 networks of width 32 at initialization (ReLU at He, tanh at Xavier,
// no biases), with and without batch or layer normalization, on a batch of 32 and the squared error.
import {
  createRandom,
  frobeniusNorm,
  lossAndGradients,
  mlp,
  normalInit,
  teacherRegression,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 50;
const width = 32;
const seed = 1;
const data = teacherRegression({ inputSize: width, samples: 32, random: createRandom(2) });

const series = [];
for (const activation of ['relu', 'tanh'] as const) {
  for (const norm of [undefined, 'batch', 'layer'] as const) {
    const net = mlp({
      sizes: [width, ...new Array(depth - 1).fill(width), 1],
      activation,
      init: normalInit({ variance: (activation === 'relu' ? 2 : 1) / width }),
      bias: false,
      norm,
      seed,
    });
    lossAndGradients(net, data.x, data.y, 'mse');
    // δ^[l] = ∂L/∂z^[l] at each dense layer's output (before its normalization), hidden layers only.
    const deltas = net.layers
      .filter((layer) => layer.kind === 'dense')
      .slice(0, depth - 1)
      .map((layer) => frobeniusNorm(layer.lastGradients!.delta));
    const values = deltas.map((d) => d / deltas[depth - 2]);
    const label = `${norm ? `${norm} norm` : 'plain'}, ${activation}`;
    console.log(`${label}: ‖δ[1]‖/‖δ[${depth - 1}]‖ = ${values[0]}`);
    series.push({ label, values });
  }
}
display(
  depthProfileChart({ quantity: '‖δ[l]‖ / ‖δ[L−1]‖ (log scale)', series, reference: 1, labels: 'legend' }),
);
