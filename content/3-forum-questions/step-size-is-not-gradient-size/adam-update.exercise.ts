/**
 * Adam on a list of weights: starting from zero moments, apply one update per gradient in
 * `gradients` (steps t = 1, 2, …) and return the weights after the last one. For each weight,
 * at step t with gradient g:
 *
 *   m ← β1·m + (1 − β1)·g            s ← β2·s + (1 − β2)·g²
 *   m̂ = m / (1 − β1^t)               ŝ = s / (1 − β2^t)
 *   w ← w − η·m̂ / (√ŝ + ε)
 */
export function adamUpdate(
  weights: number[],
  gradients: number[][],
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-8,
): number[] {
  const w = [...weights];
  const m = w.map(() => 0);
  const s = w.map(() => 0);
  gradients.forEach((g) => {
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i];
      // The starter divides the raw averages: m and s start at 0, so early on both are too
      // small. Correct them for that (m̂ and ŝ above) before the update.
      w[i] -= (learningRate * m[i]) / (Math.sqrt(s[i]) + epsilon);
    }
  });
  return w;
}
