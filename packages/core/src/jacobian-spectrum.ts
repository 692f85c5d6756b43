/**
 * The singular values of a network's input–output Jacobian J = ∂ŷ/∂x, and of the Jacobians J_l = ∂a^[l]/∂x of its
 * first l layers for every depth l: the figure "spectrum against depth" of Pennington, Schoenholz & Ganguli,
 * "Resurrecting the sigmoid in deep learning through dynamical isometry: theory and practice" (NeurIPS 2017).
 * A network is dynamically isometric when all singular values of J stay near 1 as it deepens: then every
 * direction of a gradient passes back through it unchanged, not only its average size. Orthogonal weights in a
 * linear network are exactly isometric (every singular value is 1 at every depth); Gaussian weights of the same
 * mean-square size keep the *mean* of σ² at 1 while the spread of σ grows with depth.
 *
 * For dense layers J_l = D^[l]·W^[l]·J_{l−1}, J_0 = I, with D^[l] = diag(g'(z^[l])) read from one forward pass.
 * The product is formed in float64 and rescaled by a power of two after every layer (exact), the scale kept
 * apart as a base-2 exponent, so a J whose entries would overflow or underflow float64 (1.5^2000) still has
 * finite logarithms of its singular values. Other layer kinds (normalization, residual blocks) take each J_l
 * from backpropagation through the first l layers (`inputOutputJacobian`), with no rescaling.
 */

import { GradscopeArgumentError, expectKnownKeys, expectPositiveInteger } from './errors.js';
import { inputOutputJacobian } from './jacobian.js';
import type { DenseLayer } from './dense.js';
import { fromData, isMatrix, type Matrix } from './matrix.js';
import { expectNetwork, forward, network, type Network } from './network.js';
import { singularValues } from './svd.js';

/**
 * The singular values of the input–output Jacobian ∂ŷ/∂x at the point x (an n_0 × 1 column), descending:
 * min(n_L, n_0) of them. J comes from `inputOutputJacobian` (exact backpropagation in the network's dtype, eval
 * mode). All NaN when J has a non-finite entry (a network that overflowed in its own dtype); then
 * `jacobianSpectrumByDepth`, which multiplies in float64 with rescaling, still answers for dense networks.
 *
 * @example
 * ```ts
 * jacobianSingularValues(linearNetwork(20, 1.5), column([1, 1])); // Float64Array [3325.26, 3325.26] = 1.5^20
 * const net = mlp({ sizes: [4, 4, 4], activation: 'identity', init: 'orthogonal', bias: false, seed: 1 });
 * jacobianSingularValues(net, column([1, 2, 3, 4])); // ≈ [1, 1, 1, 1]: dynamical isometry
 * ```
 */
export function jacobianSingularValues(net: Network, x: Matrix): Float64Array {
  expectNetwork('net', net, 'jacobianSingularValues');
  expectPoint(net, x, 'jacobianSingularValues');
  const J = inputOutputJacobian(net, x);
  return allFinite(J) ? singularValues(J) : undefinedSpectrum(J);
}

/** Throws unless x is one example for `net`: an n_0 × 1 column. */
function expectPoint(net: Network, x: unknown, context: string): void {
  if (!isMatrix(x) || x.rows !== net.inputSize || x.cols !== 1) {
    throw new GradscopeArgumentError(
      'x',
      x,
      `a ${net.inputSize}×1 matrix: one example, as a column of the network's ${net.inputSize} input features`,
      context,
    );
  }
}

function allFinite(m: Matrix): boolean {
  for (let i = 0; i < m.data.length; i++) if (!Number.isFinite(m.data[i])) return false;
  return true;
}

/** An overflowed (or NaN) Jacobian has no singular values to speak of: NaN, one per would-be value. */
function undefinedSpectrum(m: Matrix): Float64Array {
  return new Float64Array(Math.min(m.rows, m.cols)).fill(NaN);
}

/** The spectrum of J_l = ∂a^[l]/∂x for one depth l (see `jacobianSpectrumByDepth`). */
export interface DepthSpectrum {
  /** l: the Jacobian of the first l layers. */
  readonly depth: number;
  /**
   * Its singular values, descending. Infinity or 0 where the true value lies beyond float64's range; the
   * logarithms below are still right there.
   */
  readonly singularValues: Float64Array;
  /** ln σ of each singular value (−Infinity for σ = 0): what a log-scale spectrum plots. */
  readonly logSingularValues: Float64Array;
  /** The mean of σ² over the singular values, ‖J_l‖_F²/min(n_l, n_0): the mean-square stretch. */
  readonly meanSquare: number;
}

/** Options of `jacobianSpectrumByDepth`. */
export interface JacobianSpectrumOptions {
  /** The depths l to report, each 1 … L, in any order. Default every depth 1 … L. */
  readonly depths?: readonly number[];
}

/**
 * The singular values of J_l = ∂a^[l]/∂x, the Jacobian of the network's first l layers at the point x, for every
 * depth l (or the given ones): one entry per depth, in the order asked. See the file header for how J_l is formed
 * and why huge or tiny ones still give finite logarithms.
 *
 * @example
 * ```ts
 * const n = 64;
 * const x = column(Array.from({ length: n }, (_, i) => Math.sin(i)));
 * const gaussian = mlp({ sizes: Array(51).fill(n), activation: 'identity', init: 'lecunNormal', bias: false, seed: 1 });
 * const orthogonal = mlp({ sizes: Array(51).fill(n), activation: 'identity', init: 'orthogonal', bias: false, seed: 1 });
 * jacobianSpectrumByDepth(orthogonal, x, { depths: [50] })[0].singularValues; // all ≈ 1
 * jacobianSpectrumByDepth(gaussian, x, { depths: [1, 10, 50] }).map((s) => s.logSingularValues);
 * // the spread of ln σ widens with depth while the mean square stays ≈ 1
 * ```
 */
export function jacobianSpectrumByDepth(
  net: Network,
  x: Matrix,
  options: JacobianSpectrumOptions = {},
): DepthSpectrum[] {
  const context = 'jacobianSpectrumByDepth';
  expectNetwork('net', net, context);
  expectPoint(net, x, context);
  expectKnownKeys('options', options, ['depths'], '{ depths: [1, 10, 50] }', context);
  const L = net.layers.length;
  const depths = options.depths ?? Array.from({ length: L }, (_, i) => i + 1);
  if (!Array.isArray(depths) || depths.length === 0) {
    throw new GradscopeArgumentError(
      'options.depths',
      depths,
      `a non-empty array of depths 1 … ${L}`,
      context,
    );
  }
  depths.forEach((d, i) => {
    expectPositiveInteger(`options.depths[${i}]`, d, context);
    if (d > L) {
      throw new GradscopeArgumentError(
        `options.depths[${i}]`,
        d,
        `a depth from 1 to ${L}, the network's`,
        context,
      );
    }
  });
  const allDense = net.layers.every((layer) => layer.kind === 'dense');
  const byDepth = allDense
    ? denseJacobians(net, x, new Set(depths))
    : prefixJacobians(net, x, new Set(depths));
  return depths.map((d) => spectrumOf(d, byDepth.get(d) as ScaledJacobian));
}

/** J = 2^exponent · matrix, with the matrix's largest entry in [1, 2) (or all zero). */
interface ScaledJacobian {
  readonly matrix: Matrix;
  readonly exponent: number;
}

/** J_l for the wanted depths of an all-dense network, by the product D^[l]·W^[l]·J_{l−1} in float64. */
function denseJacobians(net: Network, x: Matrix, wanted: ReadonlySet<number>): Map<number, ScaledJacobian> {
  const trace = forward(net, x, { mode: 'eval' });
  const n0 = net.inputSize;
  let J = new Float64Array(n0 * n0);
  for (let i = 0; i < n0; i++) J[i * n0 + i] = 1;
  let rows = n0;
  let exponent = 0;
  const out = new Map<number, ScaledJacobian>();
  net.layers.forEach((layer, l) => {
    const W = (layer as DenseLayer).W.value;
    const { z, a } = trace.layers[l];
    const g = layer.activation;
    const next = new Float64Array(W.rows * n0);
    // next = D·W·J: row i of W·J scaled by g'(z_i).
    for (let i = 0; i < W.rows; i++) {
      const slope = g === undefined ? 1 : g.derivative(z.data[i], a.data[i]);
      const target = i * n0;
      for (let k = 0; k < rows; k++) {
        const w = W.data[i * W.cols + k] * slope;
        if (w === 0) continue;
        const source = k * n0;
        for (let j = 0; j < n0; j++) next[target + j] += w * J[source + j];
      }
    }
    exponent += rescale(next);
    J = next;
    rows = W.rows;
    if (wanted.has(l + 1)) out.set(l + 1, { matrix: fromData(rows, n0, J.slice()), exponent });
  });
  return out;
}

/** Divides v by the power of two that brings its largest |entry| into [1, 2) (exact); returns that power. */
function rescale(v: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < v.length; i++) {
    const m = Math.abs(v[i]);
    if (m > largest) largest = m;
  }
  if (largest === 0 || !Number.isFinite(largest)) return 0;
  let e = Math.floor(Math.log2(largest));
  if (2 ** e > largest) e--;
  else if (2 ** (e + 1) <= largest) e++;
  // Two steps, so neither factor overflows or underflows on its own.
  const half = Math.trunc(e / 2);
  const f1 = 2 ** -half;
  const f2 = 2 ** -(e - half);
  for (let i = 0; i < v.length; i++) v[i] = v[i] * f1 * f2;
  return e;
}

/** J_l of any network, by backpropagation through a network of its first l layers. */
function prefixJacobians(net: Network, x: Matrix, wanted: ReadonlySet<number>): Map<number, ScaledJacobian> {
  const out = new Map<number, ScaledJacobian>();
  for (const d of wanted) {
    const prefix = d === net.layers.length ? net : network(net.layers.slice(0, d));
    out.set(d, { matrix: inputOutputJacobian(prefix, x), exponent: 0 });
  }
  return out;
}

function spectrumOf(depth: number, { matrix, exponent }: ScaledJacobian): DepthSpectrum {
  const scaled = allFinite(matrix) ? singularValues(matrix) : undefinedSpectrum(matrix);
  const logScale = exponent * Math.LN2;
  const logSingularValues = scaled.map((s) => Math.log(s) + logScale);
  // σ·2^exponent in two steps, so that 2^exponent alone cannot overflow while the product is finite.
  const half = Math.trunc(exponent / 2);
  const sigma = scaled.map((s) => (s === 0 ? 0 : s * 2 ** half * 2 ** (exponent - half)));
  let sumSquares = 0;
  for (const l of logSingularValues) sumSquares += Math.exp(2 * l);
  return { depth, singularValues: sigma, logSingularValues, meanSquare: sumSquares / scaled.length };
}
