/**
 * Every number the lesson "Normalization: a signal whose scale the weights cannot set" states, computed by
 * @gradscope/core when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/normalization.test.ts checks each one against a closed form or a computation written in the test.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] (no bias), a^[l] = g(z^[l]) in a plain network and
 * a^[l] = g(γ·BN(z^[l]) + β) with normalization; delta^[l] = ∂L/∂z^[l], the gradient at the dense layer's output,
 * before the normalization. One example per column; norms are Frobenius norms; everything is float64.
 */
import {
  createRandom,
  fit,
  forward,
  frobeniusNorm,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
  type DenseLayer,
  type Matrix,
  type Network,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------------ the networks

/** Depth-50 networks of width 32 (49 hidden layers and one linear output unit), a batch of 32, no biases. */
export const depth = 50;
export const width = 32;
export const batch = 32;
export const data = teacherRegression({ inputSize: width, samples: batch, random: createRandom(2) });

export type Norm = 'none' | 'batch' | 'layer';
export const norms: readonly Norm[] = ['none', 'batch', 'layer'];
export const normLabel = { none: 'plain', batch: 'batch norm', layer: 'layer norm' } as const;

/**
 * A network whose every W^[l] is drawn with variance k²·base/n (k·He for ReLU with base 2, k·Xavier for tanh
 * with base 1): the same seed draws the same standard normals, so W(k) = k·W(1) entry by entry.
 */
export function build(options: {
  activation: 'relu' | 'tanh';
  norm: Norm;
  k?: number;
  sizes?: number[];
  seed?: number;
}): Network {
  const { activation, norm, k = 1, seed = 1 } = options;
  const sizes = options.sizes ?? [width, ...new Array(depth - 1).fill(width), 1];
  const base = activation === 'relu' ? 2 : 1;
  return mlp({
    sizes,
    activation,
    init: normalInit({ variance: (k * k * base) / sizes[1] }),
    bias: false,
    norm: norm === 'none' ? undefined : norm,
    seed,
  });
}

export const denseLayers = (net: Network) => net.layers.filter((l) => l.kind === 'dense') as DenseLayer[];
const rms = (m: Matrix) => frobeniusNorm(m) / Math.sqrt(m.rows * m.cols);

// ------------------------------------------------------------- the forward signal, at k·He with and without BN

/** The lecture's two factors, and He itself. */
export const kValues = [0.5, 1, 1.5] as const;

/** The root mean square of a^[l], l = 1 … L−1 (the hidden layers), on the lesson's batch. */
export function activationRms(net: Network): number[] {
  const trace = forward(net, data.x);
  // With a normalization each hidden layer is two engine layers: dense (identity), then the norm (with g).
  const hidden = net.layers
    .map((layer, i) => ({ layer, a: trace.layers[i].a }))
    .filter(({ layer }, i) =>
      net.layers.length === depth ? i < depth - 1 : layer.kind !== 'dense' && i < net.layers.length - 1,
    );
  return hidden.map(({ a }) => rms(a));
}

export const forwardRms = Object.fromEntries(
  (['none', 'batch'] as const).map((norm) => [
    norm,
    kValues.map((k) => activationRms(build({ activation: 'relu', norm, k }))),
  ]),
) as Record<'none' | 'batch', number[][]>;

const last = (values: number[]) => values[values.length - 1];
/** rms of a^[L−1] without normalization, at k = 0.5, 1 and 1.5 times He's standard deviation. */
export const plainLastRmsHalf = last(forwardRms.none[0]);
export const plainLastRmsHe = last(forwardRms.none[1]);
export const plainLastRmsOneAndHalf = last(forwardRms.none[2]);
/** The same with batch norm: the three are equal to about ε/Var(z) (ε = 1e-5). */
export const bnLastRmsHalf = last(forwardRms.batch[0]);
export const bnLastRmsHe = last(forwardRms.batch[1]);
export const bnLastRmsOneAndHalf = last(forwardRms.batch[2]);
/** The largest relative difference, over every hidden layer, between the BN networks at k = 0.5 or 1.5 and at He. */
export const bnLargestDifference = Math.max(
  ...[0, 2].flatMap((i) => forwardRms.batch[i].map((v, l) => Math.abs(v / forwardRms.batch[1][l] - 1))),
);

// ------------------------------------------------------------------------------------- scale invariance

/** Layer 45 of the BN network (near the top, where the growth measured below has little depth left to amplify ε) at He: its W is multiplied by α, and the loss and dW^[45] are measured again. */
export const scaledLayer = 45;
export const alpha = 3;

function lossAndLayerGradient(net: Network) {
  const { loss } = lossAndGradients(net, data.x, data.y, 'mse');
  const W = denseLayers(net)[scaledLayer - 1].W;
  return { loss, W: Float64Array.from(W.value.data), dW: Float64Array.from(W.grad.data) };
}
const invarianceNet = build({ activation: 'relu', norm: 'batch' });
const before = lossAndLayerGradient(invarianceNet);
denseLayers(invarianceNet)[scaledLayer - 1].W.value.data.forEach((w, i, all) => (all[i] = alpha * w));
const after = lossAndLayerGradient(invarianceNet);

export const invariance = { before, after };
const norm2 = (v: Float64Array) => Math.hypot(...v);
/** |L(αW) − L(W)| / L(W): zero but for ε and rounding. */
export const lossChange = Math.abs(after.loss - before.loss) / before.loss;
/** ‖dW at αW‖ / ‖dW at W‖: 1/α. */
export const gradientShrink = norm2(after.dW) / norm2(before.dW);
/** The cosine between W^[45] and dW^[45], as one vector: zero, W ⟂ dW. */
export const weightGradientCosine =
  before.W.reduce((s, w, i) => s + w * before.dW[i], 0) / (norm2(before.W) * norm2(before.dW));

// ---------------------------------------------------------------- the gradient through depth, at He or Xavier

/** ‖delta^[l]‖ / ‖delta^[L−1]‖ for the hidden layers l = 1 … L−1 (the output layer is never normalized). */
export function gradientProfile(net: Network): number[] {
  lossAndGradients(net, data.x, data.y, 'mse');
  const deltas = denseLayers(net)
    .slice(0, depth - 1)
    .map((l) => frobeniusNorm(l.lastGradients!.delta));
  return deltas.map((d) => d / deltas[deltas.length - 1]);
}

export const activations = ['relu', 'tanh'] as const;
export const profiles = Object.fromEntries(
  activations.map((activation) => [
    activation,
    Object.fromEntries(norms.map((norm) => [norm, gradientProfile(build({ activation, norm }))])),
  ]),
) as Record<'relu' | 'tanh', Record<Norm, number[]>>;

/** ‖delta^[1]‖ / ‖delta^[L−1]‖, 48 layers back. */
export const reluPlainRatio = profiles.relu.none[0];
export const reluBatchRatio = profiles.relu.batch[0];
export const reluLayerRatio = profiles.relu.layer[0];
export const tanhPlainRatio = profiles.tanh.none[0];
export const tanhBatchRatio = profiles.tanh.batch[0];
export const tanhLayerRatio = profiles.tanh.layer[0];
/** The geometric mean of the per-layer factor of the ReLU BN network, and its square. */
export const reluBatchPerLayer = reluBatchRatio ** (1 / (depth - 2));
export const reluBatchPerLayerSquared = reluBatchPerLayer ** 2;
export const gradientSeeds = [1, 2, 3] as const;
/** The BN ReLU ratio on two more draws of the weights, to show the first was not a fluke. */
export const reluBatchRatioSeeds = gradientSeeds.map((seed) =>
  seed === 1 ? reluBatchRatio : gradientProfile(build({ activation: 'relu', norm: 'batch', seed }))[0],
);

// ------------------------------------------------------------------------------ batch norm couples the batch

/**
 * Example 1 of a batch of 4, through the depth-50 ReLU networks; then examples 2–4 are replaced by other inputs.
 * How much a^[L−1] of example 1 moves (relative change of its norm of difference).
 */
export const smallBatch = 4;
function firstExampleOutput(net: Network, x: Matrix): number[] {
  const trace = forward(net, x);
  const a = trace.layers[net.layers.length - 2].a;
  return Array.from({ length: a.rows }, (_, i) => a.data[i * a.cols]);
}
function withOthers(seed: number): Matrix {
  const random = createRandom(seed);
  const x = teacherRegression({ inputSize: width, samples: smallBatch, random }).x;
  // Keep example 1 (column 0) the same in every batch: the lesson's first example.
  for (let i = 0; i < width; i++) x.data[i * smallBatch] = data.x.data[i * batch];
  return x;
}
function coupling(norm: 'batch' | 'layer'): number {
  const net = build({ activation: 'relu', norm });
  const one = firstExampleOutput(net, withOthers(11));
  const two = firstExampleOutput(net, withOthers(12));
  return Math.hypot(...one.map((v, i) => v - two[i])) / Math.hypot(...one);
}
export const batchCoupling = coupling('batch');
export const layerCoupling = coupling('layer');

// ------------------------------------------------------------------------------------ training, badly scaled

/** Smaller networks, to keep the page cheap: depth 15, width 16, 16 examples, full-batch SGD. */
export const trainDepth = 15;
export const trainWidth = 16;
export const trainSamples = 16;
export const steps = 80;
export const learningRate = 0.05;
export const trainData = teacherRegression({
  inputSize: trainWidth,
  samples: trainSamples,
  random: createRandom(3),
});
export const trainKs = [0.5, 1.5] as const;
export const runs = Object.fromEntries(
  trainKs.flatMap((k) =>
    (['none', 'batch'] as const).map((norm) => {
      const net = build({
        activation: 'relu',
        norm,
        k,
        sizes: [trainWidth, ...new Array(trainDepth - 1).fill(trainWidth), 1],
      });
      const result = fit(net, trainData, { optimizer: sgd({ learningRate }), steps });
      return [`${norm} ${k}`, result];
    }),
  ),
) as Record<string, ReturnType<typeof fit>>;
const lossOf = (key: string) => runs[key].history.loss;
export const plainHalfLossStart = lossOf('none 0.5')[0];
export const plainHalfLossEnd = last(Array.from(lossOf('none 0.5')));
export const plainOneAndHalfLossStart = lossOf('none 1.5')[0];
export const plainOneAndHalfStop = runs['none 1.5'].stopped;
export const plainOneAndHalfStopStep =
  plainOneAndHalfStop.reason === 'non-finite' ? plainOneAndHalfStop.step : Number.NaN;
export const bnHalfLossStart = lossOf('batch 0.5')[0];
export const bnHalfLossEnd = last(Array.from(lossOf('batch 0.5')));
export const bnOneAndHalfLossStart = lossOf('batch 1.5')[0];
export const bnOneAndHalfLossEnd = last(Array.from(lossOf('batch 1.5')));
/** The loss of predicting the targets' mean, for scale: the engine's 'mse' is Σ(ŷ − y)²/(2m). */
export const meanPredictorLoss = (() => {
  const y = Array.from(trainData.y.data);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return y.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * y.length);
})();

// ------------------------------------------------------------------------------- the predictions' answers

/** The forward prediction: rms of a^[L−1] at k = 0.5 with batch norm, against He's, read off the measurement. */
export const forwardOptions = [
  'about 0.5⁴⁹ times smaller',
  'about the same',
  'about 1.5⁴⁹ times larger',
] as const;
export const forwardAnswer =
  Math.abs(Math.log(bnLastRmsHalf / bnLastRmsHe)) < 1 ? forwardOptions[1] : forwardOptions[0];
/** The backward prediction, read off the measured ReLU batch-norm ratio (more than 10× counts as exploding). */
export const gradientOptions = ['it stays near 1', 'it vanishes', 'it explodes'] as const;
export const gradientAnswer =
  reluBatchRatio > 10 ? gradientOptions[2] : reluBatchRatio < 0.1 ? gradientOptions[1] : gradientOptions[0];
/** The loss of predicting 0 for every example, Σy²/(2m): where a network whose output has vanished sits. */
export const zeroPredictorLoss =
  Array.from(trainData.y.data).reduce((s, v) => s + v * v, 0) / (2 * trainData.y.cols);
