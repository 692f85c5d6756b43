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
 *
 * η may be a schedule (schedules.ts): each optimizer counts its updates t = 1, 2, … and uses η_t at update t.
 * `saveState` and `loadState` copy the whole state out and back in parameter order, so a run saved with
 * `snapshot` (snapshot.ts) continues bit for bit in a copy of the network.
 */

import type { FloatArray } from './dtype.js';
import { allocate, roundArray } from './dtype.js';
import { GradscopeArgumentError, expectKnownKeys, expectPositiveNumber } from './errors.js';
import type { Param } from './layer.js';
import { isMatrix } from './matrix.js';
import { resolveLearningRate, type ResolvedLearningRate, type Schedule } from './schedules.js';

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
  /** The update count and the learning rate in use (sgd, momentum and adam have it; optional for your own). */
  readonly state?: OptimizerState;
  /** A deep copy of the state for `params`, in their order (optional for your own; see `snapshot`). */
  saveState?(params: readonly Param[]): OptimizerSnapshot;
  /** Replaces the state with a copy of `saved`, matching `params` by position (optional for your own). */
  loadState?(params: readonly Param[], saved: OptimizerSnapshot): void;
}

/**
 * Where an optimizer is in its run: a live view, updated by every `step()`.
 *
 * @example
 * ```ts
 * const optimizer = sgd({ learningRate: warmupSchedule({ learningRate: 0.1, warmupSteps: 10 }) });
 * optimizer.step(net.params);
 * optimizer.state; // { step: 1, learningRate: 0.01 }
 * ```
 */
export interface OptimizerState {
  /** Updates applied since the optimizer was made (or reset): the t of its last update. */
  readonly step: number;
  /** η_t of the last update, t = `step`; before the first update, η_1, the rate it will use. */
  readonly learningRate: number;
}

/**
 * One parameter's optimizer state inside an {@link OptimizerSnapshot}.
 *
 * @example
 * ```ts
 * const { step, arrays }: ParamOptimizerState = adamOptimizer.saveState(net.params).params[0]!;
 * arrays[0]; // Adam's first moment m of W^[1]; arrays[1] is s
 * ```
 */
export interface ParamOptimizerState {
  /** The parameter's own update count (Adam's t for bias correction; 0 for momentum, which has none). */
  readonly step: number;
  /** Copies of the state arrays: [v] for momentum, [m, s] for Adam, each with the parameter's entries. */
  readonly arrays: readonly FloatArray[];
}

/**
 * A deep copy of an optimizer's state, from `saveState`: what `snapshot` keeps and `loadState` puts back.
 *
 * @example
 * ```ts
 * const saved: OptimizerSnapshot = optimizer.saveState!(net.params);
 * saved.step; // updates applied so far
 * ```
 */
export interface OptimizerSnapshot {
  /** The rule it belongs to (`'sgd'`, `'momentum'`, `'adam'`): state loads only into the same rule. */
  readonly name: string;
  /** The optimizer's update count: a schedule continues from step + 1. */
  readonly step: number;
  /** Per parameter, in the order given to saveState; null for a parameter without state (yet). */
  readonly params: readonly (ParamOptimizerState | null)[];
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
  /** η > 0, or a schedule of η over the steps (schedules.ts). */
  readonly learningRate: number | Schedule;
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
  /** η > 0, or a schedule of η over the steps (schedules.ts). */
  readonly learningRate: number | Schedule;
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
  /** η > 0, or a schedule of η over the steps (schedules.ts); default 1e-3 (the paper's). */
  readonly learningRate?: number | Schedule;
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
  const rate = resolveLearningRate(checked.learningRate, 'learningRate', context);
  const clock = createClock(rate);
  return {
    name: 'sgd',
    label: `SGD (η = ${rate.label})`,
    state: clock.state,
    step(params) {
      expectParams(params, context);
      const learningRate = clock.tick();
      for (const param of params) {
        const w = param.value.data;
        const g = param.grad.data;
        for (let i = 0; i < w.length; i++) w[i] -= learningRate * g[i];
        roundArray(param.value.dtype, w);
      }
    },
    reset() {
      // SGD keeps no state but its step count.
      clock.set(0);
    },
    saveState(params) {
      expectParams(params, context);
      return { name: 'sgd', step: clock.state.step, params: params.map(() => null) };
    },
    loadState(params, saved) {
      expectSnapshot(params, saved, 'sgd', 0, context);
      clock.set(saved.step);
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
  const rate = resolveLearningRate(checked.learningRate, 'learningRate', context);
  const mu = expectUnitInterval('momentum', checked.momentum ?? MOMENTUM_DEFAULTS.momentum, context);
  const clock = createClock(rate);
  let velocities = new WeakMap<Param, FloatArray>();
  return {
    name: 'momentum',
    label: `momentum (η = ${rate.label}, μ = ${mu})`,
    state: clock.state,
    step(params) {
      expectParams(params, context);
      const learningRate = clock.tick();
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
      clock.set(0);
    },
    saveState(params) {
      expectParams(params, context);
      const saved = params.map((param) => {
        const v = velocities.get(param);
        return v === undefined ? null : { step: 0, arrays: [v.slice()] };
      });
      return { name: 'momentum', step: clock.state.step, params: saved };
    },
    loadState(params, saved) {
      expectSnapshot(params, saved, 'momentum', 1, context);
      velocities = new WeakMap();
      params.forEach((param, i) => {
        const entry = saved.params[i];
        if (entry !== null) velocities.set(param, copyInto(param, entry.arrays[0]));
      });
      clock.set(saved.step);
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
  const rate = resolveLearningRate(
    checked.learningRate ?? ADAM_DEFAULTS.learningRate,
    'learningRate',
    context,
  );
  const beta1 = expectUnitInterval('beta1', checked.beta1 ?? ADAM_DEFAULTS.beta1, context);
  const beta2 = expectUnitInterval('beta2', checked.beta2 ?? ADAM_DEFAULTS.beta2, context);
  const epsilon = expectPositiveNumber('epsilon', checked.epsilon ?? ADAM_DEFAULTS.epsilon, context);
  const clock = createClock(rate);
  let states = new WeakMap<Param, AdamState>();
  return {
    name: 'adam',
    label: `Adam (η = ${rate.label}, β1 = ${beta1}, β2 = ${beta2}, ε = ${epsilon})`,
    state: clock.state,
    step(params) {
      expectParams(params, context);
      const learningRate = clock.tick();
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
      clock.set(0);
    },
    saveState(params) {
      expectParams(params, context);
      const saved = params.map((param) => {
        const state = states.get(param);
        return state === undefined ? null : { step: state.t, arrays: [state.m.slice(), state.s.slice()] };
      });
      return { name: 'adam', step: clock.state.step, params: saved };
    },
    loadState(params, saved) {
      expectSnapshot(params, saved, 'adam', 2, context);
      states = new WeakMap();
      params.forEach((param, i) => {
        const entry = saved.params[i];
        if (entry === null) return;
        const [m, s] = entry.arrays;
        states.set(param, { m: copyInto(param, m), s: copyInto(param, s), t: entry.step });
      });
      clock.set(saved.step);
    },
  };
}

interface Clock {
  /** The live state every optimizer exposes. */
  readonly state: OptimizerState;
  /** Counts one more update and returns its η. */
  tick(): number;
  /** Sets the count (0 after a reset, the saved count after loadState). */
  set(step: number): void;
}

/** The update count and η_t: the one piece of state every optimizer has, and what a schedule reads. */
function createClock(rate: ResolvedLearningRate): Clock {
  const state = { step: 0, learningRate: rate.at(1) };
  return {
    state,
    tick() {
      state.step += 1;
      state.learningRate = rate.at(state.step);
      return state.learningRate;
    },
    set(step) {
      state.step = step;
      state.learningRate = rate.at(Math.max(1, step));
    },
  };
}

/**
 * A fresh array of the parameter's dtype holding `values`, rounded to it (so a snapshot can be loaded many times,
 * and state written by hand is still numbers of the format).
 */
function copyInto(param: Param, values: FloatArray): FloatArray {
  const copy = allocate(param.value.dtype, values.length);
  copy.set(values);
  roundArray(param.value.dtype, copy);
  return copy;
}

/** Throws unless `saved` is this rule's snapshot, for these params: same count, same sizes. */
function expectSnapshot(
  params: readonly Param[],
  saved: OptimizerSnapshot,
  name: string,
  arrays: number,
  context: string,
): void {
  expectParams(params, context);
  if (typeof saved !== 'object' || saved === null || !Array.isArray(saved.params)) {
    throw new GradscopeArgumentError(
      'saved',
      saved,
      `an OptimizerSnapshot from ${name}'s saveState`,
      context,
    );
  }
  if (saved.name !== name) {
    throw new GradscopeArgumentError(
      'saved.name',
      saved.name,
      `"${name}": the state of one rule cannot continue another (start the new optimizer afresh instead)`,
      context,
    );
  }
  if (!Number.isInteger(saved.step) || saved.step < 0) {
    throw new GradscopeArgumentError('saved.step', saved.step, 'a non-negative integer', context);
  }
  if (saved.params.length !== params.length) {
    throw new GradscopeArgumentError(
      'saved.params',
      saved.params,
      `one entry per parameter (${params.length}): a snapshot of a network like this one`,
      context,
    );
  }
  saved.params.forEach((entry, i) => {
    if (entry === null) return;
    const n = params[i].value.data.length;
    if (
      typeof entry !== 'object' ||
      !Number.isInteger(entry.step) ||
      entry.step < 0 ||
      !Array.isArray(entry.arrays) ||
      entry.arrays.length !== arrays ||
      !entry.arrays.every((a: unknown) => ArrayBuffer.isView(a) && (a as FloatArray).length === n)
    ) {
      throw new GradscopeArgumentError(
        `saved.params[${i}]`,
        entry,
        `null or { step, arrays } with ${arrays} array(s) of ${n} entries, the size of ${params[i].name}`,
        context,
      );
    }
  });
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
