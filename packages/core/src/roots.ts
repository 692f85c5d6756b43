/**
 * Root finding for the theory modules: where a map meets the diagonal (a fixed point q* or c*), or where χ crosses 1.
 */

/**
 * A zero of f in [a, b], given f(a) and f(b) of opposite signs (or one of them 0), to a relative `tolerance`:
 * Brent's method (Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4, "zeroin"), inverse
 * quadratic interpolation safeguarded by bisection, so it never leaves the bracket.
 *
 * @internal
 * @example
 * ```ts
 * brent((x) => x * x - 2, 1, 2, -1, 2, 1e-15); // 1.4142135623730951
 * ```
 */
export function brent(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  tolerance: number,
): number {
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < 200; i++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      [a, b, c] = [b, c, b];
      [fa, fb, fc] = [fb, fc, fb];
    }
    const tol = (2 * Number.EPSILON + tolerance) * Math.abs(b) + 1e-300;
    const m = (c - b) / 2;
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Inverse quadratic interpolation (secant when only two points are distinct).
      const s = fb / fa;
      let p: number;
      let r: number;
      if (a === c) {
        p = 2 * m * s;
        r = 1 - s;
      } else {
        const t = fa / fc;
        const u = fb / fc;
        p = s * (2 * m * t * (t - u) - (b - a) * (u - 1));
        r = (t - 1) * (u - 1) * (s - 1);
      }
      if (p > 0) r = -r;
      else p = -p;
      if (2 * p < Math.min(3 * m * r - Math.abs(tol * r), Math.abs(e * r))) {
        e = d;
        d = p / r;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
