/**
 * Networks whose layers multiply by different scales: some layers k = `low` < 1, the others k = `high` > 1, as in
 * the forum's "half the layers 0.5, half 1.5". With W^[l] = k_l·I, g(z) = z and no biases, the signal after l
 * layers is a^[l] = (k_1⋯k_l)·x, and the backward pass multiplies δ^[L] by the same factors: a product, so what
 * decides growth or decay is the sum of the logarithms, not how many factors sit on each side of one.
 *
 * - With a fraction f of the layers at `high`, ln(k_1⋯k_L) = L·[f·ln high + (1 − f)·ln low]: the product breaks
 *   even (equals 1) at f* = ln(1/low)/ln(high/low) (`breakEvenFraction`); for 0.5 and 1.5, f* = ln 2/ln 3 ≈ 0.631.
 * - Scalar factors commute, so the order of the layers changes the path of ‖a^[l]‖, never the end of it
 *   (`mixedScales` builds the orders).
 * - When each layer is `high` with probability p, independently, ln‖a^[l]‖ − ln‖x‖ is a random walk: its steps
 *   have mean μ = p·ln high + (1 − p)·ln low (the drift) and standard deviation s = √(p(1 − p))·ln(high/low), so
 *   after l layers it is centred on l·μ with spread s·√l, and the chance that the product exceeds 1 is a binomial
 *   tail (`scaleWalk`).
 */

import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectNonNegativeInteger,
  expectNumberInRange,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { expectDType, type DType } from './dtype.js';
import { scaledIdentityInit } from './initializers.js';
import { mlp, type LayerOverride, type Network } from './network.js';
import { randomFromSpec, type Random } from './random.js';

/** How `mixedScales` orders its layers. */
export type ScaleOrder = 'lowFirst' | 'highFirst' | 'interleaved' | 'shuffled';

/** Every `ScaleOrder`, in the order the documentation lists them. */
export const SCALE_ORDERS: readonly ScaleOrder[] = ['lowFirst', 'highFirst', 'interleaved', 'shuffled'];

/** Options of `mixedScales`. */
export interface MixedScalesOptions {
  /** The scale below one, e.g. 0.5. */
  readonly low: number;
  /** The scale above one, e.g. 1.5. */
  readonly high: number;
  /** L, the number of layers. */
  readonly depth: number;
  /** How many of the L layers get `high` (the others get `low`). */
  readonly countHigh: number;
  /**
   * `'lowFirst'`: every `low` layer, then every `high` one; `'highFirst'`: the reverse; `'interleaved'` (default):
   * the `high` layers spread evenly (alternating low, high, low, high … when half are high); `'shuffled'`: a
   * uniformly random order, drawn from `seed` or `random`.
   */
  readonly order?: ScaleOrder;
  /** The seed of the shuffle. Default 0. */
  readonly seed?: number | string;
  /** A random source for the shuffle, instead of `seed`. */
  readonly random?: Random;
}

/** Defaults of `mixedScales`. */
export const MIXED_SCALES_DEFAULTS = { order: 'interleaved' } as const;

/**
 * The per-layer scales k_1 … k_L of a mix: `countHigh` layers at `high`, the rest at `low`, in the given order.
 * Every order has the same product, high^countHigh·low^(L − countHigh).
 *
 * @example
 * ```ts
 * mixedScales({ low: 0.5, high: 1.5, depth: 4, countHigh: 2 }); // [0.5, 1.5, 0.5, 1.5]
 * mixedScales({ low: 0.5, high: 1.5, depth: 4, countHigh: 2, order: 'lowFirst' }); // [0.5, 0.5, 1.5, 1.5]
 * mixedScales({ low: 0.5, high: 1.5, depth: 100, countHigh: 50, order: 'shuffled', seed: 1 }); // 50 of each
 * ```
 */
export function mixedScales(options: MixedScalesOptions): number[] {
  const context = 'mixedScales';
  expectKnownKeys(
    'options',
    options,
    ['low', 'high', 'depth', 'countHigh', 'order', 'seed', 'random'],
    "{ low: 0.5, high: 1.5, depth: 100, countHigh: 50, order: 'interleaved' }",
    context,
  );
  const { low, high } = expectLowHigh(options.low, options.high, context, 'options.');
  const L = expectPositiveInteger('options.depth', options.depth, context);
  const c = expectNonNegativeInteger('options.countHigh', options.countHigh, context);
  if (c > L) {
    throw new GradscopeArgumentError(
      'options.countHigh',
      c,
      `at most options.depth (${L}): the number of layers at high`,
      context,
    );
  }
  const order = options.order ?? MIXED_SCALES_DEFAULTS.order;
  if (!SCALE_ORDERS.includes(order))
    throw GradscopeArgumentError.notOneOf('options.order', order, SCALE_ORDERS, context);
  switch (order) {
    case 'lowFirst':
      return Array.from({ length: L }, (_, i) => (i < L - c ? low : high));
    case 'highFirst':
      return Array.from({ length: L }, (_, i) => (i < c ? high : low));
    case 'interleaved':
      // Layer l is high when ⌊l·c/L⌋ steps up at l: c steps spread as evenly as whole layers allow.
      return Array.from({ length: L }, (_, i) =>
        Math.floor(((i + 1) * c) / L) > Math.floor((i * c) / L) ? high : low,
      );
    case 'shuffled': {
      const random = randomFromSpec({ seed: options.seed, random: options.random }, 0, context);
      const scales = Array.from({ length: L }, (_, i) => (i < c ? high : low));
      // Fisher–Yates: every one of the C(L, c) arrangements equally likely.
      for (let i = L - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [scales[i], scales[j]] = [scales[j], scales[i]];
      }
      return scales;
    }
  }
}

/** Options of `randomScales`. */
export interface RandomScalesOptions {
  /** The scale below one. */
  readonly low: number;
  /** The scale above one. */
  readonly high: number;
  /** L, the number of layers. */
  readonly depth: number;
  /** p: each layer is `high` with this probability, independently of the others. */
  readonly probabilityHigh: number;
  /** The seed of the draws. Default 0. */
  readonly seed?: number | string;
  /** A random source, instead of `seed`. */
  readonly random?: Random;
}

/**
 * L per-layer scales drawn independently: `high` with probability p, else `low` (one uniform draw per layer, in
 * layer order). The number of `high` layers is then Binomial(L, p), not fixed as in `mixedScales`.
 *
 * @example
 * ```ts
 * const random = createRandom(1);
 * const scales = randomScales({ low: 0.5, high: 1.5, depth: 100, probabilityHigh: 0.5, random });
 * productOfScales(scales); // one network's product: typically near e^(100·μ), μ = ½·ln 0.75
 * ```
 */
export function randomScales(options: RandomScalesOptions): number[] {
  const context = 'randomScales';
  expectKnownKeys(
    'options',
    options,
    ['low', 'high', 'depth', 'probabilityHigh', 'seed', 'random'],
    '{ low: 0.5, high: 1.5, depth: 100, probabilityHigh: 0.5, seed: 1 }',
    context,
  );
  const { low, high } = expectLowHigh(options.low, options.high, context, 'options.');
  const L = expectPositiveInteger('options.depth', options.depth, context);
  const p = expectNumberInRange('options.probabilityHigh', options.probabilityHigh, 0, 1, context);
  const random = randomFromSpec({ seed: options.seed, random: options.random }, 0, context);
  return Array.from({ length: L }, () => (random.next() < p ? high : low));
}

/**
 * A linear network with W^[l] = scales[l − 1]·I: `width` units in every layer, g(z) = z, no biases. Its output is
 * (k_1⋯k_L)·x, and `linearNetwork(depth, k)` is the case where every k_l is the same.
 *
 * @example
 * ```ts
 * const net = linearNetworkOfScales([0.5, 1.5, 0.5, 1.5]);
 * forward(net, column([1, 1])).output.data; // [0.5625, 0.5625] = 0.75²
 * ```
 */
export function linearNetworkOfScales(
  scales: readonly number[],
  width = 2,
  dtype: DType = 'float64',
): Network {
  const context = 'linearNetworkOfScales';
  if (!Array.isArray(scales) || scales.length === 0) {
    throw new GradscopeArgumentError(
      'scales',
      scales,
      'a non-empty array of finite numbers, one per layer',
      context,
    );
  }
  const layers: Record<number, LayerOverride> = {};
  scales.forEach((k, i) => {
    if (typeof k !== 'number' || !Number.isFinite(k)) {
      throw new GradscopeArgumentError(`scales[${i}]`, k, 'a finite number', context);
    }
    layers[i + 1] = { init: scaledIdentityInit(k) };
  });
  expectPositiveInteger('width', width, context);
  return mlp({
    sizes: new Array<number>(scales.length + 1).fill(width),
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    dtype: expectDType('dtype', dtype, context),
    layers,
  });
}

/**
 * The fraction f* of the layers that must be `high` for the product of the scales to be exactly 1, whatever the
 * depth: the root of f·ln high + (1 − f)·ln low = 0, f* = ln(1/low)/ln(high/low). Below f* the product vanishes
 * exponentially in the depth, above it the product explodes. Needs low < 1 < high.
 *
 * @example
 * ```ts
 * breakEvenFraction(0.5, 1.5); // 0.6309 = ln 2 / ln 3: about 63 layers in 100 at 1.5, not 50
 * breakEvenFraction(0.5, 2); // 0.5: only when high = 1/low does counting work
 * ```
 */
export function breakEvenFraction(low: number, high: number): number {
  const context = 'breakEvenFraction';
  expectPositiveNumber('low', low, context);
  expectPositiveNumber('high', high, context);
  if (!(low < 1)) {
    throw new GradscopeArgumentError('low', low, 'a number between 0 and 1 (a layer that shrinks)', context);
  }
  if (!(high > 1)) {
    throw new GradscopeArgumentError(
      'high',
      high,
      'a number greater than 1 (a layer that stretches)',
      context,
    );
  }
  return -Math.log(low) / (Math.log(high) - Math.log(low));
}

/** Options of `scaleWalk`. */
export interface ScaleWalkOptions {
  /** The scale below one. */
  readonly low: number;
  /** The scale above one. */
  readonly high: number;
  /** p: each layer is `high` with this probability, independently. */
  readonly probabilityHigh: number;
  /** L: the walk is described at every layer l = 0 … L. */
  readonly depth: number;
}

/** The random walk of ln(‖a^[l]‖/‖x‖) through layers drawn at random, in closed form (see `scaleWalk`). */
export interface ScaleWalk {
  /** μ = p·ln high + (1 − p)·ln low: the mean step of ln‖a^[l]‖ per layer. */
  readonly drift: number;
  /** s = √(p(1 − p))·ln(high/low): the standard deviation of one step. */
  readonly stepStd: number;
  /** e^μ: the per-layer factor of a typical network (the geometric mean of the scales, on average). */
  readonly effectiveScale: number;
  /** logMean[l] = l·μ, for l = 0 … L. */
  readonly logMean: Float64Array;
  /** logStd[l] = s·√l, for l = 0 … L. */
  readonly logStd: Float64Array;
  /** probabilityAboveOne[l]: the exact probability that the product of l random scales exceeds 1 (0 at l = 0). */
  readonly probabilityAboveOne: Float64Array;
}

/**
 * The walk of ln(‖a^[l]‖/‖x‖) = Σ ln k_j through layers that are each `high` with probability p: its drift,
 * its spread, and at every depth l the exact chance that the product of the l scales exceeds 1, the binomial
 * tail P(K·ln high + (l − K)·ln low > 0) with K ~ Binomial(l, p), summed in logarithms so that deep walks
 * neither overflow nor underflow (O(L²) work).
 *
 * @example
 * ```ts
 * const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: 0.5, depth: 100 });
 * walk.drift; // −0.1438 = ½·ln 0.75
 * walk.stepStd; // 0.5493 = ½·ln 3
 * walk.probabilityAboveOne[100]; // 0.0033: P(K ≥ 64) for K ~ Binomial(100, ½)
 * ```
 */
export function scaleWalk(options: ScaleWalkOptions): ScaleWalk {
  const context = 'scaleWalk';
  expectKnownKeys(
    'options',
    options,
    ['low', 'high', 'probabilityHigh', 'depth'],
    '{ low: 0.5, high: 1.5, probabilityHigh: 0.5, depth: 100 }',
    context,
  );
  const { low, high } = expectLowHigh(options.low, options.high, context, 'options.');
  const p = expectNumberInRange('options.probabilityHigh', options.probabilityHigh, 0, 1, context);
  const L = expectPositiveInteger('options.depth', options.depth, context);
  const lnHigh = Math.log(high);
  const lnLow = Math.log(low);
  const drift = p * lnHigh + (1 - p) * lnLow;
  const stepStd = Math.sqrt(p * (1 - p)) * (lnHigh - lnLow);
  const logMean = new Float64Array(L + 1);
  const logStd = new Float64Array(L + 1);
  const probabilityAboveOne = new Float64Array(L + 1);
  for (let l = 0; l <= L; l++) {
    logMean[l] = l === 0 ? 0 : l * drift; // 0·μ is −0 for μ < 0: the walk starts at plain 0
    logStd[l] = stepStd * Math.sqrt(l);
    probabilityAboveOne[l] = binomialTailAboveOne(l, p, lnLow, lnHigh);
  }
  return { drift, stepStd, effectiveScale: Math.exp(drift), logMean, logStd, probabilityAboveOne };
}

/** P(K·lnHigh + (l − K)·lnLow > 0), K ~ Binomial(l, p). */
function binomialTailAboveOne(l: number, p: number, lnLow: number, lnHigh: number): number {
  // A sum of logs within rounding of 0 is a product of exactly 1 (0.5 and 2, say), which is not above one.
  const tolerance = 1e-12 * l * Math.max(Math.abs(lnLow), Math.abs(lnHigh));
  const above = (j: number) => j * lnHigh + (l - j) * lnLow > tolerance;
  if (p === 0) return above(0) ? 1 : 0;
  if (p === 1) return above(l) ? 1 : 0;
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  let logChoose = 0; // ln C(l, j), built up as C(l, j) = C(l, j − 1)·(l − j + 1)/j
  let total = 0;
  for (let j = 0; j <= l; j++) {
    if (j > 0) logChoose += Math.log(l - j + 1) - Math.log(j);
    if (above(j)) total += Math.exp(logChoose + j * lnP + (l - j) * lnQ);
  }
  return Math.min(1, total);
}

/** Checks a pair of scales: both positive, low < high. */
function expectLowHigh(
  low: unknown,
  high: unknown,
  context: string,
  prefix: string,
): { low: number; high: number } {
  const lo = expectPositiveNumber(`${prefix}low`, low, context);
  const hi = expectPositiveNumber(`${prefix}high`, high, context);
  if (!(lo < hi)) {
    throw new GradscopeArgumentError(
      `${prefix}high`,
      hi,
      `a number greater than ${prefix}low (${lo})`,
      context,
    );
  }
  return { low: lo, high: hi };
}
