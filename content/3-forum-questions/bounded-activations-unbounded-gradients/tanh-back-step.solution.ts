// δ[l] = tanh'(z[l]) ⊙ (W[l+1])ᵀδ[l+1], with tanh'(z) = 1 − tanh²(z):
// the weights, then the slopes. Nothing squeezes δ.
export function tanhBackStep(W: number[][], z: number[], delta: number[]): number[] {
  return z.map((zj, j) => {
    const arriving = delta.reduce((sum, d, i) => sum + W[i][j] * d, 0);
    return (1 - Math.tanh(zj) ** 2) * arriving;
  });
}
