/**
 * Every number the lesson "Variance, layer by layer: where LeCun, Xavier and He come from" states, computed by
 * @gradscope/core when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/variance-propagation.test.ts checks each one against a closed form or an independent computation.
 *
 * Notation (the lesson's): z^[l] = W^[l]·a^[l−1], a^[l] = g(z^[l]), no biases unless said; every weight W_ij is
 * drawn independently with mean 0 and variance σ_w². Between layers of equal width n, LeCun's and Xavier's rules
 * both give σ_w² = 1/n and He's gives 2/n; the engine's mean-field functions take the product n·σ_w² as
 * `weightVariance` (1 and 2).
 */
import {
  activationNorms,
  backward,
  backwardGradientGrowth,
  chi,
  createRandom,
  fillNormal,
  fit,
  forward,
  forwardVariance,
  initVariance,
  layerGradNorms,
  mlp,
  momentum,
  reluStretch,
  sampleReluLogStretches,
  teacherRegression,
  varianceFixedPoint,
  zeros,
  type InitializerName,
  type Matrix,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------------------ one layer

/** The fans of the one-layer example: a layer from 512 units to 128. */
export const oneLayerFans = { fanIn: 512, fanOut: 128 } as const;
/** Examples (columns) pushed through that layer. */
export const oneLayerBatch = 256;

/** A matrix of standard normal entries, rows × cols, from its own seed. */
function normalMatrix(rows: number, cols: number, seed: string): Matrix {
  const m = zeros(rows, cols);
  fillNormal(m.data, createRandom(seed));
  return m;
}

/** The mean of the squares of a matrix's entries. */
function meanSquare(m: Matrix): number {
  let sum = 0;
  for (const v of m.data) sum += v * v;
  return sum / m.data.length;
}

/**
 * One dense layer, measured: the forward factor E[z²]/E[a_prev²] and the backward factor E[(Wᵀδ)²]/E[δ²], with
 * inputs a_prev and upstream gradients δ of independent standard normal entries, for a layer drawn by `init`.
 * Linear units (g = identity): the factors are then n_in·σ_w² and n_out·σ_w² exactly in expectation.
 */
export function measuredLayerFactors(init: InitializerName, fanIn: number, fanOut: number, seed: string) {
  const net = mlp({ sizes: [fanIn, fanOut], activation: 'identity', init, bias: false, seed });
  const input = normalMatrix(fanIn, oneLayerBatch, `${seed} input`);
  const trace = forward(net, input);
  const upstream = normalMatrix(fanOut, oneLayerBatch, `${seed} delta`);
  const { dInput } = backward(net, upstream);
  return {
    forward: meanSquare(trace.output) / meanSquare(input),
    backward: meanSquare(dInput) / meanSquare(upstream),
  };
}

/** The three rules, by the engine's names. */
export const schemes = ['lecun', 'xavier', 'he'] as const;
const initializerOf = { lecun: 'lecunNormal', xavier: 'xavierNormal', he: 'heNormal' } as const;

/** Each rule's σ_w² for the one-layer example, and its forward and backward factors, closed form and measured. */
export const oneLayer = schemes.map((scheme) => {
  const { fanIn, fanOut } = oneLayerFans;
  const variance = initVariance(scheme, oneLayerFans);
  const measured = measuredLayerFactors(initializerOf[scheme], fanIn, fanOut, `one layer ${scheme}`);
  return {
    scheme,
    variance,
    forward: fanIn * variance,
    backward: fanOut * variance,
    measuredForward: measured.forward,
    measuredBackward: measured.backward,
  };
});
const rowOf = (scheme: (typeof schemes)[number]) => oneLayer.find((row) => row.scheme === scheme)!;
/** Xavier's forward and backward factors on the 512 → 128 layer: 2·512/640 and 2·128/640. */
export const xavierForward = rowOf('xavier').forward;
export const xavierBackward = rowOf('xavier').backward;
/** LeCun's backward factor there, 128/512: exact forwards, a quarter backwards. */
export const lecunBackward = rowOf('lecun').backward;
/** The largest relative gap between a measured factor and its closed form over the three rules. */
export const oneLayerLargestGap = Math.max(
  ...oneLayer.flatMap((row) => [
    Math.abs(row.measuredForward - row.forward) / row.forward,
    Math.abs(row.measuredBackward - row.backward) / row.backward,
  ]),
);

/** E[relu(z)²]/E[z²], measured on the pre-activations of a layer with 4096 units and 64 examples (closed form ½). */
export const reluHalf = (() => {
  const net = mlp({
    sizes: [256, 4096],
    outputActivation: 'relu',
    init: 'heNormal',
    bias: false,
    seed: 'half',
  });
  const trace = forward(net, normalMatrix(256, 64, 'half input'));
  const [{ z, a }] = activationNorms(trace);
  return (a * a) / (z * z);
})();

/**
 * σ_w² of each rule as a formula of real-valued fans, for drawing smooth lines: 1/n_in (LeCun), 2/(n_in + n_out)
 * (Xavier), 2/n_in (He). At whole fans it is `initVariance` (the claims test checks that).
 */
export function varianceRule(scheme: (typeof schemes)[number], fanIn: number, fanOut: number): number {
  if (scheme === 'lecun') return 1 / fanIn;
  if (scheme === 'xavier') return 2 / (fanIn + fanOut);
  return 2 / fanIn;
}

/** The fan ratios n_out/n_in of the compromise figure, as powers of two, around a fan-in of 256. */
export const fanRatioExponents = [-2, -1, 0, 1, 2] as const;
export const fanRatioFanIn = 256;
/** The smallest and largest fan-out of that figure. */
export const fanOutMin = fanRatioFanIn * 2 ** Math.min(...fanRatioExponents);
export const fanOutMax = fanRatioFanIn * 2 ** Math.max(...fanRatioExponents);

// ---------------------------------------------------------------------------------------- thirty layers

/** The deep networks of the lesson: 30 layers of 256 units, no biases, the activation at every layer. */
export const width = 256;
export const depth = 30;
/** Independent networks (seeds) per configuration, and examples per network. */
export const seeds = 4;
export const batch = 4;

/** n·σ_w² for LeCun/Xavier (equal widths) and He: the `weightVariance` of the mean-field functions. */
export const xavierScale = width * initVariance('xavier', { fanIn: width, fanOut: width });
export const lecunScale = width * initVariance('lecun', { fanIn: width, fanOut: width });
export const heScale = width * initVariance('he', { fanIn: width, fanOut: width });

/** The deep network of one configuration and seed: width 256, 30 layers, `activation` everywhere, no biases. */
export function deepNetwork(activation: 'relu' | 'tanh', init: 'heNormal' | 'xavierNormal', seed: string) {
  return mlp({
    sizes: new Array<number>(depth + 1).fill(width),
    activation,
    outputActivation: activation,
    init,
    bias: false,
    seed,
  });
}

/**
 * Forward and backward through `seeds` networks of one configuration, with inputs of standard normal entries
 * (E[x²] = 1) and upstream gradients ∂L/∂a^[L] of standard normal entries: per layer, the mean over units,
 * examples and networks of z², and of delta² (delta^[l] = ∂L/∂z^[l]).
 */
function monteCarlo(activation: 'relu' | 'tanh', init: 'heNormal' | 'xavierNormal') {
  const z2 = new Float64Array(depth);
  const delta2 = new Float64Array(depth);
  const outputs: number[] = [];
  for (let s = 0; s < seeds; s++) {
    const net = deepNetwork(activation, init, `${init} ${activation} ${s}`);
    const x = normalMatrix(width, batch, `input ${s}`);
    const trace = forward(net, x);
    const norms = activationNorms(trace);
    const gradients = layerGradNorms(backward(net, normalMatrix(width, batch, `upstream ${s}`)));
    for (let l = 0; l < depth; l++) {
      z2[l] += norms[l].z ** 2 / (width * batch * seeds);
      delta2[l] += gradients[l].delta ** 2 / (width * batch * seeds);
    }
    outputs.push(norms[depth - 1].z ** 2 / (width * batch));
  }
  return { z2, delta2, outputs };
}

/** The Monte Carlo of the figure, for ReLU and tanh with Xavier and He. */
export const measured = {
  'He normal: ReLU': monteCarlo('relu', 'heNormal'),
  'Xavier normal: ReLU': monteCarlo('relu', 'xavierNormal'),
  'He normal: tanh': monteCarlo('tanh', 'heNormal'),
  'Xavier normal: tanh': monteCarlo('tanh', 'xavierNormal'),
};

/** The mean-field prediction q^1 … q^30 of E[z^[l]²] for one configuration (inputs with E[x²] = 1). */
export function predictedVariance(activation: 'relu' | 'tanh', weightVariance: number): Float64Array {
  return forwardVariance({ activation, weightVariance, inputSecondMoment: 1, depth });
}
/** The predicted E‖delta^[l]‖² / E‖delta^[L]‖² for one configuration (products of χ_l). */
export function predictedGradientRatio(activation: 'relu' | 'tanh', weightVariance: number): Float64Array {
  return backwardGradientGrowth({ activation, weightVariance, inputSecondMoment: 1, depth });
}

/** The configurations of the figure: label, activation and n·σ_w². */
export const configurations = [
  { label: 'He normal: ReLU', activation: 'relu', weightVariance: heScale },
  { label: 'Xavier normal: ReLU', activation: 'relu', weightVariance: xavierScale },
  { label: 'He normal: tanh', activation: 'tanh', weightVariance: heScale },
  { label: 'Xavier normal: tanh', activation: 'tanh', weightVariance: xavierScale },
] as const;

/** The largest relative gap, over every layer and configuration, between the measured E[z²] and the prediction. */
export const figureLargestGap = Math.max(
  ...configurations.flatMap(({ label, activation, weightVariance }) => {
    const q = predictedVariance(activation, weightVariance);
    return Array.from(measured[label].z2, (m, l) => Math.abs(m - q[l]) / q[l]);
  }),
);

/** Xavier on ReLU: E[z^[30]²]/E[z^[1]²] = 2^−29, the closed form (each layer halves it). */
export const reluXavierDecay = (() => {
  const q = predictedVariance('relu', xavierScale);
  return q[depth - 1] / q[0];
})();
/** Xavier on tanh: E[z^[30]²] from E[z^[1]²] = 1, by the mean-field recursion. */
export const tanhXavierLast = predictedVariance('tanh', xavierScale)[depth - 1];
/** He on tanh: the fixed point q* of the variance map, and χ there (the per-layer factor of ‖delta‖², backward). */
export const tanhHeFixedPoint = varianceFixedPoint({ activation: 'tanh', weightVariance: heScale });
export const tanhHeChi = chi({ activation: 'tanh', weightVariance: heScale });
/** Its effect over the 29 steps from layer 30 down to layer 1: the predicted E‖delta^[1]‖²/E‖delta^[30]‖². */
export const tanhHeGradientGrowth = predictedGradientRatio('tanh', heScale)[0];
/** The same ratio measured on the networks of the figure, E‖delta^[1]‖²/E‖delta^[30]‖². */
export const tanhHeGradientGrowthMeasured =
  measured['He normal: tanh'].delta2[0] / measured['He normal: tanh'].delta2[depth - 1];

// --------------------------------------------------------------------------- He et al.'s 30-layer result

/**
 * He et al.'s shallower plain network, which converged with either rule (their Figure 2), against the 30-layer one
 * of their Figure 3 (which is this lesson's depth).
 */
export const shallowerDepth = 22;

/** The closed form: Xavier's E[z^[30]²] over He's is (1/2)^30, each layer halving it (the first one too). */
export const xavierShrink = (xavierScale / heScale) ** depth;

/**
 * With the same seed, every Xavier weight is the He weight divided by √2 (the same normal draws, a smaller
 * standard deviation), and relu(c·z) = c·relu(z) for c > 0: E[z^[30]²] shrinks by exactly 2^−30 in every network,
 * up to rounding. Measured on seed 0 of the He networks, rebuilt with Xavier.
 */
export const xavierShrinkSameSeed = (() => {
  const x = normalMatrix(width, batch, 'input 0');
  const outputSquare = (init: 'heNormal' | 'xavierNormal') =>
    activationNorms(forward(deepNetwork('relu', init, 'heNormal relu 0'), x))[depth - 1].z ** 2;
  return outputSquare('xavierNormal') / outputSquare('heNormal');
})();

/** With independent seeds: the ratio of the mean E[z^[30]²] over the Xavier networks to that over the He ones. */
export const xavierShrinkIndependent =
  measured['Xavier normal: ReLU'].z2[depth - 1] / measured['He normal: ReLU'].z2[depth - 1];

/** The gradient, backward: E‖delta^[1]‖²/E‖delta^[30]‖² for Xavier on ReLU, closed form 2^−29, and measured. */
export const xavierGradientRatio = predictedGradientRatio('relu', xavierScale)[0];
export const xavierGradientRatioMeasured =
  measured['Xavier normal: ReLU'].delta2[0] / measured['Xavier normal: ReLU'].delta2[depth - 1];
/** The same for He on ReLU: 1 in closed form, and measured. */
export const heGradientRatioMeasured =
  measured['He normal: ReLU'].delta2[0] / measured['He normal: ReLU'].delta2[depth - 1];

// ------------------------------------------------------------------------------------------- training

/** The training run: a 30-layer ReLU network of width 32 on a teacher's regression task. */
export const trainWidth = 32;
export const trainInputs = 8;
export const trainSamples = 256;
export const trainSteps = 200;
export const trainBatch = 16;
export const learningRate = 0.01;
export const trainMomentum = 0.9;

/** The task: 256 examples of 8 inputs, targets from a small random tanh teacher (the engine's default). */
export const trainingData = teacherRegression({
  inputSize: trainInputs,
  samples: trainSamples,
  random: createRandom('teacher'),
});

/** One run from the same weights' seed and the same minibatches, with `init` (biases start at 0 and learn). */
export function train(init: 'heNormal' | 'xavierNormal') {
  const net = mlp({
    sizes: [trainInputs, ...new Array<number>(depth - 1).fill(trainWidth), 1],
    activation: 'relu',
    init,
    seed: 'training weights',
  });
  return fit(net, trainingData, {
    optimizer: momentum({ learningRate, momentum: trainMomentum }),
    steps: trainSteps,
    batchSize: trainBatch,
    random: createRandom('minibatches'),
  });
}

export const heRun = train('heNormal');
export const xavierRun = train('xavierNormal');

/**
 * The loss of the best constant prediction, ŷ = the mean target: ½·(the targets' variance), in the engine's 'mse'
 * convention L = (1/2m)·Σ(ŷ − y)².
 */
export const constantLoss = (() => {
  const y = Array.from(trainingData.y.data);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return y.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * y.length);
})();

/** Steps averaged for a start or an end loss: minibatch losses are noisy, one step alone says little. */
export const lossWindow = 20;
const meanOf = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0) / values.length;
/** The mean loss over the last 20 steps of a run. */
export function finalLoss(run: ReturnType<typeof train>): number {
  return meanOf(run.history.loss.subarray(-lossWindow));
}
export const heFinalLoss = finalLoss(heRun);
export const xavierFinalLoss = finalLoss(xavierRun);
/** The mean loss over the first 20 steps (the same minibatches for both runs). */
export const heStartLoss = meanOf(heRun.history.loss.subarray(0, lossWindow));
export const xavierStartLoss = meanOf(xavierRun.history.loss.subarray(0, lossWindow));

/** Each layer's ‖dW^[l]‖ at step 1 (column 0 of the layers × steps matrix). */
function firstStepGradients(run: ReturnType<typeof train>): number[] {
  const g = run.history.gradNormsByLayer;
  return Array.from({ length: g.rows }, (_, l) => g.data[l * g.cols]);
}
/** The largest of Xavier's 30 weight-gradient norms at step 1, and the smallest of He's. */
export const xavierLargestFirstGradient = Math.max(...firstStepGradients(xavierRun));
export const heSmallestFirstGradient = Math.min(...firstStepGradients(heRun));

/** heSmallestFirstGradient / xavierLargestFirstGradient: how far apart the two runs' gradients start. */
export const firstStepGap = heSmallestFirstGradient / xavierLargestFirstGradient;
/** The smallest, over all steps, of (He's smallest layer gradient) / (Xavier's largest) at that step. */
export const everyStepGap = (() => {
  const he = heRun.history.gradNormsByLayer;
  const xavier = xavierRun.history.gradNormsByLayer;
  let gap = Infinity;
  for (let j = 0; j < he.cols; j++) {
    let heMin = Infinity;
    let xavierMax = 0;
    for (let l = 0; l < he.rows; l++) {
      heMin = Math.min(heMin, he.data[l * he.cols + j]);
      xavierMax = Math.max(xavierMax, xavier.data[l * xavier.cols + j]);
    }
    gap = Math.min(gap, heMin / xavierMax);
  }
  return gap;
})();

/** ‖dW^[1]‖ at step 1, each run: the first layer's gradient before any update. */
export const heFirstGradient = heRun.history.gradNormsByLayer.data[0];
export const xavierFirstGradient = xavierRun.history.gradNormsByLayer.data[0];

// ----------------------------------------------------------------------------- mean square vs typical

/** The widths of the finite-width comparison, and how many independent networks each draws. */
export const typicalWidths = [4, 16, 256] as const;
export const typicalSamples = { 4: 4000, 16: 1000, 256: 16 } as const;

/** The closed forms for He initialization at each width, 30 layers (see relu-stretch.ts in the engine). */
export const typicalTheory = typicalWidths.map((n) => ({ width: n, ...reluStretch(n, depth) }));

/** ln(‖a^[30]‖/‖x‖) for each width, sampled: −Infinity for a network whose signal died. */
export const typicalSampled = typicalWidths.map((n) => ({
  width: n,
  logs: sampleReluLogStretches({ width: n, depth, samples: typicalSamples[n], seed: `typical ${n}` }),
}));

/** Summary of a width's samples: the fraction alive, the mean and standard deviation of the finite logs. */
export function sampledSummary(logs: Float64Array) {
  const finite = Array.from(logs).filter(Number.isFinite);
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1));
  return { alive: finite.length / logs.length, mean, std, count: finite.length };
}

const theoryAt = (n: number) => typicalTheory.find((row) => row.width === n)!;
const sampledAt = (n: number) => sampledSummary(typicalSampled.find((row) => row.width === n)!.logs);

/** Width 4: the share of networks whose output is exactly 0, closed form and sampled. */
export const deadShare4 = 1 - theoryAt(4).survival;
export const deadShare4Sampled = 1 - sampledAt(4).alive;
/** The same, in per cent. */
export const deadPercent4 = 100 * deadShare4;
export const deadPercent4Sampled = 100 * deadShare4Sampled;
/** The typical ‖a^[30]‖/‖x‖ of the surviving networks, e^(30μ), at each width. */
export const typical4 = theoryAt(4).typical;
export const typical16 = theoryAt(16).typical;
export const typical256 = theoryAt(256).typical;
/** The same from the samples: e^(mean of the finite logs). */
export const typical4Sampled = Math.exp(sampledAt(4).mean);
export const typical16Sampled = Math.exp(sampledAt(16).mean);
export const typical256Sampled = Math.exp(sampledAt(256).mean);
/** The relative variance of ‖a^[30]‖², (1 + 5/n)^30 − 1, at each width. */
export const relativeVariance4 = theoryAt(4).relativeVariance;
export const relativeVariance16 = theoryAt(16).relativeVariance;
export const relativeVariance256 = theoryAt(256).relativeVariance;
/** The standard deviation of ln‖a^[30]‖ among surviving networks at width 16, closed form. */
export const logStd16 = theoryAt(16).logStd;
/** Per layer at width 256: the typical factor e^μ, against the large-width approximation e^(−5/(4n)). */
export const perLayerTypical256 = Math.exp(theoryAt(256).logMean / depth);
export const perLayerApproximation256 = Math.exp(-5 / (4 * 256));
