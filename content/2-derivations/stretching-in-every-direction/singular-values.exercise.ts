/**
 * The singular values [σ₁, σ₂] (largest first) of a 2×2 matrix
 * W = [[a, b], [c, d]], from the eigenvalues of WᵀW:
 * σᵢ = √(eigenvalue of WᵀW).
 */
export function singularValues2x2(W: number[][]): [number, number] {
  // Replace this: the diagonal entries are the singular values of a
  // diagonal matrix only.
  const first = Math.abs(W[0][0]);
  const second = Math.abs(W[1][1]);
  return [Math.max(first, second), Math.min(first, second)];
}
