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
  /** A rows × cols matrix (fan_in = cols, fan_out = rows). */
  create(rows: number, cols: number, random: Random, dtype?: DType): Matrix;
  /** The standard deviation of the entries it draws, when defined. */
  std?(fanIn: number, fanOut: number): number;
}

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

/** Validates the arguments every `create` takes and allocates the result. */
function start(name: string, rows: number, cols: number, random: Random | null, dtype: unknown): Matrix {
  const context = `${name}.create`;
  expectPositiveInteger('rows', rows, context);
  expectPositiveInteger('cols', cols, context);
  if (random !== null) expectRandom('random', random, context);
  return zeros(rows, cols, expectDType('dtype', dtype, context));
}

function expectFans(name: string, fanIn: number, fanOut: number): void {
  expectPositiveInteger('fanIn', fanIn, `${name}.std`);
  expectPositiveInteger('fanOut', fanOut, `${name}.std`);
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
    std(fanIn, fanOut) {
      expectFans(name, fanIn, fanOut);
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
    std: () => 0,
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
    std: () => 0,
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
 * Independent N(0, std²) entries, whatever the layer's size.
 *
 * @example
 * ```ts
 * normalInit(0.01).create(256, 256, createRandom(1)); // the "small random numbers" that vanish with depth
 * ```
 */
export function normalInit(std: number): Initializer {
  expectNonNegativeNumber('std', std, 'normalInit');
  return scaledRule('normal', `N(0, ${std}²)`, () => std, drawNormal);
}

/**
 * Independent U(−limit, limit) entries, whatever the layer's size (std = limit/√3).
 *
 * @example
 * ```ts
 * uniformInit(0.05).create(3, 2, createRandom(1));
 * ```
 */
export function uniformInit(limit: number): Initializer {
  expectNonNegativeNumber('limit', limit, 'uniformInit');
  return scaledRule('uniform', `U(−${limit}, ${limit})`, () => limit / Math.sqrt(3), drawUniform);
}

const lecunStd = (fanIn: number): number => Math.sqrt(1 / fanIn);
const xavierStd = (fanIn: number, fanOut: number): number => Math.sqrt(2 / (fanIn + fanOut));
const heStd = (fanIn: number): number => Math.sqrt(2 / fanIn);

/**
 * LeCun normal: N(0, 1/fan_in) (LeCun et al. 1998). The right scale for SELU and for linear or tanh units.
 *
 * @example
 * ```ts
 * lecunNormal().std!(100, 100); // 0.1
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
 * xavierNormal().std!(100, 100); // 0.1
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
 * heNormal().std!(200, 50); // 0.1
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
    std(fanIn, fanOut) {
      expectFans('orthogonal', fanIn, fanOut);
      return gain / Math.sqrt(Math.max(fanIn, fanOut));
    },
  };
}

/**
 * An Initializer from a name or an Initializer object; throws for anything else, listing the valid names.
 *
 * @param argument the caller's name for the value, used in the error message.
 * @example
 * ```ts
 * resolveInitializer('heNormal').label; // 'He normal: N(0, 2/fan_in)'
 * resolveInitializer(scaledIdentityInit(1.5)).name; // 'scaledIdentity'
 * ```
 */
export function resolveInitializer(spec: unknown, argument = 'init'): Initializer {
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
    throw new GradscopeArgumentError(argument, spec, `one of ${quotedNames(INITIALIZER_NAMES)}`);
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
  );
}
