/**
 * The curvature of the loss: the largest eigenvalue λ_max of its Hessian H = ∇²L(θ) with respect to all the
 * parameters θ (every W, b, γ, β, as one vector in `net.params` order), on a fixed batch.
 *
 * Why the lessons need it: gradient descent on a quadratic ½(θ − θ*)ᵀH(θ − θ*) multiplies the component along
 * each eigenvector of H by 1 − η·λ_i per step, so it converges exactly when η < 2/λ_max and diverges when
 * η > 2/λ_max. Near a minimum a network's loss is such a quadratic, so comparing η with 2/λ_max says whether a
 * learning rate is too large before training shows it.
 *
 * How, without ever forming H (P × P for P parameters):
 *   Hessian-vector product   Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε)       (centred differences of gradients;
 *                            the error is O(ε²) from the third derivative plus O(u/ε) from rounding, u the
 *                            unit roundoff, so ε = u^(1/3)·(1 + ‖θ‖) for a unit v balances them: Nocedal &
 *                            Wright, "Numerical Optimization", 2nd ed., §8.1)
 *   power iteration          v ← Hv / ‖Hv‖, λ = vᵀHv (the Rayleigh quotient), until the residual
 *                            ‖Hv − λv‖ / |λ| is below the tolerance (Golub & Van Loan, "Matrix Computations",
 *                            4th ed., §8.2.1).
 * Power iteration finds the eigenvalue of largest magnitude. When that one is negative (a saddle with strong
 * negative curvature), a second power iteration on H − λ₁I, whose eigenvalues λ_i − λ₁ are all ≥ 0, finds
 * λ_max − λ₁. The residual is reported relative to |λ₁| = ‖H‖₂, the largest curvature in any direction.
 *
 * Each Hv costs two forward and backward passes. The parameters (and batch-norm running statistics, and the
 * gradients) are put back bit for bit afterwards; the passes run in the network's training buffers (as `fit`'s
 * do), which then hold the last one. In float16 or bfloat16 the gradients, and θ ± εv, are the network's own
 * rounded numbers, so the estimate is only as fine as the format.
 */

import {
  GradscopeArgumentError,
  expectBoolean,
  expectKnownKeys,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { floatFormat } from './dtype.js';
import { expectMode, type Mode } from './layer.js';
import { vectorNorm } from './linalg.js';
import { resolveLoss, type Loss, type LossSpec } from './losses.js';
import { roundInPlace } from './matrix.js';
import { expectNetwork, lossAndGradients, type Network } from './network.js';
import { randomFromSpec, type Random } from './random.js';
import { restore, snapshot } from './snapshot.js';
import { expectTrainingData, type TrainingData } from './train.js';

/**
 * Options of {@link hessianVectorProduct}, shared by {@link largestHessianEigenvalue}.
 *
 * @example
 * ```ts
 * const options: HessianOptions = { loss: 'softmaxCrossEntropy', mode: 'train' };
 * ```
 */
export interface HessianOptions {
  /** The loss (default `'mse'`), averaged over the examples as in `fit`. */
  readonly loss?: LossSpec;
  /** `'train'` (default, the loss `fit` minimizes) or `'eval'` (batch norm uses its running statistics). */
  readonly mode?: Mode;
  /** The finite-difference step ε > 0 along the unit vector (default u^(1/3)·(1 + ‖θ‖), u the unit roundoff). */
  readonly epsilon?: number;
}

/**
 * Options of {@link largestHessianEigenvalue}.
 *
 * @example
 * ```ts
 * const options: LargestHessianEigenvalueOptions = { maxIterations: 200, tolerance: 1e-6, seed: 3 };
 * ```
 */
export interface LargestHessianEigenvalueOptions extends HessianOptions {
  /** The most Hessian-vector products to spend (default 100). */
  readonly maxIterations?: number;
  /** Stop when ‖Hv − λv‖ / ‖H‖₂ is at most this (default 1e-4: λ is then good to about 1e-8, relative). */
  readonly tolerance?: number;
  /** Seed of the random start vector (default 0). Give `seed` or `random`, not both. */
  readonly seed?: number | string;
  /** The random source of the start vector. */
  readonly random?: Random;
  /** Also return the eigenvector (default false). */
  readonly returnVector?: boolean;
}

/**
 * Defaults of {@link largestHessianEigenvalue}.
 *
 * @example
 * ```ts
 * HESSIAN_DEFAULTS.maxIterations; // 100
 * ```
 */
export const HESSIAN_DEFAULTS = {
  loss: 'mse',
  mode: 'train',
  maxIterations: 100,
  tolerance: 1e-4,
  seed: 0,
  returnVector: false,
} as const;

/**
 * What {@link largestHessianEigenvalue} found.
 *
 * @example
 * ```ts
 * const { eigenvalue, converged } = largestHessianEigenvalue(net, data);
 * if (converged) console.log(`gradient descent diverges for η > ${2 / eigenvalue}`);
 * ```
 */
export interface HessianEigenvalueResult {
  /** λ_max, the largest (most positive) eigenvalue of the Hessian. */
  readonly eigenvalue: number;
  /** The eigenvalue of largest magnitude, λ₁ (equal to λ_max unless the strongest curvature is negative). */
  readonly dominantEigenvalue: number;
  /** Hessian-vector products used (each is two gradient evaluations). */
  readonly iterations: number;
  /** ‖Hv − λ_max·v‖ / |λ₁| for the returned unit vector v. */
  readonly residual: number;
  /** Whether the residual reached the tolerance within maxIterations. */
  readonly converged: boolean;
  /**
   * True when a gradient overflowed to ±Infinity or NaN near θ (the network explodes there): the eigenvalue is
   * then NaN, as data; `fit` on the same batch says which layer overflowed.
   */
  readonly nonFinite: boolean;
  /** The finite-difference step ε used. */
  readonly epsilon: number;
  /** The unit eigenvector, in `net.params` order (when `returnVector: true`). */
  readonly vector?: Float64Array;
}

const HVP_KEYS = ['loss', 'mode', 'epsilon'] as const;
const EIGEN_KEYS = [...HVP_KEYS, 'maxIterations', 'tolerance', 'seed', 'random', 'returnVector'] as const;

/**
 * H·v, the Hessian of the loss on `data` with respect to all parameters times `vector`, by centred differences
 * of gradients. `vector` has one entry per parameter entry, in `net.params` order (W^[1] row by row, b^[1], …).
 * The parameters are left as they were.
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [3, 1], activation: 'identity', seed: 1 }); // linear regression: H = AAᵀ/m
 * const e1 = new Float64Array(parameterCount(net)); e1[0] = 1;
 * hessianVectorProduct(net, data, e1); // the first column of H
 * ```
 */
export function hessianVectorProduct(
  net: Network,
  data: TrainingData,
  vector: ArrayLike<number>,
  options: HessianOptions = {},
): Float64Array {
  const context = 'hessianVectorProduct';
  const setup = prepare(net, data, options, HVP_KEYS, context);
  const size = parameterCount(net);
  if (!isNumberArray(vector) || vector.length !== size) {
    throw new GradscopeArgumentError(
      'vector',
      vector,
      `an array of ${size} finite numbers, one per parameter entry in net.params order`,
      context,
    );
  }
  const v = Float64Array.from(vector);
  const length = vectorNorm(v);
  if (!Number.isFinite(length)) {
    throw new GradscopeArgumentError('vector', vector, 'an array of finite numbers', context);
  }
  const out = new Float64Array(size);
  if (length === 0) return out;
  // The step is along the unit vector; H is linear, so scale the result back.
  for (let i = 0; i < size; i++) v[i] /= length;
  const product = createProduct(net, setup);
  try {
    product.apply(v, out);
  } finally {
    product.finish();
  }
  for (let i = 0; i < size; i++) out[i] *= length;
  return out;
}

/**
 * λ_max, the largest eigenvalue of the loss's Hessian with respect to all parameters on the batch `data`, by
 * power iteration on Hessian-vector products (see the file header). Returns it with the iteration count, the
 * residual, whether it converged, and the eigenvector if asked. Gradient descent with a learning rate above
 * 2/λ_max diverges along that eigenvector. The parameters are left as they were.
 *
 * @example
 * ```ts
 * const { eigenvalue, iterations, residual } = largestHessianEigenvalue(net, { x: X, y: Y });
 * const largestStableRate = 2 / eigenvalue;
 * ```
 */
export function largestHessianEigenvalue(
  net: Network,
  data: TrainingData,
  options: LargestHessianEigenvalueOptions = {},
): HessianEigenvalueResult {
  const context = 'largestHessianEigenvalue';
  const setup = prepare(net, data, options, EIGEN_KEYS, context);
  const maxIterations = expectPositiveInteger(
    'options.maxIterations',
    options.maxIterations ?? HESSIAN_DEFAULTS.maxIterations,
    context,
  );
  const tolerance = expectPositiveNumber(
    'options.tolerance',
    options.tolerance ?? HESSIAN_DEFAULTS.tolerance,
    context,
  );
  const returnVector = expectBoolean(
    'options.returnVector',
    options.returnVector ?? HESSIAN_DEFAULTS.returnVector,
    context,
  );
  const random = randomFromSpec(options, HESSIAN_DEFAULTS.seed, context);

  const size = parameterCount(net);
  const product = createProduct(net, setup);
  try {
    // Phase 1: the eigenvalue of largest magnitude, λ₁.
    const first = powerIteration(size, random, maxIterations, tolerance, 0, product.apply);
    let result = first;
    if (first.converged && first.lambda < 0 && first.iterations < maxIterations) {
      // Phase 2: H − λ₁I has eigenvalues λ_i − λ₁ ≥ 0; its largest is λ_max − λ₁.
      const shift = first.lambda;
      const second = powerIteration(
        size,
        random,
        maxIterations - first.iterations,
        tolerance,
        Math.abs(shift),
        (v, out) => {
          product.apply(v, out);
          for (let i = 0; i < size; i++) out[i] -= shift * v[i];
        },
      );
      result = {
        ...second,
        lambda: second.lambda + shift,
        iterations: first.iterations + second.iterations,
        converged: second.converged,
        nonFinite: second.nonFinite,
      };
    }
    return {
      eigenvalue: result.lambda,
      dominantEigenvalue: first.lambda,
      iterations: result.iterations,
      residual: result.residual,
      converged: result.converged,
      nonFinite: result.nonFinite,
      epsilon: product.epsilon,
      ...(returnVector && { vector: result.vector }),
    };
  } finally {
    product.finish();
  }
}

/**
 * The number of parameter entries P: the length of the vectors a Hessian-vector product takes.
 *
 * @example
 * ```ts
 * parameterCount(mlp({ sizes: [2, 3, 1] })); // 2·3 + 3 + 3·1 + 1 = 13
 * ```
 */
export function parameterCount(net: Network): number {
  expectNetwork('net', net, 'parameterCount');
  let count = 0;
  for (const p of net.params) count += p.value.data.length;
  return count;
}

interface Setup {
  readonly x: TrainingData['x'];
  readonly y: TrainingData['y'];
  readonly loss: Loss;
  readonly mode: Mode;
  readonly epsilon: number | undefined;
}

function prepare(
  net: Network,
  data: TrainingData,
  options: HessianOptions,
  keys: readonly string[],
  context: string,
): Setup {
  expectNetwork('net', net, context);
  const { x, y } = expectTrainingData(net, data, context);
  const checked = expectKnownKeys('options', options, keys, '{ loss: "mse" }', context);
  return {
    x,
    y,
    loss: resolveLoss(checked.loss ?? HESSIAN_DEFAULTS.loss, 'options.loss', context),
    mode: expectMode('options.mode', checked.mode ?? HESSIAN_DEFAULTS.mode, context),
    epsilon:
      checked.epsilon === undefined
        ? undefined
        : expectPositiveNumber('options.epsilon', checked.epsilon, context),
  };
}

interface Product {
  readonly epsilon: number;
  /** out ← H·v for a unit vector v. */
  apply(v: Float64Array, out: Float64Array): void;
  /** Puts the parameters, statistics and gradients back as they were. */
  finish(): void;
}

/** Hessian-vector products at the current θ; `finish` must run afterwards (it restores θ bit for bit). */
function createProduct(net: Network, setup: Setup): Product {
  const saved = snapshot(net);
  const savedGrads = net.params.map((p) => p.grad.data.slice());
  const theta = new Float64Array(parameterCount(net));
  gather(net, 'value', theta);
  // The gradients are the network's own, so their rounding is its format's: 2^−52 in float64, 2^−10 in float16.
  const unitRoundoff = floatFormat(net.dtype).epsilon;
  const epsilon = setup.epsilon ?? Math.cbrt(unitRoundoff) * (1 + vectorNorm(theta));
  const plus = new Float64Array(theta.length);
  const minus = new Float64Array(theta.length);
  const gradientAt = (v: Float64Array, sign: number, out: Float64Array): void => {
    let offset = 0;
    for (const p of net.params) {
      const w = p.value.data;
      for (let i = 0; i < w.length; i++) w[i] = theta[offset + i] + sign * epsilon * v[offset + i];
      roundInPlace(p.value); // θ ± εv as the network stores it (float16 cannot hold every sum)
      offset += w.length;
    }
    // Two passes per product, hundreds per eigenvalue: in the network's training buffers, as fit computes.
    lossAndGradients(net, setup.x, setup.y, setup.loss, { mode: setup.mode, reuseBuffers: true });
    gather(net, 'grad', out);
  };
  return {
    epsilon,
    apply(v, out) {
      gradientAt(v, 1, plus);
      gradientAt(v, -1, minus);
      for (let i = 0; i < out.length; i++) out[i] = (plus[i] - minus[i]) / (2 * epsilon);
    },
    finish() {
      restore(net, saved);
      net.params.forEach((p, i) => p.grad.data.set(savedGrads[i]));
    },
  };
}

interface PowerResult {
  readonly lambda: number;
  readonly iterations: number;
  readonly residual: number;
  readonly converged: boolean;
  readonly nonFinite: boolean;
  readonly vector: Float64Array;
}

/**
 * Power iteration on the operator `apply` from a random unit vector: the Rayleigh quotient λ = vᵀ(Av) of the last
 * v, and ‖Av − λv‖ relative to `scale` (or to |λ| when scale is 0). Stops at the tolerance, at maxIterations, or
 * at a non-finite product (an exploding network: λ is then NaN).
 */
function powerIteration(
  size: number,
  random: Random,
  maxIterations: number,
  tolerance: number,
  scale: number,
  apply: (v: Float64Array, out: Float64Array) => void,
): PowerResult {
  const v = new Float64Array(size);
  for (let i = 0; i < size; i++) v[i] = random.normal();
  normalize(v);
  const w = new Float64Array(size);
  const difference = new Float64Array(size);
  let lambda = 0;
  let residual = Infinity;
  let iterations = 0;
  while (iterations < maxIterations) {
    apply(v, w);
    iterations++;
    lambda = dot(v, w);
    if (!Number.isFinite(lambda) || !Number.isFinite(vectorNorm(w))) {
      return { lambda: NaN, iterations, residual: NaN, converged: false, nonFinite: true, vector: v };
    }
    for (let i = 0; i < size; i++) difference[i] = w[i] - lambda * v[i];
    const r = vectorNorm(difference);
    const reference = scale > 0 ? scale : Math.abs(lambda);
    residual = reference > 0 ? r / reference : r === 0 ? 0 : Infinity;
    // Keep v when stopping, so the residual is that of the returned vector.
    if (residual <= tolerance || iterations === maxIterations) break;
    v.set(w);
    normalize(v);
  }
  return { lambda, iterations, residual, converged: residual <= tolerance, nonFinite: false, vector: v };
}

function gather(net: Network, which: 'value' | 'grad', out: Float64Array): void {
  let offset = 0;
  for (const p of net.params) {
    out.set(p[which].data, offset);
    offset += p[which].data.length;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function normalize(v: Float64Array): void {
  const length = vectorNorm(v);
  if (length > 0) for (let i = 0; i < v.length; i++) v[i] /= length;
}

function isNumberArray(value: unknown): value is ArrayLike<number> {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return true;
  return Array.isArray(value) && value.every((entry) => typeof entry === 'number');
}
