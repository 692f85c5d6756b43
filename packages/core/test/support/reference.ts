/**
 * Independent numerical references the tests compare the engine against, and the error measure they use.
 */

/** The relative error |actual − expected| / |expected|. */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/**
 * E_{z~N(0, v)}[f(z)] by the trapezoid rule with 16 000 steps over ±40 standard deviations. For an analytic
 * integrand whose nearest complex singularity is at distance d from the real axis, the trapezoid rule's error
 * falls like e^{−2πd/h} (Trefethen & Weideman, SIAM Review 2014): with h = σ/200 that is far below 1e−15 for
 * tanh (d = π/2) and the sigmoid (d = π), so this is an independent reference at full float64 accuracy. A loop
 * that needs thousands of them can take 40 steps per σ over ±12σ (tails 3.6e−33): for tanh at σ ≤ 2 the error
 * e^{−2π(π/2)·40/σ} is still far below rounding.
 */
export function trapezoidExpectation(
  f: (z: number) => number,
  variance: number,
  stepsPerSigma = 200,
  sigmas = 40,
): number {
  const sigma = Math.sqrt(variance);
  const h = sigma / stepsPerSigma;
  const n = stepsPerSigma * sigmas;
  let sum = 0;
  for (let i = -n; i <= n; i++) {
    const z = i * h;
    sum += f(z) * Math.exp((-z * z) / (2 * variance));
  }
  return (sum * h) / (sigma * Math.sqrt(2 * Math.PI));
}
