/**
 * The digamma function ψ(x) = d/dx ln Γ(x) and its derivative, the trigamma function ψ'(x), for x > 0. They give
 * the mean and variance of the logarithm of a chi-square variable: for χ²_n (the squared length of n independent
 * standard normals), E[ln χ²_n] = ln 2 + ψ(n/2) and Var[ln χ²_n] = ψ'(n/2). That is what the typical stretch of
 * a Gaussian layer is made of (lyapunov.ts).
 *
 * Both use the recurrences ψ(x) = ψ(x + 1) − 1/x and ψ'(x) = ψ'(x + 1) + 1/x² to move x to 10 or beyond, then the
 * asymptotic series in the Bernoulli numbers (Abramowitz & Stegun, Handbook of Mathematical Functions, 6.3.18 and
 * 6.4.12), whose first omitted term is below 1e−16 relative there.
 */

import { expectPositiveNumber } from './errors.js';

/**
 * ψ(x) = Γ'(x)/Γ(x) for x > 0.
 *
 * @example
 * ```ts
 * digamma(1); // −0.5772156649015329, minus the Euler–Mascheroni constant
 * digamma(128) - Math.log(128); // ≈ −0.0039113: ψ(x) ≈ ln x − 1/(2x) for large x
 * ```
 */
export function digamma(x: number): number {
  let v = expectPositiveNumber('x', x, 'digamma');
  let shift = 0;
  while (v < 10) {
    shift -= 1 / v;
    v += 1;
  }
  const r = 1 / (v * v);
  const series =
    r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
  return shift + Math.log(v) - 0.5 / v - series;
}

/**
 * ψ'(x), the derivative of the digamma function, for x > 0.
 *
 * @example
 * ```ts
 * trigamma(1); // 1.6449340668482264 = π²/6
 * ```
 */
export function trigamma(x: number): number {
  let v = expectPositiveNumber('x', x, 'trigamma');
  let shift = 0;
  while (v < 10) {
    shift += 1 / (v * v);
    v += 1;
  }
  const r = 1 / (v * v);
  const series =
    r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730 - (r * 7) / 6))))));
  return shift + 1 / v + 0.5 * r + series / v;
}
