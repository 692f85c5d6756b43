/**
 * Every number the lesson "Products, not counts" states, computed by @gradscope/core when the page builds. The prose
 * shows them as `n.<name>`, formatted with `fmt`; tests/claims/products-not-counts.test.ts checks each one against a
 * closed form or an independent computation.
 *
 * Notation: L layers, W^[l] = k_l·I with every k_l either `low` = 0.5 or `high` = 1.5 (2×2 unless said), g(z) = z,
 * no biases, input x = (1, 1)ᵀ. The output is (k_1⋯k_L)·x and the backward pass multiplies δ^[L] by the same
 * factors. Everything in float64.
 */
import {
  backward,
  breakEvenFraction,
  column,
  createRandom,
  effectiveScale,
  fit,
  fixedInit,
  forward,
  frobeniusNorm,
  layerGradNorms,
  linearNetworkOfScales,
  lossAndGradients,
  maxAbs,
  mixedScales,
  mlp,
  productOfScales,
  randomScales,
  scaledIdentityInit,
  scaleWalk,
  sgd,
  teacherRegression,
  zeros,
  fillNormal,
  vectorNorm,
  underflowDepth,
  type Network,
  type ScaleOrder,
} from '@gradscope/core';

/** The question's two scales and its depth. */
export const low = 0.5;
export const high = 1.5;
export const depth = 100;
/** Half the layers at each scale. */
export const halfCount = depth / 2;

const x = column([1, 1]);

/** ‖a^[l]‖/‖x‖ for l = 0 … L (index l), by the engine's forward pass through W^[l] = scales[l − 1]·I. */
export function signalByLayer(scales: readonly number[]): number[] {
  const trace = forward(linearNetworkOfScales(scales), x);
  const size = vectorNorm(x.data);
  return [1, ...trace.layers.map((layer) => vectorNorm(layer.a.data) / size)];
}

// ------------------------------------------------------------------------------------- the product decides

/** The forum's network: layers 1–50 at 0.5·I, layers 51–100 at 1.5·I. */
export const forumScales = mixedScales({ low, high, depth, countHigh: halfCount, order: 'lowFirst' });
/** The weight label of each of its layers, for the diagram. */
export const forumWeightLabels = forumScales.map((k) => `${k}·I`);
/** The product of its scales, 0.75^50, and ŷ₁ by the engine's forward pass (x₁ = 1). */
export const halfProduct = productOfScales(forumScales);
export const halfOutput = forward(linearNetworkOfScales(forumScales), x).output.data[0];
/** ‖δ^[1]‖/‖δ^[L]‖ in the forum's network, by the engine's backward pass from δ^[L] = (1, 1). */
export const forumFirstDeltaRatio = (() => {
  const net = linearNetworkOfScales(forumScales);
  forward(net, x);
  const rows = layerGradNorms(backward(net, column([1, 1])));
  return rows[0].delta / rows[depth - 1].delta;
})();
/** One layer of each: 0.5 · 1.5. */
export const pairProduct = low * high;
/** The geometric mean of the layers' factors, √0.75, and their arithmetic mean, 1. */
export const halfEffective = effectiveScale(forumScales);
export const arithmeticMean = forumScales.reduce((sum, k) => sum + k, 0) / depth;
/** ln 0.5 and ln 1.5: what one layer adds to ln‖a‖. */
export const logLow = Math.log(low);
export const logHigh = Math.log(high);
/** ln(product) = 50·(ln 0.5 + ln 1.5). */
export const halfLogSum = forumScales.reduce((sum, k) => sum + Math.log(k), 0);
/** How many layers of 1.5 undo one layer of 0.5: ln 2 / ln 1.5. */
export const highLayersPerLow = Math.log(1 / low) / Math.log(high);

/** 100 layers of 0.5·I and of 1.5·I, by the engine. */
export const allLowProduct = forward(linearNetworkOfScales(new Array<number>(depth).fill(low)), x).output
  .data[0];
export const allHighProduct = forward(linearNetworkOfScales(new Array<number>(depth).fill(high)), x).output
  .data[0];
/** Orders of magnitude lost or gained: −log₁₀ of the products. */
export const halfDecades = -Math.log10(halfProduct);
export const allLowDecades = -Math.log10(allLowProduct);
export const allHighDecades = Math.log10(allHighProduct);

// ------------------------------------------------------------------------------------------ breaking even

/** f* = ln 2 / ln 3: the share of layers at 1.5 whose product is 1. */
export const breakEven = breakEvenFraction(low, high);
/** Out of 100 layers: the nearest whole count, and the rest. */
export const breakEvenCount = Math.round(breakEven * depth);
export const breakEvenRest = depth - breakEvenCount;
/** The product of that split, and of one more layer at 1.5. */
export const breakEvenProduct = productOfScales(mixedScales({ low, high, depth, countHigh: breakEvenCount }));
export const oneMoreProduct = productOfScales(
  mixedScales({ low, high, depth, countHigh: breakEvenCount + 1 }),
);
/** What moving one layer from 0.5 to 1.5 multiplies the product by. */
export const swapFactor = high / low;
/** How many more layers at 1.5 than the half-and-half split the break-even split has, and the factor that makes. */
export const extraHighLayers = breakEvenCount - halfCount;
export const breakEvenOverHalf = breakEvenProduct / halfProduct;

// ----------------------------------------------------------------------------------- the figure of products

/** The seed of every shuffled order on the page. */
export const shuffleSeed = 1;
/** The four networks of the products figure: their scales, in a shuffled order for the two mixes. */
export const productCases = [
  { label: 'k = 1.5', scales: new Array<number>(depth).fill(high) },
  { label: 'k = 0.5', scales: new Array<number>(depth).fill(low) },
  {
    label: `${halfCount}% at 1.5`,
    scales: mixedScales({ low, high, depth, countHigh: halfCount, order: 'shuffled', seed: shuffleSeed }),
  },
  {
    label: `${breakEvenCount}% at 1.5`,
    scales: mixedScales({
      low,
      high,
      depth,
      countHigh: breakEvenCount,
      order: 'shuffled',
      seed: shuffleSeed,
    }),
  },
].map((c) => ({ ...c, signal: signalByLayer(c.scales), effective: effectiveScale(c.scales) }));
/** The largest relative gap between the engine's ‖a^[L]‖/‖x‖ and the product of the scales, over those four. */
export const productEndMaxRelativeDifference = Math.max(
  ...productCases.map(
    (c) => Math.abs(c.signal[depth] - productOfScales(c.scales)) / productOfScales(c.scales),
  ),
);
/** How far the shuffled half-and-half network strays from the geometric-mean line, as a factor, at its worst. */
export const shuffledLargestStray = (() => {
  const c = productCases[2];
  return Math.max(...c.signal.map((v, l) => Math.max(v / c.effective ** l, c.effective ** l / v)));
})();

// ---------------------------------------------------------------------------------------------- the orders

/** The same fifty layers of each, in four orders. */
export const orders: readonly { order: ScaleOrder; title: string }[] = [
  { order: 'lowFirst', title: '0.5·I first, then 1.5·I' },
  { order: 'highFirst', title: '1.5·I first, then 0.5·I' },
  { order: 'interleaved', title: 'alternating 0.5·I and 1.5·I' },
  { order: 'shuffled', title: `shuffled (seed ${shuffleSeed})` },
];
export const orderCases = orders.map(({ order, title }) => {
  const scales = mixedScales({ low, high, depth, countHigh: halfCount, order, seed: shuffleSeed });
  return { order, title, scales, signal: signalByLayer(scales) };
});
/** Every order ends at the same value: the largest relative difference from 0.75^50 among the four. */
export const orderEndMaxRelativeDifference = Math.max(
  ...orderCases.map((c) => Math.abs(c.signal[depth] - halfProduct) / halfProduct),
);
/** The lowest point of the 0.5-first path (at layer 50), and the highest of the 1.5-first path. */
export const lowFirstTrough = Math.min(...orderCases[0].signal);
export const lowFirstTroughLayer = orderCases[0].signal.indexOf(lowFirstTrough);
export const highFirstPeak = Math.max(...orderCases[1].signal);
/** How far the alternating path strays from the geometric-mean line (√0.75)^l, as a factor, at its worst. */
export const alternatingLargestStray = Math.max(
  ...orderCases[2].signal.map((v, l) => Math.max(v / halfEffective ** l, halfEffective ** l / v)),
);
/**
 * In float16 the 0.5-first network's signal rounds to exactly 0 at this layer (closed form), and the engine's
 * float16 forward pass outputs exactly 0: fifty layers of 1.5·I cannot bring back a zero.
 */
export const float16UnderflowLayer = underflowDepth(low, { dtype: 'float16' });
export const float16LowFirstOutput = forward(
  linearNetworkOfScales(orderCases[0].scales, 2, 'float16'),
  column([1, 1], 'float16'),
).output.data[0];

// ------------------------------------------------------------------------------------- layers at random

/** Each layer 1.5 with probability p, independently: a fair coin, and the break-even probability. */
export const fairCoin = 0.5;
export const walkProbabilities = [fairCoin, breakEven] as const;
export const walks = walkProbabilities.map((p) => scaleWalk({ low, high, probabilityHigh: p, depth }));
/** The fair coin's drift per layer (½·ln 0.75) and step standard deviation (½·ln 3); the mean and spread at L. */
export const fairDrift = walks[0].drift;
export const fairStepStd = walks[0].stepStd;
export const fairLogMean = walks[0].logMean[depth];
export const fairLogStd = walks[0].logStd[depth];
/** The exact chance that 100 fair-coin layers multiply by more than 1 (a binomial tail), in per cent. */
export const fairAboveOne = walks[0].probabilityAboveOne[depth];
export const fairAboveOnePercent = 100 * fairAboveOne;
/** The fewest layers at 1.5 (of 100) whose product exceeds 1: the first whole count above f*·L. */
export const aboveOneCount = Math.floor(breakEven * depth) + 1;
/**
 * The exact chance, over K ~ Binomial(L, p) layers at 1.5, that the log of the product, K·ln 1.5 + (L − K)·ln 0.5,
 * satisfies `keep` (summed term by term, the binomial weights built in logarithms).
 */
export function binomialShare(p: number, keep: (logProduct: number) => boolean): number {
  let logChoose = 0;
  let total = 0;
  for (let j = 0; j <= depth; j++) {
    if (j > 0) logChoose += Math.log(depth - j + 1) - Math.log(j);
    const logProduct = j * Math.log(high) + (depth - j) * Math.log(low);
    if (keep(logProduct)) total += Math.exp(logChoose + j * Math.log(p) + (depth - j) * Math.log1p(-p));
  }
  return total;
}
/** At the break-even probability: drift 0, the spread at L, the factor e^(spread), and the chance above 1. */
export const evenDrift = walks[1].drift;
export const evenLogStd = walks[1].logStd[depth];
export const evenSpreadFactor = Math.exp(evenLogStd);
export const evenAboveOnePercent = 100 * walks[1].probabilityAboveOne[depth];
/** The share of break-even networks that end more than e^(spread) times larger or smaller than their input. */
export const evenOutsideSpreadPercent = 100 * binomialShare(breakEven, (v) => Math.abs(v) > evenLogStd);

/** Monte Carlo: this many seeded draws of 100 random layers, and the share whose product exceeds 1. */
export const walkDraws = 10000;
export const walkSeed = 'coin';
export function measuredShareAboveOne(p: number): number {
  const random = createRandom(`${walkSeed} ${p}`);
  let above = 0;
  for (let d = 0; d < walkDraws; d++) {
    if (productOfScales(randomScales({ low, high, depth, probabilityHigh: p, random })) > 1) above++;
  }
  return above / walkDraws;
}
export const fairAboveOneMeasuredPercent = 100 * measuredShareAboveOne(fairCoin);
export const evenAboveOneMeasuredPercent = 100 * measuredShareAboveOne(breakEven);

/** The networks drawn in the figure: this many per probability, run by the engine's forward pass. */
export const walkNetworks = 100;
export const walkPaths = walkProbabilities.map((p) => {
  const random = createRandom(`paths ${p}`);
  return Array.from({ length: walkNetworks }, () =>
    signalByLayer(randomScales({ low, high, depth, probabilityHigh: p, random })),
  );
});
/** How many of the drawn fair-coin networks end above 1. */
export const fairPathsAboveOne = walkPaths[0].filter((path) => path[depth] > 1).length;

// ------------------------------------------------------------------------- half the units, not half the layers

/** Every layer diag(0.5, 1.5): the first unit's signal halves at every layer, the second's grows by half. */
export const diagonal = [
  [low, 0],
  [0, high],
] as const;
export const diagonalNetwork = (layers: number): Network =>
  mlp({
    sizes: new Array<number>(layers + 1).fill(2),
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    init: fixedInit(diagonal.map((row) => [...row])),
  });
const diagonalOutput = forward(diagonalNetwork(depth), x).output.data;
/** a^[L] after 100 layers of diag(0.5, 1.5): (0.5^100, 1.5^100), and the ratio 3^100. */
export const diagonalShrunk = diagonalOutput[0];
export const diagonalGrown = diagonalOutput[1];
export const diagonalRatio = diagonalGrown / diagonalShrunk;

// ----------------------------------------------------------------------------------- gradients, not weights

/** Four networks of 40 layers of 64 units: their weights and one backward pass of the mse loss. */
export const compareDepth = 40;
export const compareWidth = 64;
export const compareBatch = 16;
const compareSizes = new Array<number>(compareDepth + 1).fill(compareWidth);
export const comparisons: readonly { label: string; build: () => Network }[] = [
  {
    label: 'sigmoid, 1.5·I',
    build: () =>
      mlp({
        sizes: compareSizes,
        activation: 'sigmoid',
        outputActivation: 'identity',
        init: scaledIdentityInit(high),
        bias: false,
      }),
  },
  {
    label: `${halfCount}% at 1.5, ${halfCount}% at 0.5`,
    build: () =>
      linearNetworkOfScales(
        mixedScales({ low, high, depth: compareDepth, countHigh: compareDepth / 2 }),
        compareWidth,
      ),
  },
  {
    label: 'identity, orthogonal',
    build: () =>
      mlp({ sizes: compareSizes, activation: 'identity', init: 'orthogonal', bias: false, seed: 1 }),
  },
  {
    label: 'ReLU, He normal',
    build: () =>
      mlp({
        sizes: compareSizes,
        activation: 'relu',
        outputActivation: 'identity',
        init: 'heNormal',
        bias: false,
        seed: 1,
      }),
  },
];
/** One batch: inputs and targets with independent standard normal entries. */
export function comparisonBatch() {
  const random = createRandom('batch');
  const X = zeros(compareWidth, compareBatch);
  const Y = zeros(compareWidth, compareBatch);
  fillNormal(X.data, random);
  fillNormal(Y.data, random);
  return { X, Y };
}
/** For each network: its largest weight, its weights' root mean square, and per layer ‖δ‖, ‖dW‖ and ‖W‖. */
export const measuredComparisons = comparisons.map(({ label, build }) => {
  const net = build();
  const { X, Y } = comparisonBatch();
  lossAndGradients(net, X, Y, 'mse');
  const rows = layerGradNorms(net);
  const weights = net.params.filter((p) => p.name.startsWith('W')).map((p) => p.value);
  const entries = weights.reduce((sum, W) => sum + W.data.length, 0);
  return {
    label,
    largestWeight: Math.max(...weights.map(maxAbs)),
    rmsWeight: Math.sqrt(weights.reduce((sum, W) => sum + frobeniusNorm(W) ** 2, 0) / entries),
    delta: rows.map((row) => row.delta),
    dW: rows.map((row) => row.dW),
    W: weights.map(frobeniusNorm),
    deltaRatio: rows[0].delta / rows[compareDepth - 1].delta,
  };
});
const byLabel = (start: string) => measuredComparisons.find((c) => c.label.startsWith(start))!;
export const sigmoidLargestWeight = byLabel('sigmoid').largestWeight;
export const sigmoidDeltaRatio = byLabel('sigmoid').deltaRatio;
export const mixDeltaRatio = byLabel(`${halfCount}%`).deltaRatio;
export const orthogonalLargestWeight = byLabel('identity').largestWeight;
export const orthogonalRmsWeight = byLabel('identity').rmsWeight;
export const orthogonalDeltaRatio = byLabel('identity').deltaRatio;
export const heLargestWeight = byLabel('ReLU').largestWeight;
export const heRmsWeight = byLabel('ReLU').rmsWeight;
export const heDeltaRatio = byLabel('ReLU').deltaRatio;
/** ‖dW^[1]‖/‖W^[1]‖ in the sigmoid network and in the orthogonal one. */
export const sigmoidFirstRelativeStep = byLabel('sigmoid').dW[0] / byLabel('sigmoid').W[0];
export const orthogonalFirstRelativeStep = byLabel('identity').dW[0] / byLabel('identity').W[0];
/** The bound on a sigmoid layer's factor here: its weights are 1.5 and its slope at most σ′(0) = ¼. */
export const sigmoidLayerBound = high * 0.25;

// ------------------------------------------------------------------------------------------- training

/** 40 layers of 4 units, linear, trained on a linear teacher: an even mix against the break-even mix. */
export const trainDepth = 40;
export const trainWidth = 4;
export const trainSamples = 64;
export const trainSteps = 300;
export const learningRate = 0.01;
export const trainCounts = [trainDepth / 2, Math.round(breakEven * trainDepth)] as const;
/** The teacher: y = Mx with an orthogonal 4×4 M, so that a linear network can fit it exactly. */
export const trainingData = teacherRegression({
  inputSize: trainWidth,
  samples: trainSamples,
  random: createRandom('teacher'),
  teacher: {
    sizes: [trainWidth, trainWidth],
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    init: 'orthogonal',
  },
});
/** The label of a training run: its mix, in per cent of the 40 layers. */
export const trainLabel = (countHigh: number) => {
  const percent = (100 * countHigh) / trainDepth;
  return `${percent}% at 1.5, ${100 - percent}% at 0.5`;
};
export function train(countHigh: number, steps = trainSteps) {
  const scales = mixedScales({ low, high, depth: trainDepth, countHigh });
  const net = linearNetworkOfScales(scales, trainWidth);
  return { scales, ...fit(net, trainingData, { optimizer: sgd({ learningRate }), steps }) };
}
export const runs = trainCounts.map((c) => ({ countHigh: c, label: trainLabel(c), ...train(c) }));
const [evenRun, breakEvenRun] = runs;
/** The two products at the start: 0.75^20 and 1.5^25·0.5^15. */
export const evenTrainProduct = productOfScales(evenRun.scales);
export const breakEvenTrainProduct = productOfScales(breakEvenRun.scales);
/** The loss of predicting 0 (½·mean ‖y‖², the 'mse' convention), where the even mix starts. */
export const zeroPredictionLoss = (() => {
  const y = Array.from(trainingData.y.data);
  return y.reduce((sum, v) => sum + v * v, 0) / (2 * trainSamples);
})();
/** Start and end losses of each run. */
export const evenStartLoss = evenRun.history.loss[0];
export const evenEndLoss = evenRun.history.loss[trainSteps - 1];
export const breakEvenStartLoss = breakEvenRun.history.loss[0];
export const breakEvenEndLoss = breakEvenRun.history.loss[trainSteps - 1];
/** The first step at which the break-even run's loss is below 10⁻¹⁰. */
export const breakEvenFitStep = breakEvenRun.history.loss.findIndex((v) => v < 1e-10) + 1;
/** ‖dW^[1]‖ at step 1 in each run, and their ratio. */
const firstGradient = (run: (typeof runs)[number], layer: number) =>
  run.history.gradNormsByLayer.data[(layer - 1) * run.history.gradNormsByLayer.cols];
export const evenFirstGradient = firstGradient(evenRun, 1);
export const breakEvenFirstGradient = firstGradient(breakEvenRun, 1);
export const firstGradientRatio = evenFirstGradient / breakEvenFirstGradient;
/** The ratio of the two products at the start, which the first gradients' ratio follows. */
export const trainProductRatio = evenTrainProduct / breakEvenTrainProduct;
/**
 * The bottom of the heatmaps' shared colour scale: two powers of ten below the half-and-half run's smallest
 * gradient norm, so that its gradients are told apart from the bottom; the break-even run's gradients, which fall
 * to rounding level once it has fitted, go below it and take the darkest colour.
 */
export const heatmapFloor =
  10 ** (Math.floor(Math.log10(Math.min(...evenRun.history.gradNormsByLayer.data))) - 2);
/** The largest gradient norm of either run: the top of the colour scale. */
export const heatmapCeiling = Math.max(
  ...runs.flatMap((run) => Array.from(run.history.gradNormsByLayer.data)),
);
/** The half-and-half run's largest gradient norm, over every layer and step. */
export const evenLargestGradient = Math.max(...evenRun.history.gradNormsByLayer.data);
/** The break-even run's largest gradient norm at the last step: far below the floor. */
export const breakEvenLastGradient = (() => {
  const G = breakEvenRun.history.gradNormsByLayer;
  return Math.max(...Array.from({ length: G.rows }, (_, i) => G.data[i * G.cols + G.cols - 1]));
})();
/** In the even run at step 1, a layer at 0.5 (layer 1) against a layer at 1.5 (layer 2). */
export const evenLowLayerOverHighLayer = firstGradient(evenRun, 1) / firstGradient(evenRun, 2);
/** A longer even run: the first step where its loss falls below half of where it started. */
export const longSteps = 1500;
export const evenEscapeStep = (() => {
  const { history } = train(trainCounts[0], longSteps);
  const index = history.loss.findIndex((v) => v < history.loss[0] / 2);
  return index < 0 ? Infinity : index + 1;
})();
