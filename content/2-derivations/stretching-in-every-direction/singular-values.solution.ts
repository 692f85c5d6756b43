/**
 * The singular values [σ₁, σ₂] (largest first) of a 2×2 matrix
 * W = [[a, b], [c, d]], from the eigenvalues of WᵀW:
 * σᵢ = √(eigenvalue of WᵀW).
 */
export function singularValues2x2(W: number[][]): [number, number] {
  const [[a, b], [c, d]] = W;
  // WᵀW = [[a² + c², ab + cd], [ab + cd, b² + d²]]: symmetric, so its
  // eigenvalues are real and ≥ 0.
  const p = a * a + c * c;
  const q = a * b + c * d;
  const r = b * b + d * d;
  // The eigenvalues of [[p, q], [q, r]]: the mean of the diagonal ± the
  // radius √(((p − r)/2)² + q²).
  const mean = (p + r) / 2;
  const radius = Math.hypot((p - r) / 2, q);
  // Rounding can push the smaller one a hair below 0 for a nearly
  // singular W: clamp before the square root.
  return [Math.sqrt(mean + radius), Math.sqrt(Math.max(0, mean - radius))];
}
