/**
 * Batch normalization of one unit over a batch (Ioffe & Szegedy, Algorithm 1): given its pre-activations
 * z = [z_1, …, z_m] over the m examples of the batch, return γ·ẑ_j + β for each j, where
 * ẑ_j = (z_j − μ) / √(σ² + ε), μ the batch mean and σ² the batch variance (divided by m, not m − 1).
 */
export function batchNormUnit(z: number[], gamma: number, beta: number, epsilon: number) {
  // "It only rescales": divides by the largest |z| so every value lands in [−1, 1]. Not what batch norm does.
  const largest = Math.max(...z.map(Math.abs));
  return z.map((v) => gamma * (v / (largest + epsilon)) + beta);
}
