// χ₁ for a tanh network with weight variance σ_w² (weightVariance) and bias variance σ_b² (biasVariance):
//   1. iterate the length map q ↦ σ_w²·E[tanh(z)²] + σ_b², z ~ N(0, q), from q = 1 until it stops moving: q*;
//   2. return χ₁ = σ_w²·E[tanh'(z)²] with z ~ N(0, q*), where tanh'(z) = 1 − tanh(z)².
// gaussianExpectation(f, { variance: q, points: 200 }) computes E[f(z)] for z ~ N(0, q) by Gauss–Hermite
// quadrature; 200 points keep it accurate to about 1e−9 when q is large and tanh's slope narrow beside √q.
import { gaussianExpectation } from '@gradscope/core';

export function chiTanh(weightVariance: number, biasVariance: number): number {
  const qStar = 1 + 0 * biasVariance; // replace: iterate the length map to its fixed point
  const slopeSquared = gaussianExpectation(() => NaN, { variance: qStar }); // replace: E[tanh'(z)²]
  return weightVariance * slopeSquared;
}
