// Every argument error says which function it came from, first thing in its message ("mlp: spec.activation must
// be …"), and a misspelt name gets the nearest valid one. This walks a bad call of every function the package
// exports (and of the methods of the objects they return), and checks that the list covers the package: a new
// export without an entry here fails the last test.
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import {
  GradscopeArgumentError,
  column,
  createRandom,
  createTape,
  dense,
  forward,
  gru,
  identity,
  linearNetwork,
  lossAndGradients,
  matrix,
  meanSquaredError,
  mlp,
  recurrentForward,
  rnnForward,
  sgd,
  vanillaRnn,
  zeros,
} from '../src/index.js';

const X = column([1, 2]);
const net = () => linearNetwork(2, 1.5);
const rnn = () => vanillaRnn({ inputSize: 2, hiddenSize: 3, outputSize: 1, seed: 1 });
const xs = () => [column([1, 0]), column([0, 1])];
const bad = 'bad' as never;

/** A bad call, and the function its message must name first (`name: …`). */
type Case = readonly [context: string, call: () => unknown];

/** For each exported function, at least one call with a bad argument. */
const CASES: Record<string, readonly Case[]> = {
  // Foundations
  zeros: [['zeros', () => zeros(0, 3)]],
  full: [['full', () => core.full(2, 2, bad)]],
  identity: [['identity', () => identity(0)]],
  matrix: [['matrix', () => matrix([])]],
  fromData: [['fromData', () => core.fromData(2, 2, [1, 2, 3, 4] as never)]],
  column: [['column', () => column([])]],
  toArray: [['toArray', () => core.toArray(bad)]],
  get: [['get', () => core.get(identity(2), 5, 0)]],
  set: [['set', () => core.set(identity(2), 0, 0, bad)]],
  clone: [['clone', () => core.clone(bad)]],
  copyInto: [['copyInto', () => core.copyInto(zeros(2, 2), zeros(3, 3))]],
  shapeOf: [['shapeOf', () => core.shapeOf(bad)]],
  dtypeParts: [['dtypeParts', () => core.dtypeParts({ format: 'float16', flushSubnormal: true } as never)]],
  floatFormat: [['floatFormat', () => core.floatFormat('half' as never)]],
  rounderFor: [['rounderFor', () => core.rounderFor('float8' as never)]],
  binaryRounder: [
    ['binaryRounder', () => core.binaryRounder({ precision: 1, minExponent: -14, maxExponent: 15 })],
  ],
  createRandom: [['createRandom', () => createRandom(NaN)]],
  fillNormal: [['fillNormal', () => core.fillNormal(new Float64Array(2), bad)]],
  fillUniform: [['fillUniform', () => core.fillUniform([0, 0] as never, createRandom(1))]],
  // Linear algebra
  matmul: [['matmul', () => core.matmul(zeros(2, 3), zeros(2, 3))]],
  matmulTransA: [['matmulTransA', () => core.matmulTransA(zeros(2, 3), zeros(3, 3))]],
  matmulTransB: [['matmulTransB', () => core.matmulTransB(zeros(2, 3), zeros(3, 2))]],
  transpose: [['transpose', () => core.transpose(bad)]],
  add: [['add', () => core.add(zeros(2, 2), zeros(3, 3))]],
  subtract: [['subtract', () => core.subtract(zeros(2, 2), bad)]],
  hadamard: [['hadamard', () => core.hadamard(bad, zeros(2, 2))]],
  scale: [['scale', () => core.scale(zeros(2, 2), bad)]],
  addColumnBroadcast: [['addColumnBroadcast', () => core.addColumnBroadcast(zeros(2, 2), zeros(3, 1))]],
  sumColumns: [['sumColumns', () => core.sumColumns(bad)]],
  frobeniusNorm: [['frobeniusNorm', () => core.frobeniusNorm(bad)]],
  maxAbs: [['maxAbs', () => core.maxAbs(bad)]],
  vectorNorm: [['vectorNorm', () => core.vectorNorm(bad)]],
  matrixPower: [['matrixPower', () => core.matrixPower(zeros(2, 3), 2)]],
  spectralNorm: [['spectralNorm', () => core.spectralNorm(identity(2), { maxIterations: 0 })]],
  spectralRadius: [['spectralRadius', () => core.spectralRadius(zeros(2, 3))]],
  qr: [['qr', () => core.qr(bad)]],
  symmetricEigen: [['symmetricEigen', () => core.symmetricEigen(zeros(2, 3))]],
  eigenvalues: [['eigenvalues', () => core.eigenvalues(bad)]],
  realEigenvectors: [['realEigenvectors', () => core.realEigenvectors(zeros(2, 3))]],
  svd: [['svd', () => core.svd(bad)]],
  singularValues: [['singularValues', () => core.singularValues(bad)]],
  // Building blocks
  erf: [['erf', () => core.erf(bad)]],
  erfc: [['erfc', () => core.erfc(bad)]],
  normalPdf: [['normalPdf', () => core.normalPdf(bad)]],
  normalCdf: [['normalCdf', () => core.normalCdf(bad)]],
  digamma: [['digamma', () => core.digamma(0)]],
  trigamma: [['trigamma', () => core.trigamma(bad)]],
  activation: [['activation', () => core.activation('tahn' as never)]],
  applyActivation: [['applyActivation', () => core.applyActivation(bad, X)]],
  activationBackward: [
    ['activationBackward', () => core.activationBackward(core.activation('tanh'), X, X, zeros(3, 1))],
  ],
  zeroInit: [['zeroInit().create', () => core.zeroInit().create(0, 1, createRandom(1))]],
  constantInit: [['constantInit', () => core.constantInit(NaN)]],
  scaledIdentityInit: [['scaledIdentityInit', () => core.scaledIdentityInit(NaN)]],
  normalInit: [['normalInit', () => core.normalInit(0.1 as never)]],
  uniformInit: [['uniformInit', () => core.uniformInit({ limit: -1 })]],
  lecunNormal: [['lecunNormal().create', () => core.lecunNormal().create(2, 0, createRandom(1))]],
  lecunUniform: [['lecunUniform().std', () => core.lecunUniform().std!(bad)]],
  xavierNormal: [['xavierNormal().create', () => core.xavierNormal().create(2, 2, bad)]],
  xavierUniform: [['xavierUniform().create', () => core.xavierUniform().create(2, 2, createRandom(1), bad)]],
  heNormal: [['heNormal().std', () => core.heNormal().std!({ fanIn: 0, fanOut: 1 })]],
  heUniform: [['heUniform().create', () => core.heUniform().create(1.5, 2, createRandom(1))]],
  orthogonalInit: [
    ['orthogonalInit', () => core.orthogonalInit(-1)],
    ['orthogonalInit().create', () => core.orthogonalInit().create(2, 2, bad)],
  ],
  fixedInit: [
    ['fixedInit', () => core.fixedInit([[1, 2], [3]])],
    ['fixedInit().create', () => core.fixedInit([[1, 2]]).create(2, 2, createRandom(1))],
  ],
  numericGradient: [['numericGradient', () => core.numericGradient(bad, new Float64Array(1))]],
  gradientCheck: [
    ['gradientCheck', () => core.gradientCheck(() => 0, new Float64Array(1), [0], { tol: 1 } as never)],
  ],
  // Layers and networks
  createParam: [['createParam', () => core.createParam('W', bad)]],
  dense: [
    ['dense', () => dense({ inputSize: 0, outputSize: 1 })],
    ['dense.forward', () => dense({ inputSize: 2, outputSize: 1 }).forward(zeros(3, 1), 'train')],
    ['dense.forward', () => dense({ inputSize: 2, outputSize: 1 }).forward(X, 'trian' as never)],
    ['dense.backward', () => dense({ inputSize: 2, outputSize: 1 }).backward(zeros(1, 1))],
  ],
  batchNorm: [
    ['batchNorm', () => core.batchNorm({ size: 2, momentum: 1 })],
    ['batchNorm.forward', () => core.batchNorm({ size: 2 }).forward(X, 'train')], // one example in train mode
  ],
  layerNorm: [['layerNorm', () => core.layerNorm({ size: 2, epsilon: 0 })]],
  residual: [
    ['residual', () => core.residual({ inner: [] })],
    [
      'residual.forward',
      () => core.residual({ inner: [dense({ inputSize: 2, outputSize: 2 })] }).forward(bad, 'train'),
    ],
  ],
  mlp: [['mlp', () => mlp({ sizes: [2, 1], activation: 'tahn' as never })]],
  network: [['network', () => core.network([])]],
  forward: [['forward', () => forward(net(), zeros(3, 1))]],
  backward: [['backward', () => core.backward(bad, X)]],
  lossAndGradients: [['lossAndGradients', () => lossAndGradients(net(), X, X, 'mse ' as never)]],
  predict: [['predict', () => core.predict(net(), zeros(1, 2))]],
  linearNetwork: [['linearNetwork', () => linearNetwork(0, 1)]],
  copyTrace: [['copyTrace', () => core.copyTrace(bad)]],
  inputOutputJacobian: [['inputOutputJacobian', () => core.inputOutputJacobian(net(), zeros(2, 2))]],
  weightGradientPaths: [
    [
      'weightGradientPaths',
      () => core.weightGradientPaths(net(), zeros(2, 2), column([1, 1]), { layer: 1, row: 0, col: 0 }),
    ],
    [
      'weightGradientPaths',
      () => core.weightGradientPaths(net(), X, column([1, 1]), { layer: 1, row: 0, colum: 0 } as never),
    ],
  ],
  jacobianSingularValues: [['jacobianSingularValues', () => core.jacobianSingularValues(bad, X)]],
  jacobianSpectrumByDepth: [
    ['jacobianSpectrumByDepth', () => core.jacobianSpectrumByDepth(net(), X, { depths: [3] })],
    ['jacobianSpectrumByDepth', () => core.jacobianSpectrumByDepth(net(), X, { depth: [1] } as never)],
  ],
  layerJacobians: [
    ['layerJacobians', () => core.layerJacobians(net(), zeros(2, 2))],
    ['layerJacobians', () => core.layerJacobians(mlp({ sizes: [2, 2, 1], norm: 'layer' }), X)],
  ],
  jacobianBounds: [['jacobianBounds', () => core.jacobianBounds(net(), zeros(3, 1))]],
  spectrumSpread: [
    ['spectrumSpread', () => core.spectrumSpread(bad)],
    [
      'spectrumSpread',
      () => core.spectrumSpread(core.jacobianSpectrumByDepth(net(), X)[0], { quantiles: [1.5] }),
    ],
  ],
  valueSummary: [['valueSummary', () => core.valueSummary(bad)]],
  layerStats: [['layerStats', () => core.layerStats(bad)]],
  activationNorms: [['activationNorms', () => core.activationNorms(bad)]],
  layerGradNorms: [['layerGradNorms', () => core.layerGradNorms(bad)]],
  firstNonFinite: [['firstNonFinite', () => core.firstNonFinite(bad)]],
  firstAllZero: [['firstAllZero', () => core.firstAllZero(bad)]],
  deadUnits: [['deadUnits', () => core.deadUnits(bad)]],
  // Training
  constantSchedule: [['constantSchedule', () => core.constantSchedule({ learningRate: 0 })]],
  warmupSchedule: [
    ['warmupSchedule', () => core.warmupSchedule({ learningRate: 0.1, warmup: 10 } as never)],
    ['warmupSchedule', () => core.warmupSchedule({ learningRate: 0.1, warmupSteps: 10 })(0)],
  ],
  cosineSchedule: [
    ['cosineSchedule', () => core.cosineSchedule({ learningRate: 0.1, warmupSteps: 10, totalSteps: 10 })],
  ],
  stepDecaySchedule: [
    ['stepDecaySchedule', () => core.stepDecaySchedule({ learningRate: 0.1, stepSize: 10, factor: 2 })],
  ],
  inverseSqrtSchedule: [
    ['inverseSqrtSchedule', () => core.inverseSqrtSchedule({ learningRate: 0.1, warmupSteps: 0 })],
  ],
  sgd: [
    ['sgd', () => sgd({ learningRate: -1 })],
    ['sgd', () => sgd({ learningRate: 0.1 }).step(bad)],
  ],
  momentum: [['momentum', () => core.momentum({ learningRate: 0.1, momentum: 1 })]],
  adam: [['adam', () => core.adam({ lr: 0.1 } as never)]],
  globalGradNorm: [['globalGradNorm', () => core.globalGradNorm(bad)]],
  clipGradNorm: [['clipGradNorm', () => core.clipGradNorm(net().params, 0)]],
  clipGradValue: [['clipGradValue', () => core.clipGradValue(bad, 1)]],
  clipByNorm: [['clipByNorm', () => core.clipByNorm([1, 2], -1)]],
  clipByValue: [['clipByValue', () => core.clipByValue(bad, 1)]],
  fit: [
    [
      'fit',
      () => core.fit(net(), { x: X, y: X }, { optimizer: sgd({ learningRate: 0.1 }), step: 10 } as never),
    ],
  ],
  snapshot: [['snapshot', () => core.snapshot(net(), { optimizer: {} as never })]],
  restore: [['restore', () => core.restore(net(), core.snapshot(linearNetwork(3, 1.5)))]],
  forkNetwork: [['forkNetwork', () => core.forkNetwork(bad)]],
  hessianVectorProduct: [
    ['hessianVectorProduct', () => core.hessianVectorProduct(net(), { x: X, y: X }, [1, 2, 3])],
  ],
  largestHessianEigenvalue: [
    [
      'largestHessianEigenvalue',
      () => core.largestHessianEigenvalue(net(), { x: X, y: X }, { tolerance: 0 }),
    ],
  ],
  parameterCount: [['parameterCount', () => core.parameterCount(bad)]],
  whiten: [['whiten', () => core.whiten(zeros(3, 2))]],
  trainingRegime: [
    ['trainingRegime', () => core.trainingRegime(bad, { referenceLoss: 1 })],
    [
      'trainingRegime',
      () =>
        core.trainingRegime(
          core.fit(net(), { x: X, y: X }, { optimizer: sgd({ learningRate: 0.01 }), steps: 3 }),
          { referenceLoss: 1, trainedBellow: 0.1 } as never,
        ),
    ],
  ],
  // Recurrent networks
  createTape: [
    ['createTape', () => createTape('float8' as never)],
    ['tape.leaf', () => createTape().leaf(bad)],
    ['tape.matmul', () => createTape().matmul(bad, bad)],
    ['tape.add', () => createTape().add(bad, bad)],
  ],
  recurrentAffine: [['recurrentAffine', () => core.recurrentAffine(bad, bad, bad, bad, bad, null)]],
  recurrentForward: [['recurrentForward', () => recurrentForward(rnn(), [])]],
  recurrentBackward: [['recurrentBackward', () => core.recurrentBackward(rnn(), bad, {})]],
  recurrentGradientCheck: [['recurrentGradientCheck', () => core.recurrentGradientCheck(rnn(), xs(), bad)]],
  vanillaRnn: [
    ['vanillaRnn', () => vanillaRnn({ inputSize: 2, hiddenSize: 3, activation: 'sigmoid' as never })],
  ],
  rnnForward: [['rnnForward', () => rnnForward(rnn(), [zeros(3, 1)])]],
  rnnBackward: [['rnnBackward', () => core.rnnBackward(rnn(), rnnForward(rnn(), xs()), {})]],
  recurrentJacobianNorms: [
    ['recurrentJacobianNorms', () => core.recurrentJacobianNorms(rnn(), rnnForward(rnn(), xs()))],
  ],
  gru: [['gru', () => gru({ inputSize: 2, hiddenSize: 3, updateGateBias: 1, bias: false })]],
  gruForward: [['gruForward', () => core.gruForward(rnn() as never, xs())]],
  gruBackward: [['gruBackward', () => core.gruBackward(gru({ inputSize: 2, hiddenSize: 3 }), bad, {})]],
  // Theory
  scaledIdentityOutput: [['scaledIdentityOutput', () => core.scaledIdentityOutput(NaN, 2, 1)]],
  scaledIdentityActivations: [['scaledIdentityActivations', () => core.scaledIdentityActivations(1.5, 0)]],
  lectureGradientScale: [['lectureGradientScale', () => core.lectureGradientScale(1.5, -1)]],
  overflowDepth: [['overflowDepth', () => core.overflowDepth(1.5, { dtype: 'flaot32' as never })]],
  underflowDepth: [['underflowDepth', () => core.underflowDepth(0.5, { x: 1 } as never)]],
  lossOverflowDepth: [
    ['lossOverflowDepth', () => core.lossOverflowDepth(1.5, { accumulator: 'float64' } as never)],
  ],
  depthLimitTable: [['depthLimitTable', () => core.depthLimitTable({ dtypes: ['fp16' as never] })]],
  gaussianLyapunovExponent: [['gaussianLyapunovExponent', () => core.gaussianLyapunovExponent(0)]],
  gaussianStretch: [['gaussianStretch', () => core.gaussianStretch(2, 0)]],
  sampleLogStretches: [['sampleLogStretches', () => core.sampleLogStretches({ width: 2 } as never)]],
  lyapunovExponent: [
    ['lyapunovExponent', () => core.lyapunovExponent({ width: 2, runs: 1 })],
    ['lyapunovExponent', () => core.lyapunovExponent({ width: 2, seed: NaN })],
  ],
  reluLayerStretch: [['reluLayerStretch', () => core.reluLayerStretch(0)]],
  reluStretch: [
    ['reluStretch', () => core.reluStretch(4, 0)],
    ['reluStretch', () => core.reluStretch(8, 3, { weightVarience: 2 } as never)],
  ],
  sampleReluLogStretches: [
    ['sampleReluLogStretches', () => core.sampleReluLogStretches({ width: 4, depth: 2, samples: 0 })],
  ],
  productOfScales: [['productOfScales', () => core.productOfScales([])]],
  mixedScales: [
    ['mixedScales', () => core.mixedScales({ low: 0.5, high: 1.5, depth: 4, countHigh: 5 })],
    [
      'mixedScales',
      () => core.mixedScales({ low: 0.5, high: 1.5, depth: 4, countHigh: 2, order: 'shufled' as never }),
    ],
  ],
  randomScales: [
    ['randomScales', () => core.randomScales({ low: 0.5, high: 1.5, depth: 4, probabilityHigh: 2 })],
  ],
  linearNetworkOfScales: [['linearNetworkOfScales', () => core.linearNetworkOfScales([0.5, Infinity])]],
  breakEvenFraction: [['breakEvenFraction', () => core.breakEvenFraction(1.1, 1.5)]],
  scaleWalk: [['scaleWalk', () => core.scaleWalk({ low: 1.5, high: 0.5, probabilityHigh: 0.5, depth: 3 })]],
  effectiveScale: [['effectiveScale', () => core.effectiveScale([1, NaN])]],
  activationSlopeBounds: [['activationSlopeBounds', () => core.activationSlopeBounds('rleu' as never)]],
  sigmoidSlopeEdge: [['sigmoidSlopeEdge', () => core.sigmoidSlopeEdge(0.3)]],
  sigmoidGainInterval: [
    ['sigmoidGainInterval', () => core.sigmoidGainInterval(NaN)],
    ['sigmoidGainInterval', () => core.sigmoidGainInterval(6, { bais: 1 } as never)],
  ],
  widestSigmoidGainInterval: [
    ['widestSigmoidGainInterval', () => core.widestSigmoidGainInterval({ gain: 0 })],
  ],
  initVariance: [['initVariance', () => core.initVariance('xavir' as never, { fanIn: 2, fanOut: 2 })]],
  gaussHermite: [['gaussHermite', () => core.gaussHermite(0)]],
  gaussLegendre: [['gaussLegendre', () => core.gaussLegendre(1000)]],
  gaussianExpectation: [['gaussianExpectation', () => core.gaussianExpectation(Math.tanh, 2 as never)]],
  gaussianExpectationPiecewise: [
    ['gaussianExpectationPiecewise', () => core.gaussianExpectationPiecewise(Math.tanh, { variance: -1 })],
  ],
  meanSquaredActivation: [
    ['meanSquaredActivation', () => core.meanSquaredActivation({ activation: 'relu', variance: -1 })],
  ],
  meanSquaredSlope: [['meanSquaredSlope', () => core.meanSquaredSlope(bad)]],
  varianceMap: [['varianceMap', () => core.varianceMap({ activation: 'relu', weightVariance: 2 } as never)]],
  forwardVariance: [
    ['forwardVariance', () => core.forwardVariance({ activation: 'relu', weightVariance: 2, depth: 3 })],
  ],
  chiPerLayer: [
    [
      'chiPerLayer',
      () => core.chiPerLayer({ activation: 'relu', weightVariance: 2, depth: 0, inputVariance: 1 }),
    ],
  ],
  backwardGradientGrowth: [['backwardGradientGrowth', () => core.backwardGradientGrowth(bad)]],
  varianceFixedPoint: [
    ['varianceFixedPoint', () => core.varianceFixedPoint({ activation: 'tanh', weightVariance: -1 })],
  ],
  chi: [['chi', () => core.chi({ activation: 'tanh', weightVarience: 1 } as never)]],
  gradientDepthScale: [
    [
      'gradientDepthScale',
      () => core.gradientDepthScale({ activation: 'tanh', weightVariance: 1, variance: -1 }),
    ],
  ],
  lengthMapSlope: [
    ['lengthMapSlope', () => core.lengthMapSlope({ activation: 'softplus', weightVariance: 2 })],
  ],
  lengthDepthScale: [['lengthDepthScale', () => core.lengthDepthScale(bad)]],
  criticalWeightVariance: [['criticalWeightVariance', () => core.criticalWeightVariance('tanh' as never)]],
  criticalLine: [['criticalLine', () => core.criticalLine({ activation: 'tanh', biasVariances: [] })]],
  correlationMap: [
    ['correlationMap', () => core.correlationMap({ activation: 'tanh', weightVariance: 2, correlation: 2 })],
  ],
  correlationSlope: [
    ['correlationSlope', () => core.correlationSlope({ activation: 'tanh', weightVariance: 0.5 })],
  ],
  correlationFixedPoint: [['correlationFixedPoint', () => core.correlationFixedPoint(bad)]],
  meanFieldInit: [['meanFieldInit', () => core.meanFieldInit(-1)]],
  scaledLoss: [['scaledLoss', () => core.scaledLoss('mse', 0)]],
  dynamicLossScale: [['dynamicLossScale', () => core.dynamicLossScale({ growthInterval: 0 })]],
  meanFieldNetwork: [
    [
      'meanFieldNetwork',
      () =>
        core.meanFieldNetwork({ activation: 'tanh', weightVariance: 1, inputSize: 2, width: 0, depth: 2 }),
    ],
  ],
  layerSecondMoments: [['layerSecondMoments', () => core.layerSecondMoments(bad)]],
  layerCorrelations: [['layerCorrelations', () => core.layerCorrelations(bad)]],
  correlationDepthScale: [
    [
      'correlationDepthScale',
      () => core.correlationDepthScale({ activation: 'tnah' as never, weightVariance: 2 }),
    ],
  ],
  forwardCorrelation: [
    [
      'forwardCorrelation',
      () =>
        core.forwardCorrelation({
          activation: 'tanh',
          weightVariance: 2,
          depth: 3,
          inputVariance: 1,
        } as never),
    ],
  ],
  teacherRegression: [
    [
      'teacherRegression',
      () => core.teacherRegression({ samples: 10, noise: 0.1, random: createRandom(1) } as never),
    ],
  ],
  twoSpirals: [['twoSpirals', () => core.twoSpirals({ samples: 1, random: createRandom(1) })]],
  addingProblem: [
    ['addingProblem', () => core.addingProblem({ length: 1, samples: 2, random: createRandom(1) })],
  ],
};

/** Exports that never throw an argument error, and why. */
const NEVER_THROW: Record<string, string> = {
  GradscopeArgumentError: 'the error class itself',
  isMatrix: 'a predicate: it answers false for anything that is not a matrix',
  nearestName: 'a lookup: it answers undefined when no name is close',
  roundTo: 'a hot inner-loop helper of the number-format work, which validates its dtype where it is chosen',
};

/** Methods of exported objects, and of the objects exported functions return. */
const METHOD_CASES: readonly Case[] = [
  ['meanSquaredError.value', () => meanSquaredError.value(X, zeros(3, 1))],
  ['meanSquaredError.gradient', () => meanSquaredError.gradient(X, X, zeros(1, 1))],
  ['binaryCrossEntropy.value', () => core.binaryCrossEntropy.value(bad, X)],
  ['binaryCrossEntropy.gradient', () => core.binaryCrossEntropy.gradient(X, bad)],
  ['softmaxCrossEntropy.value', () => core.softmaxCrossEntropy.value(X, zeros(2, 2))],
  ['softmaxCrossEntropy.gradient', () => core.softmaxCrossEntropy.gradient(bad, X)],
  ['random.int', () => createRandom(1).int(0)],
  ['random.normal', () => createRandom(1).normal(bad)],
  ['random.uniform', () => createRandom(1).uniform(0, bad)],
  ['momentum', () => core.momentum({ learningRate: 0.1 }).step([bad])],
  ['adam', () => core.adam().step(bad)],
  ['random.setState', () => createRandom(1).setState({ words: [1, 2, 3] } as never)],
  [
    'sgd',
    () => {
      const halting = sgd({ learningRate: (t: number) => (t > 1 ? NaN : 0.1) }); // a schedule gone bad at step 2
      halting.step([]);
      halting.step([]);
    },
  ],
  ['momentum', () => core.momentum({ learningRate: 0.1 }).loadState!([], bad)],
  [
    'adam',
    () => core.adam().loadState!(net().params, core.momentum({ learningRate: 0.1 }).saveState!(net().params)),
  ],
];

function errorOf(call: () => unknown): GradscopeArgumentError {
  try {
    call();
  } catch (e) {
    if (e instanceof GradscopeArgumentError) return e;
    throw new Error(`expected a GradscopeArgumentError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a GradscopeArgumentError, nothing was thrown');
}

function expectNamed(context: string, call: () => unknown): void {
  const error = errorOf(call);
  expect(error.message.startsWith(`${context}`), error.message).toBe(true);
  expect(error.context.startsWith(context)).toBe(true);
}

describe('every argument error names the function it came from', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    it(`${name}`, () => {
      for (const [context, call] of cases) expectNamed(context, call);
    });
  }

  it('and the methods of the objects the package hands out', () => {
    for (const [context, call] of METHOD_CASES) expectNamed(context, call);
  });

  it('the walk covers every function the package exports', () => {
    const functions = Object.entries(core)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    const missing = functions.filter((name) => !(name in CASES) && !(name in NEVER_THROW));
    expect(missing).toEqual([]);
    for (const name of Object.keys(CASES)) expect(functions).toContain(name);
  });
});

describe('a misspelt name gets the nearest valid one, like a misspelt key', () => {
  const hint = (call: () => unknown) => errorOf(call).suggestion;
  it.each([
    ['an activation', () => mlp({ sizes: [2, 1], activation: 'tahn' as never }), 'tanh'],
    [
      'an activation of one layer',
      () => mlp({ sizes: [2, 2, 1], layers: { 2: { activation: 'rleu' as never } } }),
      'relu',
    ],
    ['an initializer', () => mlp({ sizes: [2, 1], init: 'xavir' as never }), 'xavierNormal'],
    ['a loss with a trailing space', () => lossAndGradients(net(), X, X, 'mse ' as never), 'mse'],
    ['a dtype', () => zeros(2, 2, 'flaot32' as never), 'float32'],
    ['a dtype by its other name', () => zeros(2, 2, 'fp16' as never), 'float16'],
    ['a format in a dtype spec', () => zeros(2, 2, { format: 'bf16' } as never), 'bfloat16'],
    ['a mode', () => forward(net(), X, { mode: 'evl' as never }), 'eval'],
    ['a normalization', () => mlp({ sizes: [2, 2, 1], norm: 'btach' as never }), 'batch'],
    [
      'an RNN activation',
      () => vanillaRnn({ inputSize: 1, hiddenSize: 2, activation: 'tnah' as never }),
      'tanh',
    ],
    ['an initialization scheme', () => core.initVariance('lecnu' as never, { fanIn: 1, fanOut: 1 }), 'lecun'],
    ['an option key', () => core.sgd({ learningrate: 0.1 } as never), 'learningRate'],
  ] as const)('%s', (_, call, nearest) => {
    expect(hint(call)).toBe(nearest);
    expect(errorOf(call).message).toMatch(new RegExp(`\\(did you mean "${nearest}"\\?\\)$`));
  });

  it('suggests nothing for a different word, rather than a wrong guess', () => {
    expect(hint(() => mlp({ sizes: [2, 1], activation: 'swish' as never }))).toBeUndefined();
    expect(errorOf(() => mlp({ sizes: [2, 1], init: 'kaiming' as never })).message).not.toContain(
      'did you mean',
    );
  });

  it('prints the message the issue asked for', () => {
    expect(errorOf(() => mlp({ sizes: [2, 1], activation: 'tahn' as never })).message).toBe(
      'mlp: spec.activation must be one of "identity", "sigmoid", "tanh", "relu", "leakyRelu", "elu", "selu", ' +
        '"gelu", "softplus", "erf"; received "tahn" (did you mean "tanh"?)',
    );
  });
});
