/**
 * Learning-rate schedules: η as a function of the step t = 1, 2, … (the optimizer's count of updates). Any of
 * them, or any function of your own, goes where a number would: `sgd({ learningRate: warmupSchedule(…) })`.
 *
 *   constant        η_t = η
 *   linear warmup   η_t = η·min(1, t/W)                        (Goyal et al. 2017, "Accurate, Large Minibatch
 *                                                               SGD", §2.2, gradual warmup)
 *   warmup, cosine  η_t = η·t/W for t ≤ W, then
 *                   η_t = η_end + ½(η − η_end)(1 + cos(π·(t − W)/(T − W)))  for W < t ≤ T,  η_end after T
 *                                                              (Loshchilov & Hutter 2017, "SGDR", eq. 5,
 *                                                               one cycle, no restart)
 *   step decay      η_t = η·γ^⌊(t − 1)/k⌋                      (PyTorch's StepLR, counted from step 1)
 *   inverse √t      η_t = η·min(t/W, √(W/t))                   (Vaswani et al. 2017, "Attention Is All You
 *                                                               Need", §5.3, scaled so the peak at t = W is η)
 *
 * Why warmup matters for the lessons: at step 1 Adam moves every parameter by about η whatever its gradient
 * (see optimizers.ts), and plain SGD on a sharp start can overshoot; a small η for the first W steps lets the
 * moments and the curvature settle before the full step size is used.
 */

import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectNonNegativeInteger,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';

/**
 * A learning-rate schedule: the learning rate η_t at the 1-based step t. Built-in schedules carry a `label`
 * for legends; any function `(step) => number` returning a finite η ≥ 0 works too.
 *
 * @example
 * ```ts
 * const schedule: Schedule = warmupSchedule({ learningRate: 0.1, warmupSteps: 100 });
 * schedule(50); // 0.05
 * const halving: Schedule = (step) => 0.1 / 2 ** Math.floor(step / 1000); // a schedule of your own
 * ```
 */
export interface Schedule {
  (step: number): number;
  /** A readable description for legends: `'warmup 100 steps → 0.1'`. */
  readonly label?: string;
}

/**
 * Options of {@link warmupSchedule}.
 *
 * @example
 * ```ts
 * const options: WarmupScheduleOptions = { learningRate: 0.1, warmupSteps: 100 };
 * ```
 */
export interface WarmupScheduleOptions {
  /** η > 0, reached at step W and kept after. */
  readonly learningRate: number;
  /** W ≥ 1: the number of steps over which η rises linearly from η/W to η. */
  readonly warmupSteps: number;
}

/**
 * Options of {@link cosineSchedule}.
 *
 * @example
 * ```ts
 * const options: CosineScheduleOptions = { learningRate: 3e-3, warmupSteps: 50, totalSteps: 500 };
 * ```
 */
export interface CosineScheduleOptions {
  /** The peak η > 0, reached at the end of warmup. */
  readonly learningRate: number;
  /** W ≥ 0 steps of linear warmup before the decay (default 0: decay from step 1). */
  readonly warmupSteps?: number;
  /** T > W: the step at which the decay reaches `finalLearningRate`, kept after. */
  readonly totalSteps: number;
  /** η_end in [0, η] (default 0). */
  readonly finalLearningRate?: number;
}

/**
 * Options of {@link stepDecaySchedule}.
 *
 * @example
 * ```ts
 * const options: StepDecayScheduleOptions = { learningRate: 0.1, stepSize: 100, factor: 0.5 };
 * ```
 */
export interface StepDecayScheduleOptions {
  /** η > 0 for the first `stepSize` steps. */
  readonly learningRate: number;
  /** k ≥ 1: η is multiplied by `factor` after every k steps. */
  readonly stepSize: number;
  /** γ in (0, 1] (default 0.1). */
  readonly factor?: number;
}

/**
 * Options of {@link inverseSqrtSchedule}.
 *
 * @example
 * ```ts
 * const options: InverseSqrtScheduleOptions = { learningRate: 1e-3, warmupSteps: 400 };
 * ```
 */
export interface InverseSqrtScheduleOptions {
  /** The peak η > 0, reached at step W. */
  readonly learningRate: number;
  /** W ≥ 1: linear warmup to η over W steps, then η·√(W/t). */
  readonly warmupSteps: number;
}

/**
 * Defaults of the schedules.
 *
 * @example
 * ```ts
 * SCHEDULE_DEFAULTS.stepDecayFactor; // 0.1
 * ```
 */
export const SCHEDULE_DEFAULTS = {
  cosineWarmupSteps: 0,
  finalLearningRate: 0,
  stepDecayFactor: 0.1,
} as const;

/**
 * The same η at every step: what `learningRate: 0.1` means, as a schedule.
 *
 * @example
 * ```ts
 * constantSchedule({ learningRate: 0.1 })(500); // 0.1
 * ```
 */
export function constantSchedule(options: { readonly learningRate: number }): Schedule {
  const context = 'constantSchedule';
  const checked = expectKnownKeys('options', options, ['learningRate'], '{ learningRate: 0.1 }', context);
  const eta = expectPositiveNumber('options.learningRate', checked.learningRate, context);
  return labelled((step) => {
    expectStep(step, context);
    return eta;
  }, `constant ${eta}`);
}

/**
 * Linear warmup, then constant: η_t = η·min(1, t/W).
 *
 * @example
 * ```ts
 * const schedule = warmupSchedule({ learningRate: 0.1, warmupSteps: 100 });
 * schedule(1); // 0.001
 * schedule(100); // 0.1, and 0.1 from then on
 * ```
 */
export function warmupSchedule(options: WarmupScheduleOptions): Schedule {
  const context = 'warmupSchedule';
  const checked = expectKnownKeys(
    'options',
    options,
    ['learningRate', 'warmupSteps'],
    '{ learningRate: 0.1, warmupSteps: 100 }',
    context,
  );
  const eta = expectPositiveNumber('options.learningRate', checked.learningRate, context);
  const warmup = expectPositiveInteger('options.warmupSteps', checked.warmupSteps, context);
  return labelled(
    (step) => eta * Math.min(1, expectStep(step, context) / warmup),
    `warmup ${warmup} steps → ${eta}`,
  );
}

/**
 * Linear warmup over W steps, then a half cosine from η down to η_end at step T (one SGDR cycle).
 *
 * @example
 * ```ts
 * const schedule = cosineSchedule({ learningRate: 0.1, warmupSteps: 10, totalSteps: 110 });
 * schedule(10); // 0.1 (the peak)
 * schedule(60); // 0.05 (halfway down)
 * schedule(110); // 0
 * ```
 */
export function cosineSchedule(options: CosineScheduleOptions): Schedule {
  const context = 'cosineSchedule';
  const checked = expectKnownKeys(
    'options',
    options,
    ['learningRate', 'warmupSteps', 'totalSteps', 'finalLearningRate'],
    '{ learningRate: 0.1, warmupSteps: 10, totalSteps: 1000 }',
    context,
  );
  const eta = expectPositiveNumber('options.learningRate', checked.learningRate, context);
  const warmup = expectNonNegativeInteger(
    'options.warmupSteps',
    checked.warmupSteps ?? SCHEDULE_DEFAULTS.cosineWarmupSteps,
    context,
  );
  const total = expectPositiveInteger('options.totalSteps', checked.totalSteps, context);
  if (total <= warmup) {
    throw new GradscopeArgumentError(
      'options.totalSteps',
      total,
      `an integer greater than options.warmupSteps (${warmup}): the decay runs from step W to step T`,
      context,
    );
  }
  const final = checked.finalLearningRate ?? SCHEDULE_DEFAULTS.finalLearningRate;
  if (typeof final !== 'number' || !Number.isFinite(final) || final < 0 || final > eta) {
    throw new GradscopeArgumentError(
      'options.finalLearningRate',
      final,
      `a number between 0 and options.learningRate (${eta})`,
      context,
    );
  }
  const span = total - warmup;
  return labelled(
    (step) => {
      const t = expectStep(step, context);
      if (t <= warmup) return (eta * t) / warmup;
      if (t >= total) return final;
      return final + 0.5 * (eta - final) * (1 + Math.cos((Math.PI * (t - warmup)) / span));
    },
    `${warmup > 0 ? `warmup ${warmup} steps, ` : ''}cosine ${eta} → ${final} at step ${total}`,
  );
}

/**
 * Step decay: η_t = η·γ^⌊(t − 1)/k⌋, so steps 1 … k use η, steps k + 1 … 2k use γ·η, and so on.
 *
 * @example
 * ```ts
 * const schedule = stepDecaySchedule({ learningRate: 0.1, stepSize: 100, factor: 0.5 });
 * schedule(100); // 0.1
 * schedule(101); // 0.05
 * ```
 */
export function stepDecaySchedule(options: StepDecayScheduleOptions): Schedule {
  const context = 'stepDecaySchedule';
  const checked = expectKnownKeys(
    'options',
    options,
    ['learningRate', 'stepSize', 'factor'],
    '{ learningRate: 0.1, stepSize: 100, factor: 0.5 }',
    context,
  );
  const eta = expectPositiveNumber('options.learningRate', checked.learningRate, context);
  const stepSize = expectPositiveInteger('options.stepSize', checked.stepSize, context);
  const factor = checked.factor ?? SCHEDULE_DEFAULTS.stepDecayFactor;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0 || factor > 1) {
    throw new GradscopeArgumentError('options.factor', factor, 'a number in (0, 1]', context);
  }
  return labelled(
    (step) => eta * factor ** Math.floor((expectStep(step, context) - 1) / stepSize),
    `step decay ${eta} × ${factor} every ${stepSize} steps`,
  );
}

/**
 * Inverse square root with warmup (the Transformer's schedule): η_t = η·min(t/W, √(W/t)), peaking at η at t = W.
 *
 * @example
 * ```ts
 * const schedule = inverseSqrtSchedule({ learningRate: 1e-3, warmupSteps: 100 });
 * schedule(100); // 0.001
 * schedule(400); // 0.0005
 * ```
 */
export function inverseSqrtSchedule(options: InverseSqrtScheduleOptions): Schedule {
  const context = 'inverseSqrtSchedule';
  const checked = expectKnownKeys(
    'options',
    options,
    ['learningRate', 'warmupSteps'],
    '{ learningRate: 0.001, warmupSteps: 100 }',
    context,
  );
  const eta = expectPositiveNumber('options.learningRate', checked.learningRate, context);
  const warmup = expectPositiveInteger('options.warmupSteps', checked.warmupSteps, context);
  return labelled((step) => {
    const t = expectStep(step, context);
    return eta * Math.min(t / warmup, Math.sqrt(warmup / t));
  }, `warmup ${warmup} steps → ${eta}, then ∝ 1/√t`);
}

/**
 * A learning rate as optimizers use it: a number or a schedule, validated once, read once per step.
 *
 * @internal
 * @example
 * ```ts
 * const rate = resolveLearningRate(warmupSchedule({ learningRate: 0.1, warmupSteps: 10 }), 'learningRate', 'sgd');
 * rate.at(5); // 0.05
 * rate.label; // 'warmup 10 steps → 0.1'
 * ```
 */
export interface ResolvedLearningRate {
  /** η_t at the 1-based step t; throws a GradscopeArgumentError when a schedule returns a bad value. */
  at(step: number): number;
  /** The number itself, or the schedule's label. */
  readonly label: string;
  /** Whether η changes with the step (a schedule) or not (a number). */
  readonly scheduled: boolean;
}

/**
 * Checks a `learningRate` option, a number > 0 or a {@link Schedule}, and returns how to read it at each step. A
 * schedule's value is checked at every step it is read (finite and ≥ 0), so a schedule of your own that returns
 * NaN at step 700 is reported there, naming the step.
 *
 * @internal
 * @example
 * ```ts
 * resolveLearningRate(0.1, 'learningRate', 'sgd').at(1); // 0.1
 * resolveLearningRate((t: number) => 1 / t, 'learningRate', 'sgd').at(4); // 0.25
 * ```
 */
export function resolveLearningRate(value: unknown, argument: string, context: string): ResolvedLearningRate {
  if (typeof value === 'function') {
    const schedule = value as Schedule;
    return {
      at(step) {
        const eta = schedule(step);
        if (typeof eta !== 'number' || !Number.isFinite(eta) || eta < 0) {
          throw new GradscopeArgumentError(
            `${argument}(${step})`,
            eta,
            'a finite number ≥ 0: the schedule is called with the step and returns η at that step',
            context,
          );
        }
        return eta;
      },
      label: typeof schedule.label === 'string' ? schedule.label : 'a schedule',
      scheduled: true,
    };
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new GradscopeArgumentError(
      argument,
      value,
      'a finite number greater than 0, or a schedule such as warmupSchedule({ learningRate: 0.1, warmupSteps: 100 })',
      context,
    );
  }
  const eta = value;
  return { at: () => eta, label: String(eta), scheduled: false };
}

function labelled(rate: (step: number) => number, label: string): Schedule {
  return Object.assign(rate, { label });
}

/** Steps count from 1, as the optimizers count their updates. */
function expectStep(step: unknown, context: string): number {
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) {
    throw new GradscopeArgumentError('step', step, 'a positive integer (steps count from 1)', context);
  }
  return step;
}
