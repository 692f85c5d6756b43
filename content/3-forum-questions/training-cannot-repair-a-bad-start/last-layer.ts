// The forum's argument says the last layer is only one step from the loss, so its gradient
// should be sensible. Check it in the lecture's network: L layers of k·I, input x = (1, 1),
// target y = x. For each layer, dW^[l] = delta^[l]·a^[l−1]ᵀ: the gradient arriving from above
// times the layer's own input. Look at both factors, not only the first.
import { column, frobeniusNorm, layerGradNorms, linearNetwork, lossAndGradients } from '@gradscope/core';

const depth = 20;
const k = 1.5;
const x = column([1, 1]);
const y = column([1, 1]);

const net = linearNetwork(depth, k);
const { trace, gradients } = lossAndGradients(net, x, y, 'mse');
const norms = layerGradNorms(gradients); // norms[l − 1] is layer l's
// a^[l−1], the input of layer l: x for layer 1, then the activation of the layer below.
const inputOf = (l: number) => frobeniusNorm(l === 1 ? x : trace.layers[l - 2].a);

display(
  [1, 2, 10, depth - 1, depth].map((l) => ({
    layer: l,
    '‖delta[l]‖ (from above)': norms[l - 1].delta,
    '‖a[l−1]‖ (its input)': inputOf(l),
    '‖dW[l]‖': norms[l - 1].dW,
  })),
);
// Every layer's gradient is the same, |k^L − 1|·|k|^(L−1)·‖x‖²:
console.log('closed form:', Math.abs(k ** depth - 1) * Math.abs(k) ** (depth - 1) * 2);
console.log('last / first:', norms[depth - 1].dW / norms[0].dW);
