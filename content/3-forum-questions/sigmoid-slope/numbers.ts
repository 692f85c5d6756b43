/**
 * Every number the lesson "A quarter per layer: the sigmoid's slope" states, computed by @gradscope/core when the
 * page builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/sigmoid-slope.test.ts checks
 * each one against a closed form or an independent computation, and against the lesson's examples.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]); delta^[l] = ∂L/∂z^[l], and going back
 * one layer delta^[l] = g'(z^[l]) ⊙ W^[l+1]ᵀ·delta^[l+1]. σ is the logistic sigmoid, σ' its slope σ(1 − σ).
 * ‖W‖₂ is the spectral norm (the largest stretch of any vector). Everything is float64.
 */
import {
  activation,
  chi,
  createRandom,
  criticalWeightVariance,
  fillNormal,
  fit,
  layerGradNorms,
  layerStats,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  sigmoidGainInterval,
  sigmoidMaxSlope,
  sigmoidSlopeEdge,
  spectralNorm,
  teacherRegression,
  widestSigmoidGainInterval,
  zeros,
  type ActivationName,
  type InitializerSpec,
  type Matrix,
  type TrainingHistory,
} from '@gradscope/core';

const sigmoid = activation('sigmoid');
/** σ'(z), as the engine's sigmoid computes it: σ(z)(1 − σ(z)). */
export const sigmoidSlope = (z: number): number => sigmoid.derivative(z, sigmoid.apply(z));

// ------------------------------------------------------------------------------------------- the slope

/** σ'(0) = 1/4, the largest slope. */
export const slopeAtZero = sigmoidSlope(0);
/** The slope a little way out, and in the tail beside e^(−|z|). */
export const slopeAtTwo = sigmoidSlope(2);
export const slopeAtFive = sigmoidSlope(5);
export const expMinusFive = Math.exp(-5);
/** How many times smaller than at 0 the slope is at z = 5. */
export const slopeDropAtFive = slopeAtZero / slopeAtFive;
/** The book counts a unit as saturated when its slope is below this fraction of the largest (the engine's rule). */
export const saturationFraction = 0.01;
/** |z| beyond which a sigmoid unit is saturated: σ'(z) < 1% of 1/4. */
export const saturationEdge = sigmoidSlopeEdge(saturationFraction * sigmoidMaxSlope);

// ------------------------------------------------------------------------------------ a quarter per layer

/** The chain of single sigmoid units: its depth, weight, bias and input. */
export const chainDepth = 10;
export const chainWeight = 1;
export const chainBias = 0;
export const chainInput = 0.5;

/**
 * A chain of single sigmoid units, a^[l] = σ(w·a^[l−1] + b): every layer's z, slope and factor w·σ'(z), and the
 * running product ∂a^[l]/∂a^[0], which is what going back through the chain multiplies a gradient by.
 */
export function sigmoidChain(depth: number, weight: number, bias: number, input: number) {
  let a = input;
  let product = 1;
  const layers: { z: number; slope: number; factor: number; product: number }[] = [];
  for (let l = 1; l <= depth; l++) {
    const z = weight * a + bias;
    a = sigmoid.apply(z);
    const slope = sigmoid.derivative(z, a);
    product *= weight * slope;
    layers.push({ z, slope, factor: weight * slope, product });
  }
  return layers;
}
const chain = sigmoidChain(chainDepth, chainWeight, chainBias, chainInput);
/** ∂a^[10]/∂a^[0] of the chain with w = 1, b = 0, a^[0] = 0.5. */
export const chainProduct = chain[chainDepth - 1].product;
/** The chain's factors per layer range between these. */
export const chainFactorMin = Math.min(...chain.map((l) => l.factor));
export const chainFactorMax = Math.max(...chain.map((l) => l.factor));
/** (1/4)^10: the most ten sigmoid layers with |w| ≤ 1 can pass. */
export const tenLayerBound = sigmoidMaxSlope ** chainDepth;

/** The chain at the threshold: w = 4, b = −2, a^[0] = 1/2, so every z is 0 and every factor exactly 4·(1/4) = 1. */
export const edgeProduct = sigmoidChain(chainDepth, 4, -2, 0.5)[chainDepth - 1].product;
/** The chain held at its unstable fixed point a = 1/2: w = 6.9, b = −w/2, a^[0] = 1/2, so every z is 0. */
export const fixedPointWeight = 6.9;
export const fixedPointBias = -fixedPointWeight / 2;
export const fixedPointProduct = sigmoidChain(chainDepth, fixedPointWeight, fixedPointBias, 0.5)[
  chainDepth - 1
].product;
/** The same chain started a little away from 1/2: the product collapses. */
export const nudgedInput = 0.52;
export const nudgedProduct = sigmoidChain(chainDepth, fixedPointWeight, fixedPointBias, nudgedInput)[
  chainDepth - 1
].product;

// ------------------------------------------------------------------------------- the window where |w·σ'| ≥ 1

const widest = widestSigmoidGainInterval();
/** The widest window of inputs on which one sigmoid layer has |w·σ'(w·a + b)| ≥ 1, and the |w| that gives it. */
export const widestWidth = widest.width;
export const widestWeight = widest.weight;
/** u* there: the root of u·tanh(u/2) = 1. */
export const widestEdge = widest.edge;
/** A few weights, their peak gain |w|/4 and their window's width (0: no window). */
export const windowWeights = [1, 4, 6.9, 20] as const;
export const windowWidth = (w: number): number => sigmoidGainInterval(w)?.width ?? 0;
/** At a large weight, the window is narrow: |w| = 20, and 100. */
export const widthAtTwenty = windowWidth(20);
export const widthAtHundred = windowWidth(100);

// ---------------------------------------------------------------------------------- deep networks, measured

/** The deep networks: L layers of n units, a batch of m Gaussian inputs and targets, the mean squared error. */
export const deepDepth = 30;
export const deepWidth = 64;
export const deepBatch = 32;

/** One network of the figure: its label (`sigmoid`, `tanh`, `ReLU`: the activation's colour) and its weights. */
export interface DeepCase {
  readonly label: string;
  readonly activation: ActivationName;
  readonly init: InitializerSpec;
}
export const deepCases: readonly DeepCase[] = [
  { label: 'ReLU', activation: 'relu', init: 'heNormal' },
  { label: 'tanh', activation: 'tanh', init: 'xavierNormal' },
  { label: 'sigmoid', activation: 'sigmoid', init: 'xavierNormal' },
];
/** The sigmoid network with weights this many times Xavier's standard deviation: it explodes. */
export const largeScale = 16;

/** The figure's batch: X, then Y, with independent N(0, 1) entries. */
export function deepBatchData(): { X: Matrix; Y: Matrix } {
  const random = createRandom(11);
  const X = zeros(deepWidth, deepBatch);
  fillNormal(X.data, random);
  const Y = zeros(deepWidth, deepBatch);
  fillNormal(Y.data, random);
  return { X, Y };
}

/**
 * One forward and backward pass through a deep network (hidden layers `activation`, an identity output layer):
 * ‖delta^[l]‖ / ‖delta^[L]‖ for l = 1 … L, every layer's ‖W^[l]‖₂, and the per-layer statistics of the forward pass.
 */
export function deepProfile(activationName: ActivationName, init: InitializerSpec) {
  const { X, Y } = deepBatchData();
  const net = mlp({
    sizes: new Array<number>(deepDepth + 1).fill(deepWidth),
    activation: activationName,
    init,
    seed: 3,
  });
  const { trace, gradients } = lossAndGradients(net, X, Y, 'mse');
  const delta = layerGradNorms(gradients).map((row) => row.delta);
  return {
    net,
    trace,
    ratio: delta.map((d) => d / delta[deepDepth - 1]),
    spectralNorms: net.layers.map((layer) => spectralNorm(layer.params[0].value)),
    stats: layerStats(trace, net),
  };
}

export const deepProfiles = Object.fromEntries(
  deepCases.map((c) => [c.label, deepProfile(c.activation, c.init)]),
) as Record<string, ReturnType<typeof deepProfile>>;
const sigmoidDeep = deepProfiles.sigmoid;
const hidden = deepDepth - 1; // layers 1 … L−1 have the activation; the output layer L is the identity

/** ‖delta^[1]‖ / ‖delta^[L]‖ in each network. */
export const deepRatioSigmoid = sigmoidDeep.ratio[0];
export const deepRatioTanh = deepProfiles.tanh.ratio[0];
export const deepRatioReluMax = Math.max(...deepProfiles.ReLU.ratio);
export const deepRatioReluMin = Math.min(...deepProfiles.ReLU.ratio);
/** The sigmoid network's factor per layer going back: the geometric mean over its L − 1 hidden layers. */
export const sigmoidFactor = deepRatioSigmoid ** (1 / hidden);
/**
 * The bound ‖delta^[l]‖ ≤ (‖W^[l+1]‖₂/4)·‖delta^[l+1]‖, multiplied from the top: for each l = 1 … L, the product of
 * ‖W^[k]‖₂/4 over k = l + 1 … L (1 at l = L).
 */
export const sigmoidBound = (() => {
  const bound = new Array<number>(deepDepth).fill(1);
  for (let l = deepDepth - 1; l >= 1; l--) bound[l - 1] = bound[l] * (sigmoidDeep.spectralNorms[l] / 4);
  return bound;
})();
/** The bound's own factor per layer (geometric mean of ‖W‖₂/4), and the weights' typical ‖W‖₂. */
export const boundFactor = sigmoidBound[0] ** (1 / hidden);
export const typicalSpectralNorm = 4 * boundFactor;
/** Mean-field theory's factor per layer for this network, √χ₁ at σ_w² = 1, σ_b² = 0 (the lesson on signal propagation). */
export const meanFieldFactor = Math.sqrt(chi({ activation: 'sigmoid', weightVariance: 1 }));
/** Every sigmoid unit of the last hidden layer outputs a number between these. */
export const sigmoidTopMin = Math.min(...sigmoidDeep.trace.layers[hidden - 1].a.data);
export const sigmoidTopMax = Math.max(...sigmoidDeep.trace.layers[hidden - 1].a.data);

/** The sigmoid network with weights `largeScale` times Xavier's: its ratio, factor per layer and saturated share. */
export const largeDeep = deepProfile('sigmoid', normalInit({ std: largeScale / Math.sqrt(deepWidth) }));
export const largeRatio = largeDeep.ratio[0];
export const largeFactor = largeRatio ** (1 / hidden);
/** The fraction of its hidden units (over layers and examples) that are saturated, slope < 1% of 1/4. */
export const largeSaturatedFraction =
  largeDeep.stats.slice(0, hidden).reduce((s, row) => s + row.fractionInactive, 0) / hidden;
/** Xavier's argument redone for the sigmoid's slope 1/4 at 0 asks for weights 1/(1/4) = 4 times Xavier's. */
export const xavierMultiple = 1 / sigmoidMaxSlope;
/** The deep sigmoid network with such weights: its factor per layer, still below 1. */
export const multipleDeep = deepProfile(
  'sigmoid',
  normalInit({ std: xavierMultiple / Math.sqrt(deepWidth) }),
);
export const multipleFactor = multipleDeep.ratio[0] ** (1 / hidden);
/** Mean-field theory's edge for the sigmoid without biases: χ₁ = 1 at this σ_w (a standard deviation × √n). */
export const criticalScale = Math.sqrt(criticalWeightVariance({ activation: 'sigmoid' }));

// --------------------------------------------------------------------------------------------- training

/** The training runs: a teacher's regression data, 10 layers of 16 units, plain gradient descent. */
export const trainDepth = 10;
export const trainInputs = 8;
export const trainWidth = 16;
export const trainSamples = 64;
export const trainSteps = 300;
export const learningRate = 0.05;
/** The larger learning rate the sigmoid network gets in a third run, and one at which training blows up. */
export const largeLearningRate = 0.4;
export const blowUpLearningRate = 2;

export const trainingData = teacherRegression({
  inputSize: trainInputs,
  samples: trainSamples,
  random: createRandom(1),
});

/** A fresh student network: trainInputs inputs, trainDepth − 1 hidden layers of trainWidth units, one identity output. */
export function student(activationName: ActivationName) {
  return mlp({
    sizes: [trainInputs, ...new Array<number>(trainDepth - 1).fill(trainWidth), 1],
    activation: activationName,
    init: 'xavierNormal',
    seed: 2,
  });
}

/** One training run: its label (starting with its activation, for its colour), activation and learning rate. */
export interface TrainingCase {
  readonly label: string;
  readonly activation: ActivationName;
  readonly learningRate: number;
}
export const trainingCases: readonly TrainingCase[] = [
  { label: `tanh, η = ${learningRate}`, activation: 'tanh', learningRate },
  { label: `sigmoid, η = ${learningRate}`, activation: 'sigmoid', learningRate },
  { label: `sigmoid, η = ${largeLearningRate}`, activation: 'sigmoid', learningRate: largeLearningRate },
];

/** Trains one case for `trainSteps` steps of gradient descent on the whole data set. */
export function train(c: { activation: ActivationName; learningRate: number }): TrainingHistory {
  return fit(student(c.activation), trainingData, {
    optimizer: sgd({ learningRate: c.learningRate }),
    steps: trainSteps,
  }).history;
}
export const runs = Object.fromEntries(trainingCases.map((c) => [c.label, train(c)])) as Record<
  string,
  TrainingHistory
>;
const [tanhRun, sigmoidRun, fastRun] = trainingCases.map((c) => runs[c.label]);

/** ‖dW^[l]‖ at step t (1-based) of a run, from its layers × steps matrix. */
export function gradNormAt(history: TrainingHistory, layer: number, step: number): number {
  const K = history.recordedSteps.length;
  return history.gradNormsByLayer.data[(layer - 1) * K + (step - 1)];
}

/** The loss of the best constant prediction (the targets' mean): half their variance. */
export const meanPredictorLoss = (() => {
  const y = Array.from(trainingData.y.data);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return y.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * y.length);
})();
export const tanhLossStart = tanhRun.loss[0];
export const tanhLossEnd = tanhRun.loss[trainSteps - 1];
export const sigmoidLossStart = sigmoidRun.loss[0];
export const sigmoidLossEnd = sigmoidRun.loss[trainSteps - 1];
export const fastLossEnd = fastRun.loss[trainSteps - 1];
/** ‖dW^[1]‖ / ‖dW^[L]‖ at the first step (the same for both sigmoid runs: same start, before any update). */
export const sigmoidFirstStepRatio = gradNormAt(sigmoidRun, 1, 1) / gradNormAt(sigmoidRun, trainDepth, 1);
export const tanhFirstStepRatio = gradNormAt(tanhRun, 1, 1) / gradNormAt(tanhRun, trainDepth, 1);
/** The largest ‖dW^[1]‖ over all steps of the sigmoid runs. */
export const sigmoidFirstLayerLargest = Math.max(
  ...Array.from({ length: trainSteps }, (_, t) => gradNormAt(sigmoidRun, 1, t + 1)),
);
/** How far the first layer's weights moved in each sigmoid run, ‖W^[1] after − before‖, and the last layer's. */
export function weightMoves(c: { activation: ActivationName; learningRate: number }) {
  const net = student(c.activation);
  const before = net.layers.map((layer) => Float64Array.from(layer.params[0].value.data));
  fit(net, trainingData, { optimizer: sgd({ learningRate: c.learningRate }), steps: trainSteps });
  return net.layers.map((layer, l) =>
    Math.hypot(...layer.params[0].value.data.map((w, k) => w - before[l][k])),
  );
}
const movesSlow = weightMoves(trainingCases[1]);
const movesFast = weightMoves(trainingCases[2]);
export const firstLayerMoveSlow = movesSlow[0];
export const firstLayerMoveFast = movesFast[0];
export const lastLayerMoveSlow = movesSlow[trainDepth - 1];
/** The sigmoid network at η = 2: its loss after the run (gradient descent overshoots). */
export const blowUpLossEnd = train({ activation: 'sigmoid', learningRate: blowUpLearningRate }).loss[
  trainSteps - 1
];
