/**
 * Expectations over a Gaussian, E_{z~N(μ, q)}[f(z)], the one integral the mean-field theory of deep networks
 * needs: the variance map q^l = σ_w² E[φ(z)²] + σ_b² and the gradient factor χ = σ_w² E[φ'(z)²] (see
 * theory.ts).
 *
 * Two rules:
 * - **Gauss–Hermite** (`gaussHermite`, `gaussianExpectation`): ∫ e^{−x²} f(x) dx ≈ Σ_i w_i f(x_i), exact for
 *   polynomials of degree < 2n. With z = μ + √(2q)·x, E[f(z)] = π^{−1/2} Σ_i w_i f(μ + √(2q)·x_i). Nodes are
 *   the roots of the Hermite polynomial H_n: eigenvalues of the Jacobi matrix (Golub & Welsch, "Calculation
 *   of Gauss quadrature rules", Math. Comp. 23, 1969), polished by Newton's method on the three-term
 *   recurrence of the orthonormal Hermite polynomials p̃_j, as in Numerical Recipes (Press, Teukolsky,
 *   Vetterling & Flannery, 3rd ed., §4.6, routine `gauher`); the weights are w_i = 2 / p̃_n'(x_i)², accurate
 *   even where they are 1e−200. Fast and exact for smooth f that varies on the scale of √q, but slow to
 *   converge when f has a kink (ReLU) or bends over a width much narrower than √q (tanh at q = 100): then use
 *   the next rule.
 * - **Composite Gauss–Legendre in z** (`gaussianExpectationPiecewise`): panels end exactly at the breakpoints
 *   where f or a derivative jumps, are no wider than √q, and no wider than f's own feature width near the
 *   breakpoints; each panel gets an n-point Gauss–Legendre rule (nodes by Newton on the Legendre recurrence,
 *   Numerical Recipes `gauleg`). The Gaussian tails beyond 12√q (mass 3.6e−33) are dropped.
 */

import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectNonNegativeNumber,
  expectPositiveNumber,
} from './errors.js';

/** Nodes and weights of an n-point quadrature rule, nodes in increasing order. */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** The largest rule `gaussHermite` computes: beyond it the outer weights underflow to 0 anyway. */
const MAX_HERMITE_POINTS = 600;
const MAX_LEGENDRE_POINTS = 200;

const hermiteCache = new Map<number, QuadratureRule>();
const legendreCache = new Map<number, QuadratureRule>();

/**
 * The n-point Gauss–Hermite rule for ∫_{−∞}^{∞} e^{−x²} f(x) dx ≈ Σ_i weights[i]·f(nodes[i]).
 * Exact for polynomials f of degree up to 2n − 1; the weights sum to √π. Computed once per n and cached;
 * each call returns fresh copies, so changing them does not corrupt later calls.
 *
 * @param n number of nodes, 1 ≤ n ≤ 600.
 * @example
 * ```ts
 * const { nodes, weights } = gaussHermite(3);
 * // nodes ≈ [−1.2247, 0, 1.2247] (±√(3/2)), weights ≈ [0.2954, 1.1816, 0.2954]
 * ```
 */
export function gaussHermite(n: number): QuadratureRule {
  const rule = hermiteRule(n, 'gaussHermite');
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}

function hermiteRule(n: number, context: string, argument = 'n'): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > MAX_HERMITE_POINTS) {
    throw new GradscopeArgumentError(argument, n, `an integer between 1 and ${MAX_HERMITE_POINTS}`, context);
  }
  const cached = hermiteCache.get(n);
  if (cached) return cached;

  // Golub & Welsch (Math. Comp. 23, 1969): the nodes are the eigenvalues of the Jacobi matrix of the Hermite
  // recurrence (zero diagonal, off-diagonal √(k/2)). The eigenvalues are accurate to ~1e−15·√n in absolute
  // terms; two Newton steps on p̃_n then polish each to full relative precision. (Newton from Numerical
  // Recipes' extrapolated guesses alone fails from n ≈ 200: a guess lands past the next root.)
  const half = n >> 1;
  const eigenvalues = jacobiEigenvalues(n);
  const positive = new Float64Array(half);
  for (let i = 0; i < half; i++) {
    let z = eigenvalues[n - 1 - i];
    for (let iteration = 0; iteration < 3; iteration++) {
      const { value, slope } = orthonormalHermite(n, z);
      if (value === 0) break;
      z -= value / slope;
    }
    positive[i] = z;
  }

  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  // w = 2/p̃_n'(x)², evaluated at the converged root (p̃_n' = √(2n)·p̃_{n−1}).
  const weightAt = (x: number): number => 2 / orthonormalHermite(n, x).slope ** 2;
  for (let i = 0; i < half; i++) {
    const w = weightAt(positive[i]);
    nodes[i] = -positive[i];
    weights[i] = w;
    nodes[n - 1 - i] = positive[i];
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) {
    nodes[half] = 0;
    weights[half] = weightAt(0);
  }
  const rule = { nodes, weights };
  hermiteCache.set(n, rule);
  return rule;
}

/**
 * p̃_n(x) and p̃_n'(x) for the orthonormal Hermite polynomials, by the recurrence
 * p̃_j = x·√(2/j)·p̃_{j−1} − √((j−1)/j)·p̃_{j−2}, p̃_0 = π^{−1/4}: its values stay representable where plain
 * H_n would overflow for n ≈ 150; p̃_n' = √(2n)·p̃_{n−1}.
 */
function orthonormalHermite(n: number, x: number): { value: number; slope: number } {
  let p1 = 0.7511255444649425; // π^{−1/4}
  let p2 = 0;
  for (let j = 1; j <= n; j++) {
    const p3 = p2;
    p2 = p1;
    p1 = x * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
  }
  return { value: p1, slope: Math.sqrt(2 * n) * p2 };
}

/**
 * The eigenvalues, in increasing order, of the n × n symmetric tridiagonal Jacobi matrix of the Hermite
 * weight e^{−x²}: zero diagonal, off-diagonal entries √(k/2) for k = 1 … n − 1. The QL algorithm with
 * implicit Wilkinson shifts (Numerical Recipes §11.4, `tqli`; EISPACK `tql1`).
 */
function jacobiEigenvalues(n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples rows i and i + 1; e[n − 1] = 0
  for (let i = 0; i < n - 1; i++) e[i] = Math.sqrt((i + 1) / 2);
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; iteration < 60; iteration++) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > Number.EPSILON * (Math.abs(d[m]) + Math.abs(d[m + 1]))) m++;
      if (m === l) break;
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}

/**
 * The n-point Gauss–Legendre rule for ∫_{−1}^{1} f(x) dx ≈ Σ_i weights[i]·f(nodes[i]), exact for polynomials
 * of degree up to 2n − 1; the weights sum to 2. Cached per n; returns fresh copies.
 *
 * @param n number of nodes, 1 ≤ n ≤ 200.
 * @example
 * ```ts
 * gaussLegendre(2); // nodes ±1/√3, weights [1, 1]
 * ```
 */
export function gaussLegendre(n: number): QuadratureRule {
  const rule = legendreRule(n, 'gaussLegendre');
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}

function legendreRule(n: number, context: string, argument = 'n'): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > MAX_LEGENDRE_POINTS) {
    throw new GradscopeArgumentError(argument, n, `an integer between 1 and ${MAX_LEGENDRE_POINTS}`, context);
  }
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = (n + 1) >> 1;
  for (let i = 0; i < half; i++) {
    // Tricomi's approximation of the i-th largest root (Numerical Recipes, gauleg), then Newton on P_n.
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    if (n % 2 === 1 && i === half - 1) z = 0;
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - z * z) * derivative * derivative);
  }
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}

/** Options of `gaussianExpectation`. */
export interface GaussianExpectationOptions {
  /** The variance q of z (not its standard deviation). Default 1. */
  readonly variance?: number;
  /** The mean of z. Default 0. */
  readonly mean?: number;
  /** Gauss–Hermite nodes, 1 to 600. Default 80. */
  readonly points?: number;
}

const hermiteDefaults = { variance: 1, mean: 0, points: 80 };

/**
 * E_{z~N(mean, variance)}[f(z)] by Gauss–Hermite quadrature with n = `points` nodes: π^{−1/2} Σ_i w_i f(mean +
 * √(2·variance)·x_i). Exact (up to rounding) for polynomials of degree < 2n; accurate to near machine
 * precision for f smooth on the scale of √variance (tanh or the sigmoid's slope at variance ≲ 4). For kinks
 * that are not at the mean, or features much narrower than √variance, use `gaussianExpectationPiecewise`.
 * Variance 0 gives f(mean).
 *
 * @example
 * ```ts
 * gaussianExpectation((z) => z ** 4, { variance: 2 }); // 3·2² = 12
 * gaussianExpectation((z) => Math.tanh(z) ** 2); // ≈ 0.3943
 * ```
 */
export function gaussianExpectation(
  f: (z: number) => number,
  options: GaussianExpectationOptions = {},
): number {
  const context = 'gaussianExpectation';
  expectFunction('f', f, context);
  expectKnownKeys('options', options, ['variance', 'mean', 'points'], '{ variance: 2 }', context);
  const variance = expectNonNegativeNumber(
    'options.variance',
    options.variance ?? hermiteDefaults.variance,
    context,
  );
  const mean = expectFiniteNumber('options.mean', options.mean ?? hermiteDefaults.mean, context);
  const rule = hermiteRule(options.points ?? hermiteDefaults.points, context, 'options.points');
  if (variance === 0) return f(mean);
  const { nodes, weights } = rule;
  const scale = Math.sqrt(2 * variance);
  let sum = 0;
  for (let i = 0; i < nodes.length; i++) sum += weights[i] * f(mean + scale * nodes[i]);
  return sum / Math.sqrt(Math.PI);
}

/** Options of `gaussianExpectationPiecewise`. */
export interface PiecewiseExpectationOptions {
  /** The variance q of z. Default 1. */
  readonly variance?: number;
  /** The mean of z. Default 0. */
  readonly mean?: number;
  /** Points where f or one of its derivatives jumps (ReLU's 0); panels end exactly there. Default [0]. */
  readonly breakpoints?: readonly number[];
  /**
   * How far from a breakpoint f still bends: within 12 feature widths of each breakpoint, panels are at most
   * one feature width wide, however large the variance (tanh bends over |z| ≲ 1, so 1). Default 1.
   */
  readonly featureWidth?: number;
  /**
   * Gauss–Legendre nodes per panel. Default 12: on a panel of half-width h, the error falls like ρ^{−2n} with
   * ρ ≈ 2d/h for a pole at distance d from the real axis (tanh: d = π/2 ≥ 3h), so 12 nodes reach ~1e−19.
   */
  readonly pointsPerPanel?: number;
}

const piecewiseDefaults = { variance: 1, mean: 0, breakpoints: [0], featureWidth: 1, pointsPerPanel: 12 };
const PIECEWISE_KEYS = ['variance', 'mean', 'breakpoints', 'featureWidth', 'pointsPerPanel'];

/** Gaussian tails beyond this many standard deviations hold 2Φ(−12) ≈ 3.6e−33 of the mass and are dropped. */
const TAIL_SIGMAS = 12;

/**
 * E_{z~N(mean, variance)}[f(z)] by composite Gauss–Legendre quadrature on panels that end at f's breakpoints
 * and resolve both the Gaussian (panels ≤ √variance wide) and f's own features near the breakpoints (panels ≤
 * `featureWidth` wide there). Accurate to ~1e−14 for the activations of this engine at any variance from
 * 1e−20 to 1e20, kinks included; costs a few hundred to a thousand evaluations of f. Variance 0 gives
 * f(mean).
 *
 * @example
 * ```ts
 * // E[relu'(z)²] at any variance is 1/2; tanh at a variance far beyond Gauss–Hermite's comfort zone:
 * gaussianExpectationPiecewise((z) => (z > 0 ? 1 : 0), { variance: 3 }); // 0.5
 * gaussianExpectationPiecewise((z) => 1 / Math.cosh(z) ** 4, { variance: 400 }); // ≈ 0.0266
 * ```
 */
export function gaussianExpectationPiecewise(
  f: (z: number) => number,
  options: PiecewiseExpectationOptions = {},
): number {
  const context = 'gaussianExpectationPiecewise';
  expectFunction('f', f, context);
  expectKnownKeys('options', options, PIECEWISE_KEYS, '{ variance: 4, breakpoints: [0] }', context);
  const variance = expectNonNegativeNumber(
    'options.variance',
    options.variance ?? piecewiseDefaults.variance,
    context,
  );
  const mean = expectFiniteNumber('options.mean', options.mean ?? piecewiseDefaults.mean, context);
  const featureWidth = expectPositiveNumber(
    'options.featureWidth',
    options.featureWidth ?? piecewiseDefaults.featureWidth,
    context,
  );
  const breakpoints = options.breakpoints ?? piecewiseDefaults.breakpoints;
  if (!Array.isArray(breakpoints)) {
    throw new GradscopeArgumentError(
      'options.breakpoints',
      breakpoints,
      'an array of finite numbers',
      context,
    );
  }
  breakpoints.forEach((b, i) => expectFiniteNumber(`options.breakpoints[${i}]`, b, context));
  const rule = legendreRule(
    options.pointsPerPanel ?? piecewiseDefaults.pointsPerPanel,
    context,
    'options.pointsPerPanel',
  );
  return piecewiseExpectation(f, variance, mean, breakpoints, featureWidth, rule);
}

/**
 * `gaussianExpectationPiecewise` without the checks, for the engine's own inner loops (the mean-field double
 * integrals call it hundreds of times per value).
 *
 * @internal
 * @example
 * ```ts
 * piecewiseExpectation(Math.tanh, 2, 0.5, [0], 1, gaussLegendre(12)); // E[tanh(z)], z ~ N(0.5, 2)
 * ```
 */
export function piecewiseExpectation(
  f: (z: number) => number,
  variance: number,
  mean: number,
  breakpoints: readonly number[],
  featureWidth: number,
  rule: QuadratureRule,
): number {
  if (variance === 0) return f(mean);

  const sigma = Math.sqrt(variance);
  const low = mean - TAIL_SIGMAS * sigma;
  const high = mean + TAIL_SIGMAS * sigma;
  const edges: number[] = [];
  for (let k = -TAIL_SIGMAS; k <= TAIL_SIGMAS; k++) edges.push(mean + k * sigma);
  for (const b of breakpoints) {
    for (let j = -TAIL_SIGMAS; j <= TAIL_SIGMAS; j++) {
      const edge = b + j * featureWidth;
      if (edge > low && edge < high) edges.push(edge);
    }
  }
  edges.sort((a, b) => a - b);

  const { nodes, weights } = rule;
  const normalization = 1 / (sigma * Math.sqrt(2 * Math.PI));
  // Edges closer than this are one edge counted twice (the two grids meet); relative to the narrower scale, so a
  // tiny variance keeps its panels.
  const minimumWidth = 1e-13 * Math.min(sigma, featureWidth);
  let sum = 0;
  let left = edges[0];
  for (let e = 1; e < edges.length; e++) {
    const right = edges[e];
    if (right - left <= minimumWidth) continue; // coincident edges from the two grids
    const halfWidth = (right - left) / 2;
    const middle = (right + left) / 2;
    let panel = 0;
    for (let i = 0; i < nodes.length; i++) {
      const z = middle + halfWidth * nodes[i];
      const u = (z - mean) / sigma;
      panel += weights[i] * f(z) * Math.exp(-0.5 * u * u);
    }
    sum += panel * halfWidth;
    left = right;
  }
  return sum * normalization;
}

function expectFunction(argument: string, value: unknown, context: string): void {
  if (typeof value !== 'function') {
    throw new GradscopeArgumentError(argument, value, 'a function of one number, z => f(z)', context);
  }
}
