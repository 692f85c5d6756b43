/**
 * @gradscope/core: a small, dependency-free numerical engine for studying vanishing and exploding gradients.
 * This file only re-exports; each idea lives in its own module.
 */

// Foundations
export * from './errors.js';
export * from './dtype.js';
export * from './matrix.js';
export * from './random.js';

// Linear algebra
export * from './matmul.js';
export * from './linalg.js';
export * from './qr.js';
export * from './eigen.js';
export * from './svd.js';

// Building blocks of a network
export * from './special.js';
export * from './activations.js';
export * from './initializers.js';
export * from './losses.js';
export * from './gradcheck.js';

// Layers and networks
export * from './layer.js';
export * from './dense.js';
export * from './normalization.js';
export * from './batchnorm.js';
export * from './layernorm.js';
export * from './residual.js';
export * from './network.js';
export * from './jacobian.js';
export * from './stats.js';

// Training
export * from './optimizers.js';
export * from './clipping.js';
export * from './train.js';

// Training: learning-rate schedules, snapshots to fork a run, and the curvature of the loss. Named (not `*`) so
// the block reads the same after index.ts re-exports every module by name; it also lists the training names
// added to optimizers.ts, random.ts and train.ts.
export {
  constantSchedule,
  cosineSchedule,
  inverseSqrtSchedule,
  resolveLearningRate,
  SCHEDULE_DEFAULTS,
  stepDecaySchedule,
  warmupSchedule,
  type CosineScheduleOptions,
  type InverseSqrtScheduleOptions,
  type ResolvedLearningRate,
  type Schedule,
  type StepDecayScheduleOptions,
  type WarmupScheduleOptions,
} from './schedules.js';
export {
  expectTrainingSnapshot,
  forkNetwork,
  restore,
  snapshot,
  type MinibatchState,
  type RestoreOptions,
  type SnapshotOptions,
  type TrainingSnapshot,
} from './snapshot.js';
export {
  HESSIAN_DEFAULTS,
  hessianVectorProduct,
  largestHessianEigenvalue,
  parameterCount,
  type HessianEigenvalueResult,
  type HessianOptions,
  type LargestHessianEigenvalueOptions,
} from './curvature.js';
export type { OptimizerSnapshot, OptimizerState, ParamOptimizerState } from './optimizers.js';
export type { RandomState } from './random.js';
export { expectTrainingData } from './train.js';

// Recurrent networks
export * from './tape.js';
export * from './rnn.js';
export * from './gru.js';

// Theory and data
export * from './quadrature.js';
export * from './theory.js';
export * from './datasets.js';
