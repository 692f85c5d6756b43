/**
 * Weight initializers: how W^[l] (n_l × n_{l−1}) is drawn before training. fan_in = n_{l−1} = cols (the
 * inputs of each unit), fan_out = n_l = rows.
 *
 * Why the scale matters: with z = W·a_prev and independent zero-mean weights,
 * Var(z) = fan_in · Var(W) · E[a_prev²], so each layer multiplies the signal's second moment by about
 * fan_in · Var(W) times a factor of the activation (1 for linear or tanh near 0, 1/2 for ReLU); the backward
 * pass does the same with fan_out. Too small a factor and signals and gradients vanish with depth, too large
 * and they explode. Each classic rule holds it near 1:
 * - LeCun et al., "Efficient BackProp", 1998:            Var(W) = 1/fan_in (for tanh/linear units, and SELU).
 * - Glorot & Bengio, AISTATS 2010 ("Xavier"):            Var(W) = 2/(fan_in + fan_out), a compromise that
 *   keeps both the forward and the backward variance near constant; uniform limit √(6/(fan_in + fan_out)).
 * - He et al., "Delving Deep into Rectifiers", ICCV 2015: Var(W) = 2/fan_in, since ReLU zeroes half its
 *   inputs; uniform limit √(6/fan_in).
 * - Saxe, McClelland & Ganguli, ICLR 2014: orthogonal W keeps every singular value at `gain`, so a deep
 *   linear network neither shrinks nor stretches any direction (dynamical isometry).
 * - The lecture's example: W = k·I (scaledIdentityInit), where the signal grows as k^L exactly.
 *
 * A uniform draw on [−limit, limit] has variance limit²/3, so the uniform variants use limit = √3 · std.
 * Normal variants draw from an untruncated normal (PyTorch's convention; Keras truncates at 2 std and
 * rescales): the std is then exactly the formula, which is what the lessons check against.
 *
 * Draws run in float64 and are rounded once when stored, so a float32 matrix holds the float64 matrix of the
 * same seed, rounded.
 */

import { expectDType, type DType } from './dtype.js';
import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectNonNegativeNumber,
  expectPositiveInteger,
  quotedNames,
} from './errors.js';
import { roundInPlace, zeros, type Matrix } from './matrix.js';
import { qr } from './qr.js';
import { expectRandom, fillNormal, fillUniform, type Random } from './random.js';

/** A rule for drawing a weight matrix. */
export interface Initializer {
  /** Machine name, e.g. `'heNormal'`. */
  readonly name: string;
  /** Readable name with the rule, e.g. `'He normal: N(0, 2/fan_in)'`. */
  readonly label: string;
  /**
   * A rows × cols matrix W^[l]: its shape, as `zeros(rows, cols)` takes it, so rows = n_l = fan_out and
   * cols = n_{l−1} = fan_in.
   */
  create(rows: number, cols: number, random: Random, dtype?: DType): Matrix;
  /** The standard deviation of the entries it draws for a layer with these fans, when defined. */
  std?(fans: Fans): number;
}

/**
 * The fans of a weight matrix W^[l] (rows × cols): fan_in = cols = n_{l−1}, the inputs of each unit, and
 * fan_out = rows = n_l. Named, because a swapped pair would silently give another variance.
 *
 * @example
 * ```ts
 * heNormal().std!({ fanIn: 256, fanOut: 128 }); // √(2/256)
 * ```
 */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/**
 * The scale of a fixed-scale random initializer, named so a standard deviation is never taken for a variance:
 * exactly one of `std` (σ), `variance` (σ²) or, for a uniform draw only, `limit` (U(−limit, limit)).
 *
 * @example
 * ```ts
 * normalInit({ std: 0.01 }); // N(0, 0.01²)
 * normalInit({ variance: 2 / 256 }); // the same scale as He normal for fan_in 256
 * ```
 */
export type InitScale =
  | { readonly std: number; readonly variance?: undefined; readonly limit?: undefined }
  | { readonly variance: number; readonly std?: undefined; readonly limit?: undefined };

/**
 * The scale of `uniformInit`: `InitScale`, or the half-width `limit` of U(−limit, limit) (std = limit/√3).
 *
 * @example
 * ```ts
 * uniformInit({ limit: 1 / Math.sqrt(32) }); // PyTorch's default for a layer of 32 inputs
 * ```
 */
export type UniformScale =
  InitScale | { readonly limit: number; readonly std?: undefined; readonly variance?: undefined };

/** The initializers that can be named by a string. */
export type InitializerName =
  | 'zeros'
  | 'lecunNormal'
  | 'lecunUniform'
  | 'xavierNormal'
  | 'xavierUniform'
  | 'heNormal'
  | 'heUniform'
  | 'orthogonal';

/** A name or an Initializer object. */
export type InitializerSpec = InitializerName | Initializer;

/** Every initializer name accepted by `resolveInitializer`. */
export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'zeros',
  'lecunNormal',
  'lecunUniform',
  'xavierNormal',
  'xavierUniform',
  'heNormal',
  'heUniform',
  'orthogonal',
];

/** The function that makes the initializer of each name, for error messages (`heNormal().create: …`). */
const FACTORY: Readonly<Record<string, string>> = {
  zeros: 'zeroInit',
  constant: 'constantInit',
  scaledIdentity: 'scaledIdentityInit',
  normal: 'normalInit',
  uniform: 'uniformInit',
  orthogonal: 'orthogonalInit',
};

/** `heNormal().create`, `zeroInit().std`: how an initializer's methods are named in error messages. */
function methodContext(name: string, method: 'create' | 'std'): string {
  return `${FACTORY[name] ?? name}().${method}`;
}

/** Validates the arguments every `create` takes and allocates the result. */
function start(name: string, rows: number, cols: number, random: Random | null, dtype: unknown): Matrix {
  const context = methodContext(name, 'create');
  expectPositiveInteger('rows', rows, context);
  expectPositiveInteger('cols', cols, context);
  if (random !== null) expectRandom('random', random, context);
  return zeros(rows, cols, expectDType('dtype', dtype, context));
}

/**
 * Validates `{ fanIn, fanOut }` (`context` names the caller) and returns them.
 *
 * @internal
 * @example
 * ```ts
 * const { fanIn, fanOut } = expectFans({ fanIn: 256, fanOut: 128 }, 'initVariance');
 * ```
 */
export function expectFans(fans: unknown, context: string): Fans {
  expectKnownKeys('fans', fans, ['fanIn', 'fanOut'], '{ fanIn: 256, fanOut: 128 }', context);
  const { fanIn, fanOut } = fans as Partial<Fans>;
  return {
    fanIn: expectPositiveInteger('fans.fanIn', fanIn, context),
    fanOut: expectPositiveInteger('fans.fanOut', fanOut, context),
  };
}

/** The standard deviation a named scale stands for, after checking that exactly one allowed kind is given. */
function readScale(
  scale: unknown,
  kinds: readonly ('std' | 'variance' | 'limit')[],
  context: string,
): number {
  const example = kinds.map((k) => `{ ${k} }`).join(' or ');
  if (typeof scale === 'number') {
    throw new GradscopeArgumentError(
      'scale',
      scale,
      `an object ${example}: a bare number could be a standard deviation or a variance`,
      context,
    );
  }
  expectKnownKeys('scale', scale, kinds, example, context);
  const given = kinds.filter((k) => (scale as Record<string, unknown>)[k] !== undefined);
  if (given.length !== 1) {
    throw new GradscopeArgumentError('scale', scale, `exactly one of ${example}`, context);
  }
  const kind = given[0];
  const value = expectNonNegativeNumber(`scale.${kind}`, (scale as Record<string, unknown>)[kind], context);
  return kind === 'variance' ? Math.sqrt(value) : kind === 'limit' ? value / Math.sqrt(3) : value;
}

/** How a random rule fills W: entries of mean 0 and the given standard deviation. */
type Draw = (data: Float64Array | Float32Array, random: Random, std: number) => void;

const drawNormal: Draw = (data, random, std) => fillNormal(data, random, 0, std);
// U(−limit, limit) has variance limit²/3, so limit = √3 · std.
const drawUniform: Draw = (data, random, std) => {
  const limit = Math.sqrt(3) * std;
  fillUniform(data, random, -limit, limit);
};

/** An initializer drawing entries with std = stdOf(fanIn, fanOut), normal or uniform as `draw` does. */
function scaledRule(
  name: string,
  label: string,
  stdOf: (fanIn: number, fanOut: number) => number,
  draw: Draw,
): Initializer {
  return {
    name,
    label,
    create(rows, cols, random, dtype) {
      const W = start(name, rows, cols, random, dtype);
      draw(W.data, random, stdOf(cols, rows));
      return roundInPlace(W);
    },
    std(fans) {
      const { fanIn, fanOut } = expectFans(fans, methodContext(name, 'std'));
      return stdOf(fanIn, fanOut);
    },
  };
}

/**
 * All weights 0. Every unit then computes the same thing and gets the same gradient (the symmetry that random
 * initialisation exists to break); useful for biases and as a counterexample.
 *
 * @example
 * ```ts
 * zeroInit().create(2, 3, createRandom(1)); // 2×3 zeros
 * ```
 */
export function zeroInit(): Initializer {
  return {
    name: 'zeros',
    label: 'zeros',
    create: (rows, cols, _random, dtype) => start('zeros', rows, cols, null, dtype),
    std(fans) {
      expectFans(fans, methodContext('zeros', 'std'));
      return 0;
    },
  };
}

/**
 * Every weight equal to `value`.
 *
 * @example
 * ```ts
 * constantInit(0.5).create(2, 2, createRandom(1)); // [[0.5, 0.5], [0.5, 0.5]]
 * ```
 */
export function constantInit(value: number): Initializer {
  expectFiniteNumber('value', value, 'constantInit');
  return {
    name: 'constant',
    label: `constant ${value}`,
    create(rows, cols, _random, dtype) {
      const W = start('constant', rows, cols, null, dtype);
      W.data.fill(value);
      return roundInPlace(W);
    },
    std(fans) {
      expectFans(fans, methodContext('constant', 'std'));
      return 0;
    },
  };
}

/**
 * k times the (possibly rectangular) identity: k on the diagonal W[i][i], 0 elsewhere. The lecture's network
 * uses `scaledIdentityInit(1.5)`, W = 1.5·I, so after L layers the signal is exactly 1.5^L times the input.
 *
 * @example
 * ```ts
 * scaledIdentityInit(1.5).create(2, 2, createRandom(1)); // [[1.5, 0], [0, 1.5]]
 * ```
 */
export function scaledIdentityInit(k: number): Initializer {
  expectFiniteNumber('k', k, 'scaledIdentityInit');
  return {
    name: 'scaledIdentity',
    label: `${k}·I`,
    create(rows, cols, _random, dtype) {
      const W = start('scaledIdentity', rows, cols, null, dtype);
      const n = Math.min(rows, cols);
      for (let i = 0; i < n; i++) W.data[i * cols + i] = k;
      return roundInPlace(W);
    },
  };
}

/**
 * Independent normal entries of a fixed scale, whatever the layer's size: give `{ std }` (σ) or `{ variance }`
 * (σ²). A mean-field network with weight variance σ_w²/fan_in is `normalInit({ variance: weightVariance / n })`.
 *
 * @example
 * ```ts
 * normalInit({ std: 0.01 }).create(256, 256, createRandom(1)); // the "small random numbers" that vanish with depth
 * normalInit({ variance: 1.5 / 64 }); // σ_w² = 1.5 for a layer of 64 inputs
 * ```
 */
export function normalInit(scale: InitScale): Initializer {
  const std = readScale(scale, ['std', 'variance'], 'normalInit');
  const label = scale.variance === undefined ? `N(0, ${std}²)` : `N(0, ${scale.variance})`;
  return scaledRule('normal', label, () => std, drawNormal);
}

/**
 * Independent U(−limit, limit) entries of a fixed scale, whatever the layer's size: give `{ limit }`, or the
 * `{ std }` (= limit/√3) or `{ variance }` (= limit²/3) of the entries.
 *
 * @example
 * ```ts
 * uniformInit({ limit: 0.05 }).create(3, 2, createRandom(1));
 * uniformInit({ variance: 1 / 32 }); // limit √(3/32)
 * ```
 */
export function uniformInit(scale: UniformScale): Initializer {
  const std = readScale(scale, ['limit', 'std', 'variance'], 'uniformInit');
  const limit = Math.sqrt(3) * std;
  return scaledRule(
    'uniform',
    `U(−${scale.limit ?? limit}, ${scale.limit ?? limit})`,
    () => std,
    drawUniform,
  );
}

const lecunStd = (fanIn: number): number => Math.sqrt(1 / fanIn);
const xavierStd = (fanIn: number, fanOut: number): number => Math.sqrt(2 / (fanIn + fanOut));
const heStd = (fanIn: number): number => Math.sqrt(2 / fanIn);

/**
 * LeCun normal: N(0, 1/fan_in) (LeCun et al. 1998). The right scale for SELU and for linear or tanh units.
 *
 * @example
 * ```ts
 * lecunNormal().std!({ fanIn: 100, fanOut: 100 }); // 0.1
 * ```
 */
export function lecunNormal(): Initializer {
  return scaledRule('lecunNormal', 'LeCun normal: N(0, 1/fan_in)', lecunStd, drawNormal);
}

/**
 * LeCun uniform: U(−√(3/fan_in), √(3/fan_in)), variance 1/fan_in (LeCun et al. 1998).
 *
 * @example
 * ```ts
 * lecunUniform().create(4, 3, createRandom(1));
 * ```
 */
export function lecunUniform(): Initializer {
  return scaledRule('lecunUniform', 'LeCun uniform: U(±√(3/fan_in))', lecunStd, drawUniform);
}

/**
 * Xavier (Glorot) normal: N(0, 2/(fan_in + fan_out)) (Glorot & Bengio 2010).
 *
 * @example
 * ```ts
 * xavierNormal().std!({ fanIn: 100, fanOut: 100 }); // 0.1
 * ```
 */
export function xavierNormal(): Initializer {
  return scaledRule('xavierNormal', 'Xavier normal: N(0, 2/(fan_in + fan_out))', xavierStd, drawNormal);
}

/**
 * Xavier (Glorot) uniform: U(−√(6/(fan_in + fan_out)), √(6/(fan_in + fan_out))), variance
 * 2/(fan_in + fan_out) (Glorot & Bengio 2010, eq. 16).
 *
 * @example
 * ```ts
 * xavierUniform().create(4, 3, createRandom(1)); // entries within ±√(6/7)
 * ```
 */
export function xavierUniform(): Initializer {
  return scaledRule('xavierUniform', 'Xavier uniform: U(±√(6/(fan_in + fan_out)))', xavierStd, drawUniform);
}

/**
 * He (Kaiming) normal: N(0, 2/fan_in) (He et al. 2015), for ReLU networks.
 *
 * @example
 * ```ts
 * heNormal().std!({ fanIn: 200, fanOut: 50 }); // 0.1
 * ```
 */
export function heNormal(): Initializer {
  return scaledRule('heNormal', 'He normal: N(0, 2/fan_in)', heStd, drawNormal);
}

/**
 * He (Kaiming) uniform: U(−√(6/fan_in), √(6/fan_in)), variance 2/fan_in (He et al. 2015).
 *
 * @example
 * ```ts
 * heUniform().create(4, 6, createRandom(1)); // entries within ±1
 * ```
 */
export function heUniform(): Initializer {
  return scaledRule('heUniform', 'He uniform: U(±√(6/fan_in))', heStd, drawUniform);
}

/**
 * A (scaled) random orthogonal matrix (Saxe et al. 2014): every singular value equals `gain`, so WᵀW =
 * gain²·I for a tall or square W (orthonormal columns) and WWᵀ = gain²·I for a wide one (orthonormal rows).
 *
 * Drawn as the Q of a QR factorisation of a Gaussian matrix, with each column's sign set by the sign of R's
 * diagonal. Without that fix Q is not uniformly (Haar) distributed: the QR routine's sign convention biases
 * it (Mezzadri, "How to generate random matrices from the classical compact groups", Notices AMS 54(5),
 * 2007).
 * For a wide W the transpose is factored. Entries have variance gain²/max(fan_in, fan_out).
 *
 * @example
 * ```ts
 * const W = orthogonalInit().create(3, 3, createRandom(1)); // WᵀW = I up to rounding
 * ```
 */
export function orthogonalInit(gain = 1): Initializer {
  expectNonNegativeNumber('gain', gain, 'orthogonalInit');
  return {
    name: 'orthogonal',
    label: gain === 1 ? 'orthogonal' : `orthogonal (gain ${gain})`,
    create(rows, cols, random, dtype) {
      const W = start('orthogonal', rows, cols, random, dtype);
      const tall = rows >= cols;
      const m = tall ? rows : cols;
      const n = tall ? cols : rows;
      const G = zeros(m, n);
      fillNormal(G.data, random);
      const { Q, R } = qr(G);
      for (let j = 0; j < n; j++) {
        const s = R.data[j * n + j] < 0 ? -gain : gain;
        for (let i = 0; i < m; i++) {
          const v = Q.data[i * n + j] * s;
          if (tall) W.data[i * cols + j] = v;
          else W.data[j * cols + i] = v;
        }
      }
      return roundInPlace(W);
    },
    std(fans) {
      const { fanIn, fanOut } = expectFans(fans, methodContext('orthogonal', 'std'));
      return gain / Math.sqrt(Math.max(fanIn, fanOut));
    },
  };
}

/**
 * An Initializer from a name or an Initializer object; throws for anything else, listing the valid names and
 * suggesting the nearest to a misspelt one.
 *
 * @param argument the caller's name for the value, used in the error message.
 * @param context the function the value was given to, named in the error message.
 * @internal
 * @example
 * ```ts
 * resolveInitializer('heNormal', 'spec.init', 'mlp').label; // 'He normal: N(0, 2/fan_in)'
 * resolveInitializer('xavir', 'spec.init', 'mlp'); // throws: … (did you mean "xavierNormal"?)
 * ```
 */
export function resolveInitializer(spec: unknown, argument: string, context: string): Initializer {
  if (typeof spec === 'string') {
    switch (spec) {
      case 'zeros':
        return zeroInit();
      case 'lecunNormal':
        return lecunNormal();
      case 'lecunUniform':
        return lecunUniform();
      case 'xavierNormal':
        return xavierNormal();
      case 'xavierUniform':
        return xavierUniform();
      case 'heNormal':
        return heNormal();
      case 'heUniform':
        return heUniform();
      case 'orthogonal':
        return orthogonalInit();
    }
    throw GradscopeArgumentError.notOneOf(argument, spec, INITIALIZER_NAMES, context);
  }
  if (
    typeof spec === 'object' &&
    spec !== null &&
    typeof (spec as Initializer).create === 'function' &&
    typeof (spec as Initializer).name === 'string'
  ) {
    return spec as Initializer;
  }
  throw new GradscopeArgumentError(
    argument,
    spec,
    `an initializer name (one of ${quotedNames(INITIALIZER_NAMES)}) or an Initializer such as scaledIdentityInit(1.5)`,
    context,
  );
}
