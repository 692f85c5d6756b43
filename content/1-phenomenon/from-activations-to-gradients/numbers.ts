/**
 * Every number the lesson "From activations to gradients" states, computed by @gradscope/core when the page builds.
 * The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/from-activations-to-gradients.test.ts
 * checks each one against a closed form or an independent computation, and against the lesson's examples.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = X (one example per column);
 * delta^[l] = ∂L/∂z^[l] (the course's dZ^[l]); dW^[l] = delta^[l]·a^[l−1]ᵀ. Norms of batches are Frobenius norms.
 * Everything is float64.
 */
import {
  binaryCrossEntropy,
  column,
  createRandom,
  fillNormal,
  fit,
  forward,
  full,
  hadamard,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  matmulTransA,
  matmulTransB,
  matrix,
  mlp,
  normalInit,
  numericGradient,
  scale,
  scaledIdentityInit,
  sgd,
  subtract,
  teacherRegression,
  zeros,
  type ActivationName,
  type InitializerSpec,
  type Matrix,
  type Network,
  type TrainingHistory,
} from '@gradscope/core';

/** |a − b| / |b|. */
const relativeError = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// ------------------------------------------------------------------------- a tiny sigmoid network (the forum's)

/**
 * The tiny network of the forum's backward pass: 2 inputs → 3 sigmoid units → 1 sigmoid output, binary
 * cross-entropy, four examples. The same values as the example forum-backward.ts, which the claims test checks.
 */
export const tiny = {
  X: [
    [0.5, -1.0, 1.5, 0.2],
    [1.0, 0.3, -0.7, -1.2],
  ],
  Y: [[1, 0, 1, 0]],
  W1: [0.8, -0.5, -1.2, 0.9, 0.4, 1.5],
  W2: [1.1, -0.7, 0.6],
} as const;

/** The tiny network's variants the TryThis edits make: W1 scaled, and the hidden layer's activation. */
export interface TinyOptions {
  readonly w1Scale?: number;
  readonly hidden?: 'sigmoid' | 'tanh';
}

/** The tiny network with the weights above (biases 0), W1 multiplied by `w1Scale`. */
export function tinyNetwork({ w1Scale = 1, hidden = 'sigmoid' }: TinyOptions = {}): Network {
  const net = mlp({ sizes: [2, 3, 1], activation: hidden, outputActivation: 'sigmoid' });
  net.params[0].value.data.set(tiny.W1.map((w) => w * w1Scale));
  net.params[2].value.data.set(tiny.W2);
  return net;
}

/**
 * dW^[1] of the tiny network three ways: the engine's backward pass, the course's formulas with the forum's
 * dZ1 = W2ᵀ·dZ2 * A1 (and with the slope it should have: A1·(1 − A1) for the sigmoid, 1 − A1² for tanh), and
 * centred finite differences of the loss.
 */
export function tinyGradients(options: TinyOptions = {}) {
  const net = tinyNetwork(options);
  const X = matrix(tiny.X.map((row) => [...row]));
  const Y = matrix(tiny.Y.map((row) => [...row]));
  const m = X.cols;
  const W1 = net.params[0];
  const W2 = net.params[2];
  const { trace } = lossAndGradients(net, X, Y, 'bce');
  const engine = Float64Array.from(W1.grad.data);
  const A1 = trace.layers[0].a;
  const dZ2 = subtract(trace.layers[1].a, Y); // sigmoid output + cross-entropy: dZ2 = A2 − Y
  const back = matmulTransA(W2.value, dZ2); // W2ᵀ·dZ2
  const ones = full(A1.rows, A1.cols, 1);
  const slope =
    options.hidden === 'tanh'
      ? subtract(ones, hadamard(A1, A1)) // tanh'(Z1) = 1 − A1²
      : hadamard(A1, subtract(ones, A1)); // σ'(Z1) = A1·(1 − A1)
  const dW1 = (dZ1: Matrix) => Float64Array.from(scale(matmulTransB(dZ1, X), 1 / m).data);
  const forum = dW1(hadamard(back, A1));
  const course = dW1(hadamard(back, slope));
  const numeric = numericGradient(
    () => binaryCrossEntropy.value(forward(net, X).output, Y),
    W1.value.data as Float64Array,
  );
  return { engine, course, forum, numeric, A1: Float64Array.from(A1.data) };
}

const tinyResult = tinyGradients();
/** The first TryThis edit: every entry of W1 multiplied by this, which saturates the hidden units. */
export const tryW1Scale = 5;
const saturated = tinyGradients({ w1Scale: tryW1Scale });
const normOf = (values: ArrayLike<number>) => Math.hypot(...Array.from(values));
/** With W1 scaled: ‖dW^[1]‖ (finite differences) and the forum's ‖dW^[1]‖, each relative to the unscaled one's. */
export const saturatedTrueChange = normOf(saturated.numeric) / normOf(tinyResult.numeric);
export const saturatedForumChange = normOf(saturated.forum) / normOf(tinyResult.forum);
/** The second TryThis edit, a tanh hidden layer: the largest relative error of the forum's and the course's dW^[1]. */
const tanhHidden = tinyGradients({ hidden: 'tanh' });
export const tanhForumError = Math.max(
  ...Array.from(tanhHidden.forum, (v, i) => relativeError(v, tanhHidden.numeric[i])),
);
export const tanhCourseError = Math.max(
  ...Array.from(tanhHidden.course, (v, i) => relativeError(v, tanhHidden.numeric[i])),
);
const largestError = (values: Float64Array) =>
  Math.max(...Array.from(values, (v, i) => relativeError(v, tinyResult.numeric[i])));
/** The largest relative difference between the engine's dW^[1] and finite differences. */
export const tinyEngineError = largestError(tinyResult.engine);
/** The same for the forum's formula (A1 in place of the slope). */
export const tinyForumError = largestError(tinyResult.forum);
/** The smallest ratio forum / finite differences over the entries of dW^[1] (the forum's is always larger). */
export const tinyForumRatioMin = Math.min(
  ...Array.from(tinyResult.forum, (v, i) => v / tinyResult.numeric[i]),
);
/** The largest such ratio. */
export const tinyForumRatioMax = Math.max(
  ...Array.from(tinyResult.forum, (v, i) => v / tinyResult.numeric[i]),
);

// --------------------------------------------------------------------------- the loss's own derivative

/** The lecture's network: depth, input x = (1, 1) and the target of this section, y = x. */
export const lectureDepth = 20;
const x = column([1, 1]);
export const target = [1, 1] as const;

/** ‖dA^[L]‖ = ‖ŷ − y‖ (one example, m = 1) and ‖dW^[1]‖ of the lecture's network with target y, by the engine. */
export function lectureWithTarget(k: number, depth = lectureDepth) {
  const net = linearNetwork(depth, k);
  const { trace, gradients } = lossAndGradients(net, x, column([...target]), 'mse');
  const rows = layerGradNorms(gradients);
  return {
    output: trace.output.data[0],
    dA: rows[depth - 1].delta, // identity output: delta^[L] = dA^[L]
    dW1: rows[0].dW,
    dWL: rows[depth - 1].dW,
  };
}
const lectureUp = lectureWithTarget(1.5);
const lectureDown = lectureWithTarget(0.5);
/** ŷ₁ for k = 1.5 and k = 0.5. */
export const lectureOutputUp = lectureUp.output;
export const lectureOutputDown = lectureDown.output;
/** ‖dA^[L]‖ for k = 1.5: the error ŷ − y is as large as the exploded output. */
export const lossDerivativeUp = lectureUp.dA;
/** ‖dA^[L]‖ for k = 0.5: the output vanished, the error did not (it tends to −y). */
export const lossDerivativeDown = lectureDown.dA;
/** ‖dW^[1]‖ for k = 0.5, and ‖dW^[L]‖ (the same: k^(L−1)·‖ŷ − y‖·‖x‖ at every layer). */
export const weightGradientDown = lectureDown.dW1;
/** ‖dW^[1]‖ for k = 1.5. */
export const weightGradientUp = lectureUp.dW1;

// --------------------------------------------------------------------------------- the gradient ratios

/** The networks of the ratio figure: L layers of `width` units, a batch of `batch` Gaussian inputs. */
export const figureDepth = 20;
export const figureWidth = 64;
export const figureBatch = 32;

/** One network of the figure: its label (which sets its colour), the hidden activation and the initializer. */
export interface RatioCase {
  readonly label: string;
  readonly activation: ActivationName;
  readonly init: InitializerSpec;
}

/** The factor the "too large" tanh network's weights have over Xavier's standard deviation. */
export const largeScale = 3;

export const ratioCases: readonly RatioCase[] = [
  { label: 'linear, 1.5·I', activation: 'identity', init: scaledIdentityInit(1.5) },
  {
    label: `tanh, ${largeScale} × Xavier`,
    activation: 'tanh',
    init: normalInit({ std: largeScale / Math.sqrt(figureWidth) }), // Xavier's std is 1/√n for n × n layers
  },
  { label: 'ReLU, He', activation: 'relu', init: 'heNormal' },
  { label: 'tanh, Xavier', activation: 'tanh', init: 'xavierNormal' },
  { label: 'linear, 0.5·I', activation: 'identity', init: scaledIdentityInit(0.5) },
  { label: 'sigmoid, Xavier', activation: 'sigmoid', init: 'xavierNormal' },
];

/** The batch the figure's networks see: X and Y with independent N(0, 1) entries. */
export function figureBatchData(targetScale = 1): { X: Matrix; Y: Matrix } {
  const random = createRandom(11);
  const X = zeros(figureWidth, figureBatch);
  fillNormal(X.data, random);
  const Y = zeros(figureWidth, figureBatch);
  fillNormal(Y.data, random);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] *= targetScale;
  return { X, Y };
}

/** ‖a − its mean over the examples‖: how much a batch of activations varies from one example to another. */
export function spreadOf(a: Matrix): number {
  let sum = 0;
  for (let i = 0; i < a.rows; i++) {
    let mean = 0;
    for (let j = 0; j < a.cols; j++) mean += a.data[i * a.cols + j];
    mean /= a.cols;
    for (let j = 0; j < a.cols; j++) sum += (a.data[i * a.cols + j] - mean) ** 2;
  }
  return Math.sqrt(sum);
}

/**
 * One forward and backward pass of the mean squared error through a network of the figure (hidden layers
 * `activation`, an identity output layer): per layer ‖delta^[l]‖, ‖dW^[l]‖, ‖a^[l]‖, the spread of a^[l] across
 * the batch (‖a^[l] − its mean over the examples‖), and the RMS slope √mean g'(z^[l])², for l = 1 … L.
 */
export function backwardProfile(
  activation: ActivationName,
  init: InitializerSpec,
  options: { targetScale?: number; seed?: number; depth?: number } = {},
) {
  const { X, Y } = figureBatchData(options.targetScale ?? 1);
  const depth = options.depth ?? figureDepth;
  const net = mlp({
    sizes: new Array<number>(depth + 1).fill(figureWidth),
    activation,
    init,
    seed: options.seed ?? 3,
  });
  const { trace, gradients } = lossAndGradients(net, X, Y, 'mse');
  const rows = layerGradNorms(gradients);
  const delta = rows.map((row) => row.delta);
  const spread = trace.layers.map(({ a }) => spreadOf(a));
  const slopes = gradients.layers.map((layer, l) => {
    // delta^[l] = dA^[l] ⊙ g'(z^[l]): the slope is what the activation multiplied by on the way back.
    const { z, a } = trace.layers[l];
    const slope = net.layers[l].activation!;
    let sum = 0;
    for (let i = 0; i < z.data.length; i++) sum += slope.derivative(z.data[i], a.data[i]) ** 2;
    return Math.sqrt(sum / z.data.length);
  });
  return {
    delta,
    ratio: delta.map((d) => d / delta[depth - 1]),
    dW: rows.map((row) => row.dW),
    activation: trace.layers.map(({ a }) => Math.hypot(...a.data)),
    spread,
    rmsSlope: slopes,
    net,
  };
}

/** Every network of the figure, measured once. */
export const profiles = Object.fromEntries(
  ratioCases.map((c) => [c.label, backwardProfile(c.activation, c.init)]),
) as Record<string, ReturnType<typeof backwardProfile>>;

const ratioAtFirstLayer = (label: string) => profiles[label].ratio[0];
/** ‖delta^[1]‖ / ‖delta^[L]‖ for each network of the figure. */
export const ratioLinearUp = ratioAtFirstLayer('linear, 1.5·I');
export const ratioLinearDown = ratioAtFirstLayer('linear, 0.5·I');
export const ratioTanhLarge = ratioAtFirstLayer(`tanh, ${largeScale} × Xavier`);
export const ratioTanh = ratioAtFirstLayer('tanh, Xavier');
export const ratioSigmoid = ratioAtFirstLayer('sigmoid, Xavier');
/** The fraction of the ReLU network's hidden units (over the batch) whose slope is 1, i.e. z > 0. */
export const reluActiveFraction = (() => {
  const layers = profiles['ReLU, He'].net.layers.slice(0, figureDepth - 1);
  let active = 0;
  let total = 0;
  for (const layer of layers) {
    for (const z of layer.lastTrace!.z.data) {
      if (z > 0) active++;
      total++;
    }
  }
  return active / total;
})();
/** The ReLU network's ratios stay in this range at every layer. */
export const ratioReluMin = Math.min(...profiles['ReLU, He'].ratio);
export const ratioReluMax = Math.max(...profiles['ReLU, He'].ratio);
/** The same ReLU network five times deeper: its largest ratio, which levels off instead of growing on. */
export const reluDeepDepth = 100;
export const ratioReluMaxDeep = Math.max(
  ...backwardProfile('relu', 'heNormal', { depth: reluDeepDepth }).ratio,
);

/** The sigmoid network, hidden layers 1 … L−1: the factor per layer going back, as a geometric mean. */
export const sigmoidFactorPerLayer = ratioSigmoid ** (1 / (figureDepth - 1));
/** ‖dW^[1]‖ / ‖dW^[L]‖ of the sigmoid network: the weight gradients follow the deltas. */
export const sigmoidWeightRatio =
  profiles['sigmoid, Xavier'].dW[0] / profiles['sigmoid, Xavier'].dW[figureDepth - 1];
/**
 * The RMS slope √mean σ'(z)² over every unit and example of the sigmoid network's hidden layers. Every hidden
 * layer has the same number of entries, so this is the root of the mean of the layers' squared RMS slopes.
 */
export const sigmoidRmsSlope = Math.sqrt(
  profiles['sigmoid, Xavier'].rmsSlope.slice(0, figureDepth - 1).reduce((s, v) => s + v * v, 0) /
    (figureDepth - 1),
);
/** ‖a^[1]‖ and ‖a^[L−1]‖ of the sigmoid network: the activations keep their size. */
export const sigmoidActivationFirst = profiles['sigmoid, Xavier'].activation[0];
export const sigmoidActivationLast = profiles['sigmoid, Xavier'].activation[figureDepth - 2];
/** The spread of a^[l] across the batch, relative to layer 1's, at layer L−1: what the input still changes. */
export const sigmoidSpreadRatio =
  profiles['sigmoid, Xavier'].spread[figureDepth - 2] / profiles['sigmoid, Xavier'].spread[0];
/** The smallest and largest entry of a^[L−1] in the sigmoid network: outputs near one half, not small. */
export const sigmoidTopMin = Math.min(
  ...profiles['sigmoid, Xavier'].net.layers[figureDepth - 2].lastTrace!.a.data,
);
export const sigmoidTopMax = Math.max(
  ...profiles['sigmoid, Xavier'].net.layers[figureDepth - 2].lastTrace!.a.data,
);

/** The weights' standard deviations at width 64: Xavier 1/√64, He √(2/64). Small numbers, both. */
export const xavierStd = 1 / Math.sqrt(figureWidth);
export const heStd = Math.sqrt(2 / figureWidth);

/** Targets a thousand times larger (prices in units rather than thousands): the tanh network again. */
export const targetScale = 1000;
const bigTargets = backwardProfile('tanh', 'xavierNormal', { targetScale });
/** How much larger the last layer's gradient is with the big targets. */
export const bigTargetGrowth =
  bigTargets.delta[figureDepth - 1] / profiles['tanh, Xavier'].delta[figureDepth - 1];
/** The largest relative change, over the layers, of the ratio ‖delta^[l]‖ / ‖delta^[L]‖ with the big targets. */
export const bigTargetRatioChange = Math.max(
  ...bigTargets.ratio.map((r, l) => relativeError(r, profiles['tanh, Xavier'].ratio[l])),
);

// ------------------------------------------------------------------------------------------- training

/** The training runs: a teacher's regression data, 12 layers of 16 units, plain gradient descent. */
export const trainDepth = 12;
export const trainWidth = 16;
export const trainSamples = 64;
export const trainSteps = 300;
export const learningRate = 0.05;
/** The standard deviation of the small initialisation many first courses use. */
export const smallStd = 0.01;
/** The factor by which such weights scale a signal per layer, σ·√n (the RMS of W·v over ‖v‖ for n inputs). */
export const smallGain = smallStd * Math.sqrt(trainWidth);

export const trainingData = teacherRegression({
  inputSize: 8,
  samples: trainSamples,
  random: createRandom(1),
});

/** A fresh student network for the training runs. */
export function student(activation: ActivationName, init: InitializerSpec): Network {
  return mlp({
    sizes: [8, ...new Array<number>(trainDepth - 1).fill(trainWidth), 1],
    activation,
    init,
    seed: 2,
  });
}

export interface TrainingCase {
  readonly label: string;
  readonly activation: ActivationName;
  readonly init: InitializerSpec;
}
export const trainingCases: readonly TrainingCase[] = [
  { label: 'tanh, Xavier', activation: 'tanh', init: 'xavierNormal' },
  { label: 'sigmoid, Xavier', activation: 'sigmoid', init: 'xavierNormal' },
  { label: `σ = ${smallStd} (tanh)`, activation: 'tanh', init: normalInit({ std: smallStd }) },
];

/** Trains one case for `trainSteps` steps of gradient descent on the whole data set. */
export function train(c: TrainingCase): TrainingHistory {
  return fit(student(c.activation, c.init), trainingData, {
    optimizer: sgd({ learningRate }),
    steps: trainSteps,
  }).history;
}

export const runs = Object.fromEntries(trainingCases.map((c) => [c.label, train(c)])) as Record<
  string,
  TrainingHistory
>;
const [tanhRun, sigmoidRun, smallRun] = trainingCases.map((c) => runs[c.label]);

/** The loss of the best constant prediction (the targets' mean): half their variance. */
export const meanPredictorLoss = (() => {
  const y = Array.from(trainingData.y.data);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return y.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * y.length);
})();
export const tanhLossStart = tanhRun.loss[0];
export const tanhLossEnd = tanhRun.loss[trainSteps - 1];
export const sigmoidLossEnd = sigmoidRun.loss[trainSteps - 1];
export const smallLossEnd = smallRun.loss[trainSteps - 1];

/** ‖dW^[l]‖ at step t (1-based) of a run, from its layers × steps matrix. */
export function gradNormAt(history: TrainingHistory, layer: number, step: number): number {
  const K = history.recordedSteps.length;
  return history.gradNormsByLayer.data[(layer - 1) * K + (step - 1)];
}
/**
 * The training sigmoid network before any step: the spread of a^[L−1] across the examples relative to that of
 * a^[1] (how little of the input the last layer still sees).
 */
export const sigmoidTrainSpreadRatio = (() => {
  const c = trainingCases[1];
  const { trace } = lossAndGradients(student(c.activation, c.init), trainingData.x, trainingData.y, 'mse');
  return spreadOf(trace.layers[trainDepth - 2].a) / spreadOf(trace.layers[0].a);
})();

/** ‖dW^[1]‖ / ‖dW^[L]‖ at the first step. */
export const sigmoidFirstStepRatio = gradNormAt(sigmoidRun, 1, 1) / gradNormAt(sigmoidRun, trainDepth, 1);
/** The sigmoid network's last-layer ‖dW^[L]‖ at the first step and at the last. */
export const sigmoidLastLayerStart = gradNormAt(sigmoidRun, trainDepth, 1);
export const sigmoidLastLayerEnd = gradNormAt(sigmoidRun, trainDepth, trainSteps);
export const tanhFirstStepRatio = gradNormAt(tanhRun, 1, 1) / gradNormAt(tanhRun, trainDepth, 1);
/** The σ = 0.01 network's largest ‖dW^[l]‖ at the first step: every layer's is tiny. */
export const smallFirstStepLargest = Math.max(
  ...Array.from({ length: trainDepth }, (_, i) => gradNormAt(smallRun, i + 1, 1)),
);

/** The σ = 0.01 network before training: its delta ratio, and ‖delta^[L]‖ against ‖y‖/m (the error is not small). */
export const smallAtStart = (() => {
  const c = trainingCases[2];
  const net = student(c.activation, c.init);
  const { gradients, trace } = lossAndGradients(net, trainingData.x, trainingData.y, 'mse');
  const rows = layerGradNorms(gradients);
  return {
    deltaRatio: rows[0].delta / rows[trainDepth - 1].delta,
    dWRatio: rows[0].dW / rows[trainDepth - 1].dW,
    outputNorm: Math.hypot(...trace.output.data),
    lastDelta: rows[trainDepth - 1].delta,
    targetOverM: Math.hypot(...trainingData.y.data) / trainSamples,
  };
})();
export const smallDeltaRatio = smallAtStart.deltaRatio;
export const smallOutputNorm = smallAtStart.outputNorm;
export const smallLastDelta = smallAtStart.lastDelta;
export const smallTargetOverM = smallAtStart.targetOverM;
