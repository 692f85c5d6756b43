/**
 * @gradscope/core: a small, dependency-free numerical engine for studying vanishing and exploding gradients.
 * This file only re-exports, by name: what lesson authors and the playground use. Each idea lives in its own module;
 * the argument checks and buffer helpers the modules share are theirs (marked `@internal`), not the package's.
 * test/exports.test.ts checks that this list and the modules' `@internal` marks agree.
 */

// Foundations
export { GradscopeArgumentError, nearestName } from './errors.js';
export {
  type FormatName,
  type DTypeName,
  type DTypeSpec,
  type DType,
  type FloatArray,
  DTYPES,
  FORMATS,
  FLOAT32_MAX,
  FLOAT32_MIN_SUBNORMAL,
  dtypeParts,
  type FloatFormat,
  floatFormat,
  roundTo,
  rounderFor,
} from './dtype.js';
export {
  type BinaryFormat,
  binaryRounder,
  FLOAT16_MAX,
  FLOAT16_MIN_SUBNORMAL,
  BFLOAT16_MAX,
  BFLOAT16_MIN_SUBNORMAL,
} from './floatformat.js';
export {
  type Matrix,
  zeros,
  full,
  identity,
  matrix,
  fromData,
  column,
  toArray,
  get,
  set,
  clone,
  copyInto,
  shapeOf,
  isMatrix,
} from './matrix.js';
export { type Random, type RandomState, createRandom, fillNormal, fillUniform } from './random.js';

// Linear algebra
export { matmul, matmulTransA, matmulTransB } from './matmul.js';
export {
  transpose,
  add,
  subtract,
  hadamard,
  scale,
  addColumnBroadcast,
  sumColumns,
  frobeniusNorm,
  maxAbs,
  vectorNorm,
  matrixPower,
  type SpectralNormOptions,
  SPECTRAL_NORM_DEFAULTS,
  spectralNorm,
  spectralRadius,
} from './linalg.js';
export { type Qr, qr } from './qr.js';
export {
  type SymmetricEigen,
  type Eigenvalues,
  SYMMETRY_TOLERANCE,
  symmetricEigen,
  eigenvalues,
} from './eigen.js';
export { type Svd, svd, singularValues } from './svd.js';
export { type RealEigenvector, realEigenvectors } from './eigenvectors.js';

// Building blocks of a network
export { erf, erfc, normalPdf, normalCdf } from './special.js';
export { digamma, trigamma } from './digamma.js';
export {
  type ActivationName,
  type Activation,
  type ActivationSpec,
  ACTIVATION_NAMES,
  SELU_ALPHA,
  SELU_LAMBDA,
  type ActivationOptions,
  activation,
  applyActivation,
  activationBackward,
} from './activations.js';
export {
  type Initializer,
  type Fans,
  type InitScale,
  type UniformScale,
  type InitializerName,
  type InitializerSpec,
  INITIALIZER_NAMES,
  zeroInit,
  constantInit,
  scaledIdentityInit,
  normalInit,
  uniformInit,
  lecunNormal,
  lecunUniform,
  xavierNormal,
  xavierUniform,
  heNormal,
  heUniform,
  orthogonalInit,
} from './initializers.js';
export { fixedInit } from './fixed-init.js';
export {
  type LossName,
  type Loss,
  type LossSpec,
  LOSS_NAMES,
  meanSquaredError,
  binaryCrossEntropy,
  softmaxCrossEntropy,
} from './losses.js';
export {
  type GradientCheckOptions,
  type GradientCheckResult,
  numericGradient,
  gradientCheck,
} from './gradcheck.js';

// Layers and networks
export {
  type Param,
  type Mode,
  MODES,
  type LayerKind,
  type LayerTrace,
  type LayerGradients,
  type Layer,
  createParam,
} from './layer.js';
export { type DenseOptions, DENSE_DEFAULTS, type DenseLayer, dense } from './dense.js';
export {
  type NormalizationOptions,
  NORMALIZATION_DEFAULTS,
  type NormalizationLayer,
} from './normalization.js';
export { type BatchNormOptions, BATCH_NORM_DEFAULTS, type BatchNormLayer, batchNorm } from './batchnorm.js';
export { type LayerNormOptions, type LayerNormLayer, layerNorm } from './layernorm.js';
export { type ResidualOptions, type ResidualLayer, residual } from './residual.js';
export {
  type Network,
  type ForwardTrace,
  type BackwardResult,
  type LossAndGradients,
  type LayerOverride,
  type MlpSpec,
  MLP_DEFAULTS,
  mlp,
  network,
  forward,
  backward,
  type LossAndGradientsOptions,
  lossAndGradients,
  predict,
  linearNetwork,
  copyTrace,
} from './network.js';
export { inputOutputJacobian } from './jacobian.js';
export {
  type GradientPath,
  type WeightGradientPaths,
  type WeightIndex,
  type WeightGradientPathsOptions,
  weightGradientPaths,
} from './paths.js';
export {
  jacobianSingularValues,
  type DepthSpectrum,
  type JacobianSpectrumOptions,
  jacobianSpectrumByDepth,
} from './jacobian-spectrum.js';
export { type LayerJacobian, layerJacobians } from './layer-jacobians.js';
export { type JacobianBound, jacobianBounds } from './jacobian-bounds.js';
export {
  type SpectrumSpreadOptions,
  SPECTRUM_SPREAD_DEFAULTS,
  type SpectrumSpread,
  spectrumSpread,
} from './spectrum-spread.js';
export {
  type ValueSummary,
  type LayerStats,
  type LayerGradNorm,
  type NonFiniteLocation,
  type ZeroLocation,
  type ActivationNorm,
  valueSummary,
  layerStats,
  activationNorms,
  layerGradNorms,
  firstNonFinite,
  firstAllZero,
} from './stats.js';
export { type DeadUnits, deadUnits } from './dead-units.js';

// Training
export {
  type Schedule,
  SCHEDULE_DEFAULTS,
  constantSchedule,
  type WarmupScheduleOptions,
  warmupSchedule,
  type CosineScheduleOptions,
  cosineSchedule,
  type StepDecayScheduleOptions,
  stepDecaySchedule,
  type InverseSqrtScheduleOptions,
  inverseSqrtSchedule,
} from './schedules.js';
export {
  type Optimizer,
  type OptimizerState,
  type ParamOptimizerState,
  type OptimizerSnapshot,
  type SgdOptions,
  type MomentumOptions,
  type AdamOptions,
  MOMENTUM_DEFAULTS,
  ADAM_DEFAULTS,
  sgd,
  momentum,
  adam,
} from './optimizers.js';
export {
  type ClipGradNormResult,
  type ClipGradValueResult,
  globalGradNorm,
  clipGradNorm,
  clipGradValue,
  type ClipByNormResult,
  type ClipByValueResult,
  clipByNorm,
  clipByValue,
} from './clipping.js';
export {
  scaledLoss,
  type DynamicLossScaleOptions,
  DYNAMIC_LOSS_SCALE_DEFAULTS,
  type DynamicLossScale,
  dynamicLossScale,
} from './loss-scaling.js';
export {
  type TrainingData,
  type FitOptions,
  FIT_DEFAULTS,
  type StepRecord,
  type StopReason,
  type TrainingHistory,
  type FitResult,
  fit,
} from './train.js';
export {
  type MinibatchState,
  type TrainingSnapshot,
  type SnapshotOptions,
  snapshot,
  type RestoreOptions,
  restore,
  forkNetwork,
} from './snapshot.js';
export {
  type HessianOptions,
  type LargestHessianEigenvalueOptions,
  HESSIAN_DEFAULTS,
  type HessianEigenvalueResult,
  hessianVectorProduct,
  largestHessianEigenvalue,
  parameterCount,
} from './curvature.js';
export {
  TRAINING_REGIMES,
  type TrainingRegime,
  type TrainingRegimeOptions,
  REGIME_DEFAULTS,
  type TrainingRegimeResult,
  trainingRegime,
} from './regime.js';

// Recurrent networks
export { type TapeNode, type Tape, createTape } from './tape.js';
export {
  type Readout,
  type RecurrentNetwork,
  recurrentAffine,
  type RecurrentSpec,
  type RecurrentForwardResult,
  type RecurrentGradients,
  type RecurrentBackwardResult,
  recurrentForward,
  recurrentBackward,
} from './recurrent.js';
export {
  type RecurrentObjective,
  type RecurrentGradientCheckOptions,
  type RecurrentGradientCheckRow,
  recurrentGradientCheck,
} from './recurrentcheck.js';
export {
  type RnnActivationName,
  RNN_ACTIVATIONS,
  type RnnSpec,
  RNN_DEFAULTS,
  type Rnn,
  vanillaRnn,
  rnnForward,
  rnnBackward,
  type RecurrentJacobianOptions,
  recurrentJacobianNorms,
} from './rnn.js';
export { type GruSpec, GRU_DEFAULTS, type Gru, gru, gruForward, gruBackward } from './gru.js';

// Theory and data
export {
  type QuadratureRule,
  gaussHermite,
  gaussLegendre,
  type GaussianExpectationOptions,
  gaussianExpectation,
  type PiecewiseExpectationOptions,
  gaussianExpectationPiecewise,
} from './quadrature.js';
export {
  type FloatOptions,
  scaledIdentityOutput,
  scaledIdentityActivations,
  type LectureGradientScale,
  lectureGradientScale,
  type OverflowOptions,
  overflowDepth,
  underflowDepth,
  productOfScales,
  effectiveScale,
  sigmoidMaxSlope,
  type SlopeBounds,
  activationSlopeBounds,
  type InitScheme,
  initVariance,
} from './theory.js';
export {
  sigmoidSlopeEdge,
  type SigmoidGainOptions,
  type SigmoidGainInterval,
  sigmoidGainInterval,
  type WidestSigmoidGainInterval,
  widestSigmoidGainInterval,
} from './sigmoid-gain.js';
export {
  type MeanFieldOptions,
  type AtFixedPointOptions,
  type DeepMeanFieldOptions,
  type ActivationMomentOptions,
  type VarianceMapOptions,
  type FixedPointOptions,
  type CriticalOptions,
  type CriticalLineOptions,
  type CriticalPoint,
  meanSquaredActivation,
  meanSquaredSlope,
  varianceMap,
  forwardVariance,
  chiPerLayer,
  backwardGradientGrowth,
  varianceFixedPoint,
  chi,
  gradientDepthScale,
  lengthMapSlope,
  lengthDepthScale,
  criticalWeightVariance,
  criticalLine,
} from './meanfield.js';
export {
  type CorrelationOptions,
  type DeepCorrelationOptions,
  correlationMap,
  correlationSlope,
  correlationFixedPoint,
  correlationDepthScale,
  forwardCorrelation,
} from './correlation.js';
export {
  type MeanFieldNetworkOptions,
  meanFieldInit,
  meanFieldNetwork,
  layerSecondMoments,
  layerCorrelations,
} from './meanfield-network.js';
export {
  type DepthMethod,
  DEPTH_METHODS,
  type LossOverflowOptions,
  lossOverflowDepth,
  type DepthLimits,
  type DepthLimitTableOptions,
  depthLimitTable,
} from './floatdepth.js';
export {
  gaussianLyapunovExponent,
  type GaussianStretch,
  gaussianStretch,
  type GaussianProductOptions,
  sampleLogStretches,
  type LyapunovEstimate,
  lyapunovExponent,
} from './lyapunov.js';
export {
  type ScaleOrder,
  SCALE_ORDERS,
  type MixedScalesOptions,
  MIXED_SCALES_DEFAULTS,
  mixedScales,
  type RandomScalesOptions,
  randomScales,
  linearNetworkOfScales,
  breakEvenFraction,
  type ScaleWalkOptions,
  type ScaleWalk,
  scaleWalk,
} from './mixed-scales.js';
export {
  type ReluLayerStretch,
  type ReluStretch,
  type ReluStretchOptions,
  type ReluSampleOptions,
  reluLayerStretch,
  reluStretch,
  sampleReluLogStretches,
} from './relu-stretch.js';
export {
  type Dataset,
  type TeacherRegressionOptions,
  type TeacherDataset,
  TEACHER_DEFAULTS,
  teacherRegression,
  type TwoSpiralsOptions,
  twoSpirals,
  type AddingProblemOptions,
  type SequenceDataset,
  addingProblem,
} from './datasets.js';
export { whiten } from './whiten.js';
