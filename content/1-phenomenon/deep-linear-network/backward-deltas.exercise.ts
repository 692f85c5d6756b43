/**
 * The backward pass of a linear network (g(z) = z, no biases).
 * `weights[l − 1]` is W^[l], an array of rows of shape n_l × n_(l−1);
 * `deltaL` is δ^[L] = ∂L/∂z^[L]. Return [δ^[1], …, δ^[L]], each an
 * array of n_l numbers, from δ^[l] = g′(z^[l]) ⊙ (W^[l+1])ᵀ δ^[l+1]
 * with g′ = 1.
 */
export function backwardDeltas(weights: number[][][], deltaL: number[]): number[][] {
  const L = weights.length;
  const deltas: number[][] = new Array(L);
  deltas[L - 1] = deltaL;
  for (let l = L - 1; l >= 1; l--) {
    // Fix this line: it multiplies by W^[l+1] itself,
    // as the forward pass would.
    deltas[l - 1] = multiply(weights[l], deltas[l]);
  }
  return deltas;
}

/** W·v for a matrix W given as rows. */
function multiply(W: number[][], v: number[]): number[] {
  return W.map((row) => row.reduce((sum, w, j) => sum + w * (v[j] ?? NaN), 0));
}
