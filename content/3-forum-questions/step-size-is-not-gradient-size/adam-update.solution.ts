/**
 * Adam on a list of weights: starting from zero moments, apply one update per gradient in
 * `gradients` (steps t = 1, 2, …) and return the weights after the last one.
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
  gradients.forEach((g, index) => {
    const t = index + 1;
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i];
      // m and s are averages that started at 0: after t steps their weights add up to
      // 1 − β^t, not 1.
      const mHat = m[i] / (1 - beta1 ** t);
      const sHat = s[i] / (1 - beta2 ** t);
      w[i] -= (learningRate * mHat) / (Math.sqrt(sHat) + epsilon);
    }
  });
  return w;
}
