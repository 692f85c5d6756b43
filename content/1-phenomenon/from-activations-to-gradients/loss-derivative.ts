// Where the backward pass starts. The lecture's network (L layers of k·I, g(z) = z, no biases)
// now has a target, y = x = (1, 1): the loss is ½‖ŷ − y‖² and its derivative is dA^[L] = ŷ − y
// (one example, m = 1). Is dA^[L] small when the output ŷ is small? And how large is the first
// layer's gradient dW^[1]?
import { column, layerGradNorms, linearNetwork, lossAndGradients, vectorNorm } from '@gradscope/core';

const x = column([1, 1]);
const y = column([1, 1]); // try column([0, 0]): the target of the first lesson

const rows = [];
for (const k of [1.5, 0.5]) {
  for (const L of [1, 5, 10, 20]) {
    const net = linearNetwork(L, k);
    const { trace, gradients } = lossAndGradients(net, x, y, 'mse');
    const norms = layerGradNorms(gradients);
    rows.push({
      k,
      L,
      'ŷ₁': trace.output.data[0],
      '‖dA[L]‖ = ‖ŷ − y‖': norms[L - 1].delta, // with g(z) = z, δ[L] = dA[L]
      '‖dW[1]‖': norms[0].dW,
      // Going back to layer 1 multiplies by (k·I)ᵀ L − 1 times, and a[0] = x, so
      // dW[1] = k^(L−1)·(ŷ − y)·xᵀ and ‖dW[1]‖ = k^(L−1)·‖ŷ − y‖·‖x‖.
      'k^(L−1)·‖ŷ − y‖·‖x‖': k ** (L - 1) * norms[L - 1].delta * vectorNorm(x.data),
    });
  }
}
display(rows);
