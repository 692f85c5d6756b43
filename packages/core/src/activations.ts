/**
 * Activation functions, each with its derivative right beside it (as in micrograd's `engine.py`), so a reader
 * checks one against the other at a glance.
 *
 * In the lessons' notation a layer computes z = W·a_prev + b, then a = g(z); backpropagation multiplies the
 * incoming gradient elementwise by the local slope: delta = dZ = dA ⊙ g'(z). Whether g'(z) sits near 0, near
 * 1 or above 1 across many layers is the whole story of vanishing and exploding gradients, which is why every
 * activation also says when one of its units is *inactive* (saturated or dead).
 *
 * Sources: SELU and its constants, Klambauer et al., "Self-Normalizing Neural Networks", NeurIPS 2017; ELU,
 * Clevert et al., ICLR 2016; GELU (the exact form z·Φ(z), not the tanh approximation), Hendrycks & Gimpel,
 * "Gaussian Error Linear Units", 2016; leaky ReLU, Maas et al., ICML workshop 2013; erf, the sigmoidal unit
 * whose Gaussian expectations have closed forms (Williams, "Computing with infinite networks", NeurIPS 1996),
 * used by the mean-field lessons beside tanh.
 */

import {
  GradscopeArgumentError,
  expectFiniteNumber,
  expectKnownKeys,
  expectPositiveNumber,
  quotedNames,
} from './errors.js';
import { expectMatrix, expectSameShape, roundInPlace, zeros, type Matrix } from './matrix.js';
import { erf as erfOf, normalCdf, normalPdf } from './special.js';

/** The names of the built-in activations. */
export type ActivationName =
  'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'elu' | 'selu' | 'gelu' | 'softplus' | 'erf';

/** An elementwise activation g with its derivative g'. */
export interface Activation {
  readonly name: ActivationName;
  /** A readable name for legends and tables, e.g. `'leaky ReLU (slope 0.01)'`. */
  readonly label: string;
  /** g(z). */
  apply(z: number): number;
  /** g'(z); `a = g(z)` is passed too because sigmoid and tanh derive cheaply from it. */
  derivative(z: number, a: number): number;
  /** When a unit counts as inactive, for the per-layer statistics (`'saturated'` or `'dead'`). */
  readonly inactive?: { readonly kind: 'saturated' | 'dead'; test(z: number, a: number): boolean };
}

/** A built-in name or an Activation object. */
export type ActivationSpec = ActivationName | Activation;

/** Every built-in activation name, in the order the lessons introduce them. */
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'softplus',
  'erf',
];

/** SELU's α, Klambauer et al. 2017 (eq. 14): with λ it makes mean 0, variance 1 a fixed point. */
export const SELU_ALPHA = 1.6732632423543772;
/** SELU's scale λ, Klambauer et al. 2017 (eq. 14). */
export const SELU_LAMBDA = 1.0507009873554805;

/** Options of `activation()`, with their defaults. */
export interface ActivationOptions {
  /** Slope of leaky ReLU for z < 0 (default 0.01). */
  readonly slope?: number;
  /** Scale α of ELU for z < 0 (default 1). */
  readonly alpha?: number;
}

const defaults = { slope: 0.01, alpha: 1 } as const;

/**
 * A sigmoid or tanh unit counts as saturated when its slope has fallen below 1% of the function's maximum
 * slope (1/4 for sigmoid, reached at |z| ≈ 5.99; 1 for tanh, at |z| ≈ 2.99). Such a unit passes back less
 * than a hundredth of what it would in its linear regime: two in a row already cost four orders of
 * magnitude, which is the vanishing the lessons show. The threshold is a convention; 1% keeps the fraction
 * near 0 for a well-initialised network and near 1 for a visibly saturated one.
 */
const SATURATION_FRACTION = 0.01;

// ---------------------------------------------------------------------------------------------------------
// The built-in activations: forward and derivative side by side.
// ---------------------------------------------------------------------------------------------------------

const identity: Activation = {
  name: 'identity',
  label: 'identity',
  apply: (z) => z,
  derivative: () => 1,
};

/** σ(z) = 1/(1 + e^(−z)), evaluated so that exp only ever sees a non-positive argument (no overflow). */
function sigmoidOf(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const sigmoid: Activation = {
  name: 'sigmoid',
  label: 'sigmoid',
  apply: sigmoidOf,
  derivative: (_z, a) => a * (1 - a), // σ' = σ(1 − σ), at most 1/4 (at z = 0)
  inactive: { kind: 'saturated', test: (_z, a) => a * (1 - a) < SATURATION_FRACTION * 0.25 },
};

const tanh: Activation = {
  name: 'tanh',
  label: 'tanh',
  apply: Math.tanh,
  derivative: (_z, a) => 1 - a * a, // tanh' = 1 − tanh², at most 1 (at z = 0)
  inactive: { kind: 'saturated', test: (_z, a) => 1 - a * a < SATURATION_FRACTION },
};

// g'(0) = 0 by convention (as PyTorch and TensorFlow do): ReLU is not differentiable at 0, and 0 is a valid
// subgradient. It matters only when z is exactly 0, e.g. for a zero-initialised layer.
const relu: Activation = {
  name: 'relu',
  label: 'ReLU',
  apply: (z) => (z > 0 ? z : 0),
  derivative: (z) => (z > 0 ? 1 : 0),
  inactive: { kind: 'dead', test: (z) => z <= 0 },
};

function makeLeakyRelu(slope: number): Activation {
  return {
    name: 'leakyRelu',
    label: `leaky ReLU (slope ${slope})`,
    apply: (z) => (z > 0 ? z : slope * z),
    derivative: (z) => (z > 0 ? 1 : slope), // at the kink z = 0: the slope, never 0, so no unit ever dies
  };
}

function makeElu(alpha: number): Activation {
  return {
    name: 'elu',
    label: `ELU (α = ${alpha})`,
    // expm1 keeps α(e^z − 1) accurate for small |z|.
    apply: (z) => (z > 0 ? z : alpha * Math.expm1(z)),
    derivative: (z, a) => (z > 0 ? 1 : a + alpha), // α·e^z = g(z) + α for z ≤ 0
  };
}

const selu: Activation = {
  name: 'selu',
  label: 'SELU',
  apply: (z) => (z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * Math.expm1(z)),
  derivative: (z, a) => (z > 0 ? SELU_LAMBDA : a + SELU_LAMBDA * SELU_ALPHA), // λα·e^z = g(z) + λα for z ≤ 0
};

// Exact GELU: z·Φ(z), whose derivative Φ(z) + z·φ(z) follows from the product rule and Φ' = φ.
const gelu: Activation = {
  name: 'gelu',
  label: 'GELU',
  apply: (z) => z * normalCdf(z),
  derivative: (z) => normalCdf(z) + z * normalPdf(z),
};

// softplus(z) = log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)): exp never overflows, and log1p keeps the
// small values of the left tail.
const softplus: Activation = {
  name: 'softplus',
  label: 'softplus',
  apply: (z) => (z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z))),
  derivative: (z) => sigmoidOf(z), // d/dz log(1 + e^z) = σ(z)
};

// erf(z) = (2/√π)∫₀^z e^(−t²) dt: tanh's shape (odd, saturating at ±1, slope 1.128 at 0) with Gaussian
// expectations in closed form (the arcsine kernel), which is why mean-field theory likes it.
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const erf: Activation = {
  name: 'erf',
  label: 'erf',
  apply: erfOf,
  derivative: (z) => TWO_OVER_SQRT_PI * Math.exp(-z * z), // erf' = (2/√π)·e^(−z²), at most 1.128 (at z = 0)
  inactive: { kind: 'saturated', test: (z) => Math.exp(-z * z) < SATURATION_FRACTION },
};

const leakyRelu = makeLeakyRelu(defaults.slope);
const elu = makeElu(defaults.alpha);

const BUILT_IN: Readonly<Record<ActivationName, Activation>> = {
  identity,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  elu,
  selu,
  gelu,
  softplus,
  erf,
};

/**
 * The built-in activation `name`, optionally configured: `slope` for leaky ReLU (default 0.01), `alpha` for
 * ELU (default 1). Without options the same object is returned every time.
 *
 * @example
 * ```ts
 * activation('tanh').apply(0.5); // 0.46211715726000974
 * activation('leakyRelu', { slope: 0.2 }).label; // 'leaky ReLU (slope 0.2)'
 * ```
 */
export function activation(name: ActivationName, options: ActivationOptions = {}): Activation {
  const context = 'activation';
  if (typeof name !== 'string')
    throw GradscopeArgumentError.notOneOf('name', name, ACTIVATION_NAMES, context);
  const base = resolveActivation(name, 'name', context);
  expectKnownKeys('options', options, ['slope', 'alpha'], '{ slope } or { alpha }', context);
  const { slope, alpha } = options;
  if (slope !== undefined && name !== 'leakyRelu') {
    throw new GradscopeArgumentError(
      'options.slope',
      slope,
      `left out: only "leakyRelu" has a slope`,
      context,
    );
  }
  if (alpha !== undefined && name !== 'elu') {
    throw new GradscopeArgumentError(
      'options.alpha',
      alpha,
      `left out: only "elu" takes alpha (SELU's constants are fixed)`,
      context,
    );
  }
  if (slope !== undefined) return makeLeakyRelu(expectFiniteNumber('options.slope', slope, context));
  if (alpha !== undefined) return makeElu(expectPositiveNumber('options.alpha', alpha, context));
  return base;
}

/**
 * An Activation from a name or an Activation object; throws for anything else, listing the valid names and
 * suggesting the nearest to a misspelt one.
 *
 * @param argument the caller's name for the value, used in the error message.
 * @param context the function the value was given to, named in the error message.
 * @internal
 * @example
 * ```ts
 * resolveActivation('relu', 'spec.activation', 'mlp').label; // 'ReLU'
 * resolveActivation('tahn', 'spec.activation', 'mlp');
 * // throws: mlp: spec.activation must be one of "identity", "sigmoid", "tanh", …; received "tahn" (did you mean "tanh"?)
 * ```
 */
export function resolveActivation(spec: unknown, argument: string, context: string): Activation {
  if (typeof spec === 'string') {
    if (Object.prototype.hasOwnProperty.call(BUILT_IN, spec)) return BUILT_IN[spec as ActivationName];
    throw GradscopeArgumentError.notOneOf(argument, spec, ACTIVATION_NAMES, context);
  }
  if (
    typeof spec === 'object' &&
    spec !== null &&
    typeof (spec as Activation).apply === 'function' &&
    typeof (spec as Activation).derivative === 'function' &&
    typeof (spec as Activation).name === 'string'
  ) {
    return spec as Activation;
  }
  throw new GradscopeArgumentError(
    argument,
    spec,
    `an activation name (one of ${quotedNames(ACTIVATION_NAMES)}) or an Activation object with name, apply and derivative`,
    context,
  );
}

function expectActivation(g: unknown, context: string): Activation {
  if (typeof g !== 'object' || g === null || typeof (g as Activation).apply !== 'function') {
    throw new GradscopeArgumentError('g', g, 'an Activation object (from activation(name))', context);
  }
  return g as Activation;
}

// ---------------------------------------------------------------------------------------------------------
// Whole-matrix forward and backward. The four activations deep-network lessons run most (identity, ReLU,
// tanh, sigmoid) get loops with the formula inlined: no function call per element. Everything else takes the
// generic loop, which calls g.apply / g.derivative and gives the same numbers.
// ---------------------------------------------------------------------------------------------------------

/**
 * A = g(Z), elementwise. Writes into `out` when given (it may be `Z` itself); otherwise allocates a matrix of
 * Z's shape and dtype.
 *
 * @example
 * ```ts
 * const A = applyActivation(activation('relu'), matrix([[-1, 2]])); // [[0, 2]]
 * ```
 */
export function applyActivation(g: Activation, Z: Matrix, out?: Matrix): Matrix {
  expectActivation(g, 'applyActivation');
  expectMatrix('Z', Z, 'applyActivation');
  const result =
    out === undefined ? zeros(Z.rows, Z.cols, Z.dtype) : expectMatrix('out', out, 'applyActivation');
  expectSameShape('out', result, Z, 'applyActivation');
  const z = Z.data;
  const a = result.data;
  const n = z.length;
  if (g === identity) {
    if (a !== z) a.set(z);
  } else if (g === relu) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      a[i] = v > 0 ? v : 0;
    }
  } else if (g === tanh) {
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
  } else if (g === sigmoid) {
    for (let i = 0; i < n; i++) {
      const v = z[i];
      if (v >= 0) {
        a[i] = 1 / (1 + Math.exp(-v));
      } else {
        const e = Math.exp(v);
        a[i] = e / (1 + e);
      }
    }
  } else {
    for (let i = 0; i < n; i++) a[i] = g.apply(z[i]);
  }
  return roundInPlace(result);
}

/**
 * The backward step through g: dZ = dA ⊙ g'(Z), given Z and A = g(Z) from the forward pass. Writes into `out`
 * when given (it may be `dA` itself); otherwise allocates a matrix of Z's shape and dtype.
 *
 * @example
 * ```ts
 * const g = activation('tanh');
 * const Z = matrix([[0, 1]]);
 * const dZ = activationBackward(g, Z, applyActivation(g, Z), matrix([[1, 1]])); // [[1, 0.41997434161402614]]
 * ```
 */
export function activationBackward(g: Activation, Z: Matrix, A: Matrix, dA: Matrix, out?: Matrix): Matrix {
  expectActivation(g, 'activationBackward');
  expectMatrix('Z', Z, 'activationBackward');
  expectMatrix('A', A, 'activationBackward');
  expectMatrix('dA', dA, 'activationBackward');
  expectSameShape('A', A, Z, 'activationBackward');
  expectSameShape('dA', dA, Z, 'activationBackward');
  const result =
    out === undefined ? zeros(Z.rows, Z.cols, Z.dtype) : expectMatrix('out', out, 'activationBackward');
  expectSameShape('out', result, Z, 'activationBackward');
  const z = Z.data;
  const a = A.data;
  const d = dA.data;
  const dz = result.data;
  const n = z.length;
  if (g === identity) {
    if (dz !== d) dz.set(d);
  } else if (g === relu) {
    // Multiplying (rather than selecting 0) keeps NaN in dA visible, exactly as the generic loop does.
    for (let i = 0; i < n; i++) dz[i] = d[i] * (z[i] > 0 ? 1 : 0);
  } else if (g === tanh) {
    for (let i = 0; i < n; i++) {
      const v = a[i];
      dz[i] = d[i] * (1 - v * v);
    }
  } else if (g === sigmoid) {
    for (let i = 0; i < n; i++) {
      const v = a[i];
      dz[i] = d[i] * (v * (1 - v));
    }
  } else {
    for (let i = 0; i < n; i++) dz[i] = d[i] * g.derivative(z[i], a[i]);
  }
  return roundInPlace(result);
}
