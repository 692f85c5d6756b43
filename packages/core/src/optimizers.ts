/**
 * Optimizers: rules that turn the gradients (dW, db) written by the backward pass into an update of the
 * parameters (W, b). With learning rate η and g the gradient of one parameter, at step t = 1, 2, …:
 *
 *   SGD        W ← W − η·g
 *   momentum   v ← μ·v − η·g,  W ← W + v
 *              Polyak's heavy ball (1964), in the form of Sutskever et al. 2013, "On the importance of
 *              initialization and momentum in deep learning", eq. 1; v starts at 0.
 *   Adam       m ← β1·m + (1 − β1)·g,   s ← β2·s + (1 − β2)·g²,
 *              m̂ = m / (1 − β1^t),     ŝ = s / (1 − β2^t),     W ← W − η·m̂ / (√ŝ + ε)
 *              Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1 (their v is our
 *              s, to keep v for the velocity above); m and s start at 0, and the bias correction undoes that.
 *
 * Per-parameter state (v, or m and s and t) lives in a WeakMap keyed by the Param: it is allocated the first
 * time a parameter is seen and reused at every later step, so a training loop allocates nothing per step.
 * State arrays have the parameter's dtype, so a float32 network keeps float32 optimizer state, as a float32
 * framework does.
 */

import type { FloatArray } from './dtype.js';
import { allocate, roundArray } from './dtype.js';
import { GradscopeArgumentError, expectKnownKeys, expectPositiveNumber } from './errors.js';
import type { Param } from './layer.js';
import { isMatrix } from './matrix.js';

/**
 * Updates parameters in place from their gradients. Any object with this shape works in `fit`, so a lesson
 * can write its own rule.
 *
 * @example
 * ```ts
 * const signSgd: Optimizer = {
 *   name: 'signSgd', label: 'sign SGD (η = 0.01)', reset() {},
 *   step(params) {
 *     for (const { value, grad } of params)
 *       for (let i = 0; i < value.data.length; i++) value.data[i] -= 0.01 * Math.sign(grad.data[i]);
 *   },
 * };
 * ```
 */
export interface Optimizer {
  /** Which rule: `'sgd'`, `'momentum'` or `'adam'` here; any name for an optimizer of your own. */
  readonly name: string;
  /** A readable description with the hyperparameters, for legends: `'momentum (η = 0.1, μ = 0.9)'`. */
  readonly label: string;
  /** Applies one update to every parameter, reading `param.grad` and writing `param.value`. */
  step(params: readonly Param[]): void;
  /** Forgets all state (velocities, moments, step counts), as if the optimizer were new. */
  reset(): void;
}

/**
 * Options of {@link sgd}.
 *
 * @example
 * ```ts
 * const options: SgdOptions = { learningRate: 0.1 };
 * ```
 */
export interface SgdOptions {
  /** η > 0. */
  readonly learningRate: number;
}

/**
 * Options of {@link momentum}.
 *
 * @example
 * ```ts
 * const options: MomentumOptions = { learningRate: 0.05, momentum: 0.9 };
 * ```
 */
export interface MomentumOptions {
  /** η > 0. */
  readonly learningRate: number;
  /** μ in [0, 1); default 0.9. μ = 0 is plain SGD. */
  readonly momentum?: number;
}

/**
 * Options of {@link adam}.
 *
 * @example
 * ```ts
 * const options: AdamOptions = { learningRate: 3e-4, beta2: 0.99 };
 * ```
 */
export interface AdamOptions {
  /** η > 0; default 1e-3 (the paper's). */
  readonly learningRate?: number;
  /** Decay of the first-moment average, in [0, 1); default 0.9. */
  readonly beta1?: number;
  /** Decay of the second-moment average, in [0, 1); default 0.999. */
  readonly beta2?: number;
  /** ε > 0 added to √ŝ so a zero gradient does not divide by zero; default 1e-8. */
  readonly epsilon?: number;
}

/**
 * Defaults of {@link momentum}.
 *
 * @example
 * ```ts
 * MOMENTUM_DEFAULTS.momentum; // 0.9
 * ```
 */
export const MOMENTUM_DEFAULTS = { momentum: 0.9 } as const;

/**
 * Defaults of {@link adam}: the values recommended by Kingma & Ba 2015, section 2.
 *
 * @example
 * ```ts
 * ADAM_DEFAULTS.beta2; // 0.999
 * ```
 */
export const ADAM_DEFAULTS = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/**
 * Plain gradient descent: W ← W − η·dW.
 *
 * @example
 * ```ts
 * const optimizer = sgd({ learningRate: 0.1 });
 * optimizer.step(net.params); // after a backward pass has written the gradients
 * ```
 */
export function sgd(options: SgdOptions): Optimizer {
  const context = 'sgd';
  const checked = expectKnownKeys('options', options, ['learningRate'], '{ learningRate: 0.1 }', context);
  const learningRate = expectPositiveNumber('learningRate', checked.learningRate, context);
  return {
    name: 'sgd',
    label: `SGD (η = ${learningRate})`,
    step(params) {
      expectParams(params, context);
      for (const param of params) {
        const w = param.value.data;
        const g = param.grad.data;
        for (let i = 0; i < w.length; i++) w[i] -= learningRate * g[i];
        roundArray(param.value.dtype, w);
      }
    },
    reset() {
      // SGD keeps no state.
    },
  };
}

/**
 * Heavy-ball momentum (Polyak 1964): v ← μ·v − η·dW, W ← W + v. A gradient that keeps its sign is amplified
 * up to 1/(1 − μ) times; one that flips sign is damped.
 *
 * @example
 * ```ts
 * const optimizer = momentum({ learningRate: 0.05, momentum: 0.9 });
 * optimizer.step(net.params);
 * ```
 */
export function momentum(options: MomentumOptions): Optimizer {
  const context = 'momentum';
  const checked = expectKnownKeys(
    'options',
    options,
    ['learningRate', 'momentum'],
    '{ learningRate: 0.1, momentum: 0.9 }',
    context,
  );
  const learningRate = expectPositiveNumber('learningRate', checked.learningRate, context);
  const mu = expectUnitInterval('momentum', checked.momentum ?? MOMENTUM_DEFAULTS.momentum, context);
  let velocities = new WeakMap<Param, FloatArray>();
  return {
    name: 'momentum',
    label: `momentum (η = ${learningRate}, μ = ${mu})`,
    step(params) {
      expectParams(params, context);
      for (const param of params) {
        let v = velocities.get(param);
        if (v === undefined) {
          v = allocate(param.value.dtype, param.value.data.length);
          velocities.set(param, v);
        }
        const w = param.value.data;
        const g = param.grad.data;
        for (let i = 0; i < w.length; i++) {
          const vi = mu * v[i] - learningRate * g[i];
          v[i] = vi;
          w[i] += vi;
        }
        roundArray(param.value.dtype, v);
        roundArray(param.value.dtype, w);
      }
    },
    reset() {
      velocities = new WeakMap();
    },
  };
}

interface AdamState {
  readonly m: FloatArray;
  readonly s: FloatArray;
  t: number;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1), with bias correction. Its first step moves every parameter by almost
 * exactly η·sign(dW), whatever the gradient's size: that is why Adam trains through gradients that vanish.
 *
 * @example
 * ```ts
 * const optimizer = adam({ learningRate: 1e-3 });
 * optimizer.step(net.params);
 * ```
 */
export function adam(options: AdamOptions = {}): Optimizer {
  const context = 'adam';
  const checked = expectKnownKeys(
    'options',
    options,
    ['learningRate', 'beta1', 'beta2', 'epsilon'],
    '{ learningRate: 0.001 }',
    context,
  );
  const learningRate = expectPositiveNumber(
    'learningRate',
    checked.learningRate ?? ADAM_DEFAULTS.learningRate,
    context,
  );
  const beta1 = expectUnitInterval('beta1', checked.beta1 ?? ADAM_DEFAULTS.beta1, context);
  const beta2 = expectUnitInterval('beta2', checked.beta2 ?? ADAM_DEFAULTS.beta2, context);
  const epsilon = expectPositiveNumber('epsilon', checked.epsilon ?? ADAM_DEFAULTS.epsilon, context);
  let states = new WeakMap<Param, AdamState>();
  return {
    name: 'adam',
    label: `Adam (η = ${learningRate}, β1 = ${beta1}, β2 = ${beta2}, ε = ${epsilon})`,
    step(params) {
      expectParams(params, context);
      for (const param of params) {
        let state = states.get(param);
        if (state === undefined) {
          const n = param.value.data.length;
          state = { m: allocate(param.value.dtype, n), s: allocate(param.value.dtype, n), t: 0 };
          states.set(param, state);
        }
        // Each parameter counts its own steps (as PyTorch does), so a parameter added later starts at t = 1.
        state.t += 1;
        const correction1 = 1 / (1 - beta1 ** state.t);
        const correction2 = 1 / (1 - beta2 ** state.t);
        const { m, s } = state;
        const w = param.value.data;
        const g = param.grad.data;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i];
          const mi = beta1 * m[i] + (1 - beta1) * gi;
          const si = beta2 * s[i] + (1 - beta2) * gi * gi;
          m[i] = mi;
          s[i] = si;
          w[i] -= (learningRate * (mi * correction1)) / (Math.sqrt(si * correction2) + epsilon);
        }
        roundArray(param.value.dtype, m);
        roundArray(param.value.dtype, s);
        roundArray(param.value.dtype, w);
      }
    },
    reset() {
      states = new WeakMap();
    },
  };
}

/** Throws unless `value` is in [0, 1): at 1 an average never forgets and bias correction divides by 0. */
function expectUnitInterval(argument: string, value: unknown, context: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new GradscopeArgumentError(argument, value, 'a number in [0, 1)', context);
  }
  return value;
}

/** Cheap per-step check (no allocation): each entry is a Param whose gradient has its value's shape. */
function expectParams(params: readonly Param[], context: string): void {
  if (!Array.isArray(params)) {
    throw new GradscopeArgumentError('params', params, 'an array of Params (net.params)', context);
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (
      typeof p !== 'object' ||
      p === null ||
      !isMatrix(p.value) ||
      !isMatrix(p.grad) ||
      p.value.rows !== p.grad.rows ||
      p.value.cols !== p.grad.cols
    ) {
      throw new GradscopeArgumentError(
        `params[${i}]`,
        p,
        'a Param { name, value, grad } whose grad has the shape of its value',
        context,
      );
    }
  }
}
