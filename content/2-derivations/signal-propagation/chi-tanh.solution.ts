// χ₁ for tanh: iterate the length map to q*, then average the squared slope at q*.
import { gaussianExpectation } from '@gradscope/core';

export function chiTanh(weightVariance: number, biasVariance: number): number {
  let q = 1;
  for (let layer = 0; layer < 10_000; layer++) {
    const next =
      weightVariance * gaussianExpectation((z) => Math.tanh(z) ** 2, { variance: q, points: 200 }) +
      biasVariance;
    const settled = Math.abs(next - q) <= 1e-13 * next;
    q = next;
    if (settled) break;
  }
  const slopeSquared = gaussianExpectation((z) => (1 - Math.tanh(z) ** 2) ** 2, { variance: q, points: 200 });
  return weightVariance * slopeSquared;
}
