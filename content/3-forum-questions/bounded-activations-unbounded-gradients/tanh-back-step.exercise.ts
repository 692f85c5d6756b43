// One step of backpropagation through a tanh layer, for one example:
// from δ[l+1] = ∂L/∂z[l+1] to δ[l] = ∂L/∂z[l].
//   W      W[l+1]: row i is unit i of layer l + 1,
//          column j is unit j of layer l
//   z      z[l], the pre-activations of layer l
//   delta  δ[l+1]
//
// This starter does what the question imagines: it squeezes the
// backward signal into (−1, 1) with tanh, as the forward pass does
// with the activations. The backward pass does nothing of the kind.
export function tanhBackStep(W: number[][], z: number[], delta: number[]): number[] {
  return z.map((_, j) => {
    // What arrives at unit j: the j-th entry of (W[l+1])ᵀδ[l+1]
    const arriving = delta.reduce((sum, d, i) => sum + W[i][j] * d, 0);
    return Math.tanh(arriving); // wrong: a gradient is not an activation
  });
}
