/**
 * Special functions: the error function and the standard normal density and distribution.
 *
 *   erf(x)  = (2/√π) ∫₀ˣ e^(−t²) dt,          erfc(x) = 1 − erf(x)
 *   φ(z)    = e^(−z²/2) / √(2π),              Φ(z)    = ½ erfc(−z/√2)
 *
 * The exact GELU, a = z·Φ(z) with g'(z) = Φ(z) + z·φ(z) (Hendrycks & Gimpel 2016), needs Φ accurate far into
 * the tails, and the theory lessons integrate against φ and Φ.
 *
 * erf and erfc use W. J. Cody's rational Chebyshev approximations, "Rational Chebyshev approximations for the
 * error function", Mathematics of Computation 23(107):631–637, 1969, with the coefficients of his routine
 * CALERF in SPECFUN (Cody, ACM TOMS 19(1):22–32, 1993, Algorithm 715). Three intervals: |x| ≤ 0.46875 (erf
 * directly), 0.46875 < |x| ≤ 4 and |x| > 4 (erfc, as e^(−x²) times a rational function). Relative error is
 * near 1e−16 in double precision; erfc keeps it in the far tail, where 1 − erf(x) would cancel to nothing.
 */

import { GradscopeArgumentError } from './errors.js';

// Cody's coefficients, printed with 18 digits in CALERF, written here as the nearest doubles (the same values
// a compiler reads from the 18-digit text).
// First interval: erf(x) ≈ x·P(x²)/Q(x²) for |x| ≤ 0.46875.
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;

// Second interval, 0.46875 < |x| ≤ 4: erfc(x) ≈ e^(−x²)·P(x)/Q(x).
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];

// Third interval, |x| > 4: erfc(x) ≈ (e^(−x²)/x)·(1/√π + P(1/x²)/Q(1/x²)/x²).
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];

const INV_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_HALF = Math.SQRT1_2;
/** Beyond this, erfc(x) < 2^−1074 underflows to 0 (Cody's XBIG for IEEE double). */
const ERFC_UNDERFLOW = 26.543;
const THRESHOLD = 0.46875;

/** erf(x) for |x| ≤ 0.46875, where the series-like form has no cancellation. */
function erfSmall(x: number): number {
  const x2 = x * x;
  const num = (((A4 * x2 + A0) * x2 + A1) * x2 + A2) * x2 + A3;
  const den = (((x2 + B0) * x2 + B1) * x2 + B2) * x2 + B3;
  return (x * num) / den;
}

/** erfc(y) for y > 0.46875. */
function erfcPositive(y: number): number {
  if (y >= ERFC_UNDERFLOW) return 0;
  let ratio: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    ratio = (num + C[7]) / (den + D[7]);
  } else {
    const inv2 = 1 / (y * y);
    let num = P[5] * inv2;
    let den = inv2;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * inv2;
      den = (den + Q[i]) * inv2;
    }
    ratio = (INV_SQRT_PI - (inv2 * (num + P[4])) / (den + Q[4])) / y;
  }
  // e^(−y²) is split as e^(−r²)·e^(−(y−r)(y+r)) with r = y rounded down to a multiple of 1/16, so that r² is
  // exact and the rounding error of y² is not amplified by the exponential (Cody's trick).
  const r = Math.trunc(y * 16) / 16;
  const del = (y - r) * (y + r);
  return Math.exp(-r * r) * Math.exp(-del) * ratio;
}

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, to a relative error near 1e−16 (Cody 1969).
 *
 * @example
 * ```ts
 * erf(0.5); // 0.5204998778130465
 * erf(-1); // -0.8427007929497149
 * ```
 */
export function erf(x: number): number {
  if (typeof x !== 'number') throw new GradscopeArgumentError('x', x, 'a number', 'erf');
  const y = Math.abs(x);
  if (y <= THRESHOLD) return erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const value = 1 - erfcPositive(y);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in the tail where 1 − erf(x) would cancel.
 *
 * @example
 * ```ts
 * erfc(0); // 1
 * erfc(5); // 1.537459794428035e-12
 * ```
 */
export function erfc(x: number): number {
  if (typeof x !== 'number') throw new GradscopeArgumentError('x', x, 'a number', 'erfc');
  const y = Math.abs(x);
  if (y <= THRESHOLD) return 1 - erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const tail = erfcPositive(y);
  return x < 0 ? 2 - tail : tail;
}

/**
 * The standard normal density φ(z) = e^(−z²/2) / √(2π).
 *
 * @example
 * ```ts
 * normalPdf(0); // 0.3989422804014327
 * ```
 */
export function normalPdf(z: number): number {
  if (typeof z !== 'number') throw new GradscopeArgumentError('z', z, 'a number', 'normalPdf');
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * The standard normal distribution function Φ(z) = P(Z ≤ z) = ½ erfc(−z/√2), computed through erfc so the
 * lower tail keeps its relative accuracy (Φ(−5) ≈ 2.87e−7 to ~15 digits, not 1 − 0.9999997…).
 *
 * @example
 * ```ts
 * normalCdf(0); // 0.5
 * normalCdf(-5); // 2.866515718791939e-7
 * ```
 */
export function normalCdf(z: number): number {
  if (typeof z !== 'number') throw new GradscopeArgumentError('z', z, 'a number', 'normalCdf');
  return 0.5 * erfc(-z * SQRT_HALF);
}
