/**
 * Loss scaling for training in float16 (Micikevicius et al., "Mixed precision training", ICLR 2018): multiply the
 * loss by S before the backward pass, so every gradient the backward pass stores is S times larger and fewer of
 * them round to 0 below the format's smallest subnormal; divide them by S again in float32 before the update.
 * With S a power of two the multiplication changes only exponents, so it rounds nothing unless a value leaves
 * the format's range.
 *
 * Dynamic loss scaling chooses S during training. The rule here: when a step's gradients are not all finite,
 * skip the step and multiply S by `backoffFactor`; after `growthInterval` finite steps in a row, multiply S by
 * `growthFactor`. The defaults (2^16, 2, 0.5, 2000) are those of PyTorch's torch.amp.GradScaler. Micikevicius et al.
 * describe the overflow check and the skipped step; raising S again after clean steps is the frameworks' addition.
 *
 * Divide the gradients by S before anything else reads them (clipping, weight decay, a norm check): thresholds are
 * written for unscaled gradients.
 */

import { expectDType, rounderFor } from './dtype.js';
import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { resolveLoss, type Loss, type LossSpec } from './losses.js';
import { expectMatrix, zeros, type Matrix } from './matrix.js';

// A float64 copy of a matrix.
function asFloat64(m: Matrix): Matrix {
  const copy = zeros(m.rows, m.cols);
  copy.data.set(m.data);
  return copy;
}

/**
 * A loss multiplied by `scale`: its value is S·L and its gradient S·∂L/∂ŷ, computed in float64 and rounded once
 * into the prediction's dtype when stored (as a framework computes the scaled loss's gradient in float32 and
 * stores it in float16).
 *
 * @example
 * ```ts
 * const loss = scaledLoss('mse', 2 ** 16);
 * lossAndGradients(net16, X, Y, loss); // every gradient 2^16 times the unscaled one
 * ```
 */
export function scaledLoss(loss: LossSpec, scale: number): Loss {
  const context = 'scaledLoss';
  const base = resolveLoss(loss, 'loss', context);
  const S = expectPositiveNumber('scale', scale, context);
  return {
    name: base.name,
    label: `${base.label} × ${S}`,
    value: (prediction, target) => S * base.value(prediction, target),
    gradient(prediction, target, out) {
      const result = base.gradient(expectMatrix('prediction', prediction, context), target, out);
      // The base gradient is stored in the prediction's dtype already; recompute it unrounded for S·g.
      const unrounded = base.gradient(asFloat64(prediction), asFloat64(target));
      const round = rounderFor(expectDType('prediction.dtype', prediction.dtype, context));
      for (let i = 0; i < result.data.length; i++) result.data[i] = round(S * unrounded.data[i]);
      return result;
    },
  };
}

/** Options of `dynamicLossScale`. */
export interface DynamicLossScaleOptions {
  /** The first loss scale S (default 2^16). */
  readonly initialScale?: number;
  /** What S is multiplied by after `growthInterval` finite steps in a row (default 2). */
  readonly growthFactor?: number;
  /** What S is multiplied by after a step with a non-finite gradient (default 0.5). */
  readonly backoffFactor?: number;
  /** How many finite steps in a row before S grows (default 2000). */
  readonly growthInterval?: number;
}

/** Defaults of `dynamicLossScale`: the same as PyTorch's `torch.amp.GradScaler`. */
export const DYNAMIC_LOSS_SCALE_DEFAULTS = {
  initialScale: 2 ** 16,
  growthFactor: 2,
  backoffFactor: 0.5,
  growthInterval: 2000,
} as const;

/** The state of a dynamic loss scale, and how it moves. */
export interface DynamicLossScale {
  /** The loss scale S for the next step. */
  readonly scale: number;
  /** Finite steps in a row since S last changed. */
  readonly cleanSteps: number;
  /**
   * Records one step: `finite` says whether every gradient of the step was finite. Returns true when the step
   * should be applied, false when it must be skipped (S has then been backed off).
   */
  update(finite: boolean): boolean;
}

/**
 * A dynamic loss scale: skip the step and back S off on a non-finite gradient, grow S after `growthInterval`
 * finite steps in a row.
 *
 * @example
 * ```ts
 * const scaler = dynamicLossScale({ initialScale: 2 ** 16, growthInterval: 20 });
 * scaler.update(false); // false: skip this step; scaler.scale is now 2^15
 * scaler.update(true); // true: apply it; after 20 such steps in a row, scaler.scale doubles
 * ```
 */
export function dynamicLossScale(options: DynamicLossScaleOptions = {}): DynamicLossScale {
  const context = 'dynamicLossScale';
  const checked = expectKnownKeys(
    'options',
    options,
    ['initialScale', 'growthFactor', 'backoffFactor', 'growthInterval'],
    '{ initialScale: 65536, growthInterval: 2000 }',
    context,
  );
  const initialScale = expectPositiveNumber(
    'options.initialScale',
    checked.initialScale ?? DYNAMIC_LOSS_SCALE_DEFAULTS.initialScale,
    context,
  );
  const growthFactor = expectPositiveNumber(
    'options.growthFactor',
    checked.growthFactor ?? DYNAMIC_LOSS_SCALE_DEFAULTS.growthFactor,
    context,
  );
  const backoffFactor = expectPositiveNumber(
    'options.backoffFactor',
    checked.backoffFactor ?? DYNAMIC_LOSS_SCALE_DEFAULTS.backoffFactor,
    context,
  );
  if (growthFactor <= 1) {
    throw new GradscopeArgumentError('options.growthFactor', growthFactor, 'a number above 1', context);
  }
  if (backoffFactor >= 1) {
    throw new GradscopeArgumentError(
      'options.backoffFactor',
      backoffFactor,
      'a number between 0 and 1',
      context,
    );
  }
  const growthInterval = expectPositiveInteger(
    'options.growthInterval',
    checked.growthInterval ?? DYNAMIC_LOSS_SCALE_DEFAULTS.growthInterval,
    context,
  );
  let scale = initialScale;
  let cleanSteps = 0;
  return {
    get scale() {
      return scale;
    },
    get cleanSteps() {
      return cleanSteps;
    },
    update(finite) {
      if (typeof finite !== 'boolean') {
        throw new GradscopeArgumentError('finite', finite, 'true or false', 'dynamicLossScale().update');
      }
      if (!finite) {
        scale *= backoffFactor;
        cleanSteps = 0;
        return false;
      }
      cleanSteps += 1;
      if (cleanSteps === growthInterval) {
        scale *= growthFactor;
        cleanSteps = 0;
      }
      return true;
    },
  };
}
