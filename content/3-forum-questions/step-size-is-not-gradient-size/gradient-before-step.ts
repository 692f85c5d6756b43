// The gradient of the first step is computed before the learning rate is used. Train the
// lesson's network for one step at three learning rates and three initial scales k, and
// read each layer's gradient at that step.
import {
  createRandom,
  fillNormal,
  fit,
  forward,
  frobeniusNorm,
  identity,
  linearNetwork,
  mlp,
  sgd,
  subtract,
  whiten,
  zeros,
} from '@gradscope/core';

// 8 examples of 8 inputs, whitened so that (1/m)·X·Xᵀ = I; the targets come from a linear
// teacher, y = A·x.
const x0 = zeros(8, 8);
fillNormal(x0.data, createRandom(1));
const x = whiten(x0);
const teacher = mlp({ sizes: [8, 8], activation: 'identity', bias: false, seed: 11 });
const y = forward(teacher, x).output;
const A = teacher.params[0].value;

const depth = 12;
const rows = [];
for (const k of [0.5, 1, 1.5]) {
  for (const learningRate of [1e-6, 1e-3, 1]) {
    const net = linearNetwork(depth, k, 8); // every W[l] = k·I, g(z) = z, no bias
    const { history } = fit(net, { x, y }, { optimizer: sgd({ learningRate }), steps: 1 });
    const norms = history.layerGradNorms[0]; // ‖dW[l]‖ at step 1, for l = 1 … 12
    rows.push({
      k,
      'learning rate': learningRate,
      '‖dW[1]‖': norms[0],
      '‖dW[12]‖': norms[depth - 1],
      // With whitened inputs every layer's gradient is k^(L−1)·(k^L·I − A): its norm,
      // computed without the network.
      'closed form': k ** (depth - 1) * frobeniusNorm(subtract(identity(8, k ** depth), A)),
    });
  }
}
display(rows);
