/**
 * Where a training run ended up, by a rule stated in full, so that a lesson can print the rule beside a map of
 * many runs and a test can check every cell of it.
 *
 * A run is what `fit` records: the loss L_t and the global gradient norm ‖g_t‖ at steps t = 1 … T (each taken
 * before that step's update), and the reason it stopped. With L_ref the loss of a trivial prediction (predicting
 * zero for every example, or the targets' mean), the rules are tried in this order and the first that holds
 * names the regime:
 *
 *   diverges   training stopped on a non-finite value, or L_T ≥ L_1: the run ended no lower than it started
 *   trains     L_T ≤ trainedBelow · L_ref                                        (default: a twentieth of it)
 *   freezes    ‖g_T‖ ≤ frozenGradientRatio · ‖g_1‖ and L_h − L_T ≤ stalledProgress · L_h, h = ⌈T/2⌉: the
 *              gradient collapsed and the loss stopped moving, short of trained   (defaults 1/100 and 1%)
 *   bounces    the loss rose from one step to the next on at least bouncingRiseFraction of the steps after h:
 *              it goes up and down without settling                               (default a quarter)
 *   crawls     none of these: the loss is still falling, too slowly to get there in T steps
 *
 * The thresholds are choices, not laws: a map drawn with them says so, and moving one moves the borders a little
 * without changing which regions exist.
 */

import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectNumberInRange,
  expectObject,
  expectPositiveNumber,
} from './errors.js';
import type { FitResult } from './train.js';

/**
 * The regimes {@link trainingRegime} tells apart, in the order its rules are tried.
 *
 * @example
 * ```ts
 * TRAINING_REGIMES; // ['diverges', 'trains', 'freezes', 'bounces', 'crawls']
 * ```
 */
export const TRAINING_REGIMES = ['diverges', 'trains', 'freezes', 'bounces', 'crawls'] as const;

/**
 * One of {@link TRAINING_REGIMES}.
 *
 * @example
 * ```ts
 * const regime: TrainingRegime = 'freezes';
 * ```
 */
export type TrainingRegime = (typeof TRAINING_REGIMES)[number];

/**
 * Options of {@link trainingRegime}.
 *
 * @example
 * ```ts
 * const options: TrainingRegimeOptions = { referenceLoss: 0.5, trainedBelow: 0.1 };
 * ```
 */
export interface TrainingRegimeOptions {
  /** L_ref > 0: the loss of a trivial prediction (zero, or the targets' mean), what "trained" is measured against. */
  readonly referenceLoss: number;
  /** A run trains when its last loss is at most this fraction of L_ref (default 0.05). */
  readonly trainedBelow?: number;
  /** A run can freeze only when its last gradient norm is at most this fraction of its first (default 0.01). */
  readonly frozenGradientRatio?: number;
  /** …and its loss fell by at most this fraction over the second half of the run (default 0.01). */
  readonly stalledProgress?: number;
  /** A run bounces when its loss rose on at least this fraction of the steps of its second half (default 0.25). */
  readonly bouncingRiseFraction?: number;
}

/**
 * Defaults of {@link trainingRegime}.
 *
 * @example
 * ```ts
 * REGIME_DEFAULTS.trainedBelow; // 0.05
 * ```
 */
export const REGIME_DEFAULTS = {
  trainedBelow: 0.05,
  frozenGradientRatio: 0.01,
  stalledProgress: 0.01,
  bouncingRiseFraction: 0.25,
} as const;

/**
 * What {@link trainingRegime} found, with the measurements its rules read.
 *
 * @example
 * ```ts
 * const { regime, finalLoss, gradientRatio } = trainingRegime(run, { referenceLoss: 4 });
 * ```
 */
export interface TrainingRegimeResult {
  readonly regime: TrainingRegime;
  /** T: the steps recorded (fewer than asked when training stopped on a non-finite value). */
  readonly steps: number;
  /** L_1, the loss before the first update (NaN when not even it was finite). */
  readonly firstLoss: number;
  /** L_T, the loss at the last recorded step (NaN when none was recorded). */
  readonly finalLoss: number;
  /** L_T / L_ref. */
  readonly lossRatio: number;
  /** ‖g_T‖ / ‖g_1‖. */
  readonly gradientRatio: number;
  /** (L_h − L_T) / L_h with h = ⌈T/2⌉: how much of its loss the second half of the run removed. */
  readonly secondHalfProgress: number;
  /** The fraction of the steps after h on which the loss rose. */
  readonly riseFraction: number;
}

const KEYS = [
  'referenceLoss',
  'trainedBelow',
  'frozenGradientRatio',
  'stalledProgress',
  'bouncingRiseFraction',
] as const;

/**
 * Names the regime a training run ended in: `'diverges'`, `'trains'`, `'freezes'`, `'bounces'` or `'crawls'`,
 * by the rules of this file's header, tried in that order.
 *
 * @example
 * ```ts
 * const run = fit(net, data, { optimizer: sgd({ learningRate: 0.01 }), steps: 200 });
 * const { regime, lossRatio } = trainingRegime(run, { referenceLoss: 0.5 }); // 0.5: predicting 0 for targets of variance 1
 * regime; // 'trains' when lossRatio ≤ 0.05, …
 * ```
 */
export function trainingRegime(
  run: Pick<FitResult, 'history' | 'stopped'>,
  options: TrainingRegimeOptions,
): TrainingRegimeResult {
  const context = 'trainingRegime';
  const { loss, gradNorm, nonFinite } = expectRun(run, context);
  const checked = expectKnownKeys('options', options, KEYS, '{ referenceLoss: 0.5 }', context);
  const referenceLoss = expectPositiveNumber('options.referenceLoss', checked.referenceLoss, context);
  const fraction = (key: Exclude<(typeof KEYS)[number], 'referenceLoss'>) =>
    expectNumberInRange(`options.${key}`, checked[key] ?? REGIME_DEFAULTS[key], 0, 1, context);
  const trainedBelow = fraction('trainedBelow');
  const frozenGradientRatio = fraction('frozenGradientRatio');
  const stalledProgress = fraction('stalledProgress');
  const bouncingRiseFraction = fraction('bouncingRiseFraction');

  const T = loss.length;
  const firstLoss = T > 0 ? loss[0] : NaN;
  const finalLoss = T > 0 ? loss[T - 1] : NaN;
  const h = Math.ceil(T / 2); // 1-based: the step that starts the second half
  const halfLoss = T > 0 ? loss[h - 1] : NaN;
  let rises = 0;
  for (let t = h; t < T; t++) if (loss[t] > loss[t - 1]) rises++;
  const measured = {
    steps: T,
    firstLoss,
    finalLoss,
    lossRatio: finalLoss / referenceLoss,
    gradientRatio: T > 0 ? gradNorm[T - 1] / gradNorm[0] : NaN,
    secondHalfProgress: (halfLoss - finalLoss) / halfLoss,
    riseFraction: T > h ? rises / (T - h) : 0,
  };
  // `!(finalLoss < firstLoss)` also catches a NaN loss recorded without stopping.
  const regime: TrainingRegime =
    nonFinite || !(finalLoss < firstLoss)
      ? 'diverges'
      : finalLoss <= trainedBelow * referenceLoss
        ? 'trains'
        : measured.gradientRatio <= frozenGradientRatio && measured.secondHalfProgress <= stalledProgress
          ? 'freezes'
          : measured.riseFraction >= bouncingRiseFraction
            ? 'bounces'
            : 'crawls';
  return { regime, ...measured };
}

/** The loss and gradient-norm records of a `fit` result, checked; a finished run needs two steps to be judged. */
function expectRun(
  run: unknown,
  context: string,
): { loss: Float64Array; gradNorm: Float64Array; nonFinite: boolean } {
  expectObject('run', run, '{ history, stopped } (what fit returns)', context);
  const { history, stopped } = run as Partial<FitResult>;
  if (
    typeof history !== 'object' ||
    history === null ||
    !(history.loss instanceof Float64Array) ||
    !(history.gradNorm instanceof Float64Array) ||
    history.gradNorm.length !== history.loss.length
  ) {
    throw new GradscopeArgumentError(
      'run.history',
      history,
      "fit's history, with loss and gradNorm arrays of one length",
      context,
    );
  }
  const reasons = ['completed', 'callback', 'non-finite'];
  if (typeof stopped !== 'object' || stopped === null || !reasons.includes(stopped.reason)) {
    throw new GradscopeArgumentError(
      'run.stopped',
      stopped,
      `fit's stopped, with a reason (${reasons.join(', ')})`,
      context,
    );
  }
  const nonFinite = stopped.reason === 'non-finite';
  if (!nonFinite && history.loss.length < 2) {
    throw new GradscopeArgumentError(
      'run.history.loss',
      history.loss,
      'the losses of at least 2 steps (one step says nothing about where a run is going)',
      context,
    );
  }
  return { loss: history.loss, gradNorm: history.gradNorm, nonFinite };
}
