/**
 * The backward pass of a linear network (g(z) = z, no biases):
 * δ^[l] = (W^[l+1])ᵀ δ^[l+1], from l = L − 1 down to 1. Entry i of Wᵀu
 * is Σ_j W_ji·u_j: column i of W against u, so δ^[l] has as many
 * entries as W^[l+1] has columns (n_l), whatever the widths.
 */
export function backwardDeltas(weights: number[][][], deltaL: number[]): number[][] {
  const L = weights.length;
  const deltas: number[][] = new Array(L);
  deltas[L - 1] = deltaL;
  for (let l = L - 1; l >= 1; l--) {
    deltas[l - 1] = transposeMultiply(weights[l], deltas[l]);
  }
  return deltas;
}

/** Wᵀ·u for a matrix W given as rows. */
function transposeMultiply(W: number[][], u: number[]): number[] {
  const columns = W[0].length;
  const result = new Array<number>(columns).fill(0);
  W.forEach((row, j) => row.forEach((w, i) => (result[i] += w * u[j])));
  return result;
}
