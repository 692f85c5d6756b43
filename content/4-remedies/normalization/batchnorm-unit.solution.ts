/**
 * Batch normalization of one unit over a batch (Ioffe & Szegedy, Algorithm 1): given its pre-activations
 * z = [z_1, …, z_m] over the m examples of the batch, return γ·ẑ_j + β for each j, where
 * ẑ_j = (z_j − μ) / √(σ² + ε), μ the batch mean and σ² the batch variance (divided by m, not m − 1).
 */
export function batchNormUnit(z: number[], gamma: number, beta: number, epsilon: number) {
  const m = z.length;
  const mu = z.reduce((s, v) => s + v, 0) / m;
  const variance = z.reduce((s, v) => s + (v - mu) ** 2, 0) / m;
  const inverseStd = 1 / Math.sqrt(variance + epsilon);
  return z.map((v) => gamma * (v - mu) * inverseStd + beta);
}
