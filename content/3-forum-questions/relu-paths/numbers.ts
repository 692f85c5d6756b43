/**
 * Every number the lesson "Slopes of 0 and 1, gradients of any size: ReLU" states, computed by @gradscope/core
 * when the page builds, in float64. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/relu-paths.test.ts checks each one against a closed form or an independent computation.
 */
import {
  activation,
  backward,
  chi,
  column,
  createRandom,
  deadUnits,
  fillNormal,
  fit,
  forward,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  matrix,
  fixedInit,
  meanFieldNetwork,
  meanSquaredError,
  mlp,
  normalInit,
  reluStretch,
  scaledIdentityInit,
  sgd,
  sigmoidMaxSlope,
  teacherRegression,
  weightGradientPaths,
  zeros,
  type InitializerSpec,
  type Matrix,
  type Network,
  type TrainingHistory,
} from '@gradscope/core';

/** Σ of squares of a matrix's entries. */
const squaredNorm = (m: Matrix) => {
  let sum = 0;
  for (const v of m.data) sum += v * v;
  return sum;
};
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** The sample standard deviation (n − 1). */
const sampleStd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

// ---------------------------------------------------------------------------------------- what ReLU fixed

/** Leaky ReLU's slope for z ≤ 0, in the engine. */
export const leakySlope = (() => {
  const g = activation('leakyRelu');
  return g.derivative(-1, g.apply(-1));
})();
/** The sigmoid's largest slope, at z = 0. */
export const sigmoidSlopeBound = sigmoidMaxSlope;
/**
 * The mean-field factor χ₁ = σ_w²·E[g'(z)²] by which one layer multiplies the mean square of the gradient going
 * back (at the variance the layers settle to): sigmoid and ReLU with Xavier's σ_w² = 1, ReLU with He's σ_w² = 2.
 */
export const chiSigmoidXavier = chi({ activation: 'sigmoid', weightVariance: 1 });
export const chiReluXavier = chi({ activation: 'relu', weightVariance: 1 });
export const chiReluHe = chi({ activation: 'relu', weightVariance: 2 });

// --------------------------------------------------------------------- the weights are in the product

/** The lecture's network with ReLU at every layer: L layers of k·I, no biases, input x = (1, 1). */
export const identityScale = 1.5;
export const identityDepth = 20;
const identityInput = column([1, 1]);
const reluIdentityNet = mlp({
  sizes: new Array<number>(identityDepth + 1).fill(2),
  activation: 'relu',
  outputActivation: 'relu',
  bias: false,
  init: scaledIdentityInit(identityScale),
});
const reluIdentityTrace = forward(reluIdentityNet, identityInput);
/** ŷ₁ of the ReLU network, and the largest difference from the linear network's output (the lecture's). */
export const reluIdentityOutput = reluIdentityTrace.output.data[0];
export const reluIdentityVsLinear = (() => {
  const linear = forward(linearNetwork(identityDepth, identityScale), identityInput).output.data;
  return Math.max(...Array.from(reluIdentityTrace.output.data, (v, i) => Math.abs(v - linear[i])));
})();
/** ‖δ^[1]‖/‖δ^[L]‖ of the ReLU network for the loss ½‖ŷ‖²: the gradient explodes with slopes of exactly 1. */
export const reluIdentityRatio = (() => {
  const { layers } = backward(reluIdentityNet, reluIdentityTrace.output);
  return Math.sqrt(squaredNorm(layers[0].delta) / squaredNorm(layers[identityDepth - 1].delta));
})();

// ------------------------------------------------------------------------------------ two paths, computed

/** The forum's picture: two inputs, two hidden layers of two ReLU units, one linear output, no biases. */
export const twoPathWeights = {
  W1: [
    [0.8, -0.4],
    [0.3, 0.9],
  ],
  W2: [
    [1.2, -0.5],
    [0.7, 0.6],
  ],
  W3: [[1.5, -0.8]],
} as const;
export const twoPathInput = [1, 0.5] as const;
export const twoPathTarget = 1;

/** The network of the two-path example, with the weights above. */
export function twoPathNetwork(weights: typeof twoPathWeights = twoPathWeights): Network {
  return mlp({
    sizes: [2, 2, 2, 1],
    activation: 'relu',
    bias: false,
    layers: {
      1: { init: fixedInit(weights.W1) },
      2: { init: fixedInit(weights.W2) },
      3: { init: fixedInit(weights.W3) },
    },
  });
}

const twoPath = (() => {
  const net = twoPathNetwork();
  const x = column([...twoPathInput]);
  const y = matrix([[twoPathTarget]]);
  const output = forward(net, x).output;
  const dOutput = meanSquaredError.gradient(output, y); // ŷ − y for one example: the loss is ½(ŷ − y)²
  const paths = weightGradientPaths(net, x, dOutput, { layer: 1, row: 0, col: 0 });
  lossAndGradients(net, x, y, 'mse');
  return { output: output.data[0], dOutput: dOutput.data[0], paths, backprop: net.params[0].grad.data[0] };
})();
/** The output o and the loss's derivative ∂l/∂o = o − y. */
export const twoPathOutput = twoPath.output;
export const twoPathLossSlope = twoPath.dOutput;
/** The two paths' shares of ∂l/∂W^[1]_11: through unit 1 of layer 2, then through unit 2. */
export const pathThroughFirst = twoPath.paths.paths[0].product;
export const pathThroughSecond = twoPath.paths.paths[1].product;
/** Their sum, and dW^[1]_11 from the engine's backward pass. */
export const pathTotal = twoPath.paths.total;
export const backpropGradient = twoPath.backprop;

// ------------------------------------------------------------------------------------------ many paths

/** A ReLU network whose every weight is 0.5: width 4, 20 weight layers, one output, input of ones. */
export const manyWidth = 4;
export const manyDepth = 20;
export const manyWeight = 0.5;
const manySizes = [manyWidth, ...new Array<number>(manyDepth - 1).fill(manyWidth), 1];
const manyNet = mlp({
  sizes: manySizes,
  activation: 'relu',
  bias: false,
  layers: Object.fromEntries(
    manySizes.slice(1).map((rows, i) => [
      i + 1,
      {
        init: fixedInit(Array.from({ length: rows }, () => new Array<number>(manySizes[i]).fill(manyWeight))),
      },
    ]),
  ),
});
/** The paths from W^[1]_11 to the output: one unit in each of layers 2 … L−1, so width^(L−2) of them. */
export const manyPathCount = manyWidth ** (manyDepth - 2);
/** Each path multiplies L − 1 weights (all slopes are 1 on a positive input): 0.5^19. */
export const manyPathProduct = manyWeight ** (manyDepth - 1);
/** ∂ŷ/∂W^[1]_11 from the engine's backward pass (dOutput = 1), with x = (1, 1, 1, 1). */
export const manyGradient = (() => {
  forward(manyNet, column(new Array<number>(manyWidth).fill(1)));
  backward(manyNet, matrix([[1]]));
  return manyNet.params[0].grad.data[0];
})();
/** The per-layer factor of this network: the number of ways on, times the weight. */
export const manyLayerFactor = manyWidth * manyWeight;

// ----------------------------------------------------------------------- Xavier halves, He keeps, more explodes

/** 1.5 × He normal: 1.5 times He's variance, σ_w² = 3. */
export const bigVarianceFactor = 1.5;
export const bigWeightVariance = 2 * bigVarianceFactor;
/** The try-this edit: σ_w² = 2.2, a little above He's, and what it does to E[a²] over the prediction's depth. */
export const nearHeWeightVariance = 2.2;

/** The figure's networks: 30 ReLU layers of 64 units (square, so Xavier's variance is 1/n), no biases. */
export const figureWidth = 64;
export const figureDepth = 30;
export const figureSeeds = 32;
export const figureBatch = 8;
/** The depth of the prediction, and Xavier's factor for E[a²] over it: (σ_w²/2)^L with σ_w² = 1. */
export const predictDepth = 30;
export const xavierShrink = reluStretch(figureWidth, predictDepth, { weightVariance: 1 }).meanSquare;
export const nearHeGrowth = reluStretch(figureWidth, predictDepth, {
  weightVariance: nearHeWeightVariance,
}).meanSquare;

export interface FigureInit {
  readonly label: string;
  readonly init: InitializerSpec;
  /** σ_w²: each weight's variance times the fan-in. */
  readonly weightVariance: number;
}
export const figureInits: readonly FigureInit[] = [
  { label: 'Xavier normal', init: 'xavierNormal', weightVariance: 1 },
  { label: 'He normal', init: 'heNormal', weightVariance: 2 },
  {
    label: `${bigVarianceFactor} × He normal`,
    init: normalInit({ variance: bigWeightVariance / figureWidth }),
    weightVariance: bigWeightVariance,
  },
];

/** Per initializer: mean and standard error over the networks of ‖δ^[l]‖²/‖δ^[L]‖² and of E[(a^[l])²]/E[x²]. */
export const figureMeasurements = figureInits.map((spec, which) => {
  const L = figureDepth;
  const backwardRatios: number[][] = Array.from({ length: L }, () => []);
  const forwardRatios: number[][] = Array.from({ length: L }, () => []);
  for (let s = 0; s < figureSeeds; s++) {
    const seed = 1000 * (which + 1) + s; // each initializer its own networks
    const net = mlp({
      sizes: new Array<number>(L + 1).fill(figureWidth),
      activation: 'relu',
      outputActivation: 'relu',
      bias: false,
      init: spec.init,
      seed,
    });
    const random = createRandom(seed + 500);
    const X = zeros(figureWidth, figureBatch);
    fillNormal(X.data, random);
    const trace = forward(net, X);
    const dOutput = zeros(figureWidth, figureBatch);
    fillNormal(dOutput.data, random);
    const { layers } = backward(net, dOutput);
    const top = squaredNorm(layers[L - 1].delta);
    const input = squaredNorm(X);
    for (let l = 0; l < L; l++) {
      backwardRatios[l].push(squaredNorm(layers[l].delta) / top);
      forwardRatios[l].push(squaredNorm(trace.layers[l].a) / input);
    }
  }
  const summary = (ratios: number[][]) => ({
    estimate: ratios.map(mean),
    standardError: ratios.map((r) => sampleStd(r) / Math.sqrt(r.length)),
  });
  return {
    ...spec,
    backward: summary(backwardRatios),
    forward: summary(forwardRatios),
    /** The mean-field line: (σ_w²/2)^(L−l) for l = 1 … L. */
    theory: Array.from({ length: L }, (_, l) => (spec.weightVariance / 2) ** (L - 1 - l)),
    /** The exact forward line: (σ_w²/2)^l for l = 1 … L. */
    forwardTheory: Array.from({ length: L }, (_, l) => (spec.weightVariance / 2) ** (l + 1)),
  };
});
const byLabel = (label: string) => figureMeasurements.find((m) => m.label === label)!;
/** The measured mean of ‖δ^[1]‖²/‖δ^[L]‖², with its standard error, for each initializer. */
export const xavierFirstLayer = byLabel('Xavier normal').backward.estimate[0];
export const xavierFirstLayerError = byLabel('Xavier normal').backward.standardError[0];
export const heFirstLayer = byLabel('He normal').backward.estimate[0];
export const heFirstLayerError = byLabel('He normal').backward.standardError[0];
export const bigFirstLayer = byLabel(`${bigVarianceFactor} × He normal`).backward.estimate[0];
export const bigFirstLayerError = byLabel(`${bigVarianceFactor} × He normal`).backward.standardError[0];
/** The mean-field values at layer 1: (σ_w²/2)^(L−1). */
export const xavierFirstLayerTheory = 0.5 ** (figureDepth - 1);
export const bigFirstLayerTheory = (bigWeightVariance / 2) ** (figureDepth - 1);
/** How many of the figure's error bars (± 2 standard errors, every layer below L, three initializers) cover their line. */
export const figureBarsCovering = figureMeasurements.reduce(
  (count, m) =>
    count +
    m.backward.estimate
      .slice(0, figureDepth - 1)
      .filter((e, l) => Math.abs(e - m.theory[l]) <= 2 * m.backward.standardError[l]).length,
  0,
);
export const figureBars = figureInits.length * (figureDepth - 1);
/** Xavier's measured E[(a^[L])²]/E[x²] at the last layer, against the exact (1/2)^L. */
export const xavierForwardLast = byLabel('Xavier normal').forward.estimate[figureDepth - 1];
export const xavierForwardLastError = byLabel('Xavier normal').forward.standardError[figureDepth - 1];

/** The same shape with sigmoid units and Xavier's weights, one network, for contrast: its inputs and gradient. */
export const sigmoidCase = (() => {
  const net = mlp({
    sizes: new Array<number>(figureDepth + 1).fill(figureWidth),
    activation: 'sigmoid',
    outputActivation: 'sigmoid',
    bias: false,
    init: 'xavierNormal',
    seed: 7,
  });
  const random = createRandom(8);
  const X = zeros(figureWidth, figureBatch);
  fillNormal(X.data, random);
  const dOutput = zeros(figureWidth, figureBatch);
  fillNormal(dOutput.data, random);
  return { net, X, dOutput };
})();
/** Its ‖δ^[1]‖²/‖δ^[L]‖², by the engine's backward pass. */
export const sigmoidFirstLayer = (() => {
  const { net, X, dOutput } = sigmoidCase;
  forward(net, X);
  const { layers } = backward(net, dOutput);
  return squaredNorm(layers[0].delta) / squaredNorm(layers[figureDepth - 1].delta);
})();

// ------------------------------------------------------------------------------- dead units and training

/** The training runs: 20 ReLU layers (19 hidden of 16 units, a linear output), a teacher's regression data. */
export const trainDepth = 20;
export const trainWidth = 16;
export const trainSamples = 64;
export const trainSteps = 300;
export const goodRate = 0.03;
export const largeRate = 0.3;
export const trainingData = teacherRegression({
  inputSize: 8,
  samples: trainSamples,
  random: createRandom(1),
});

/** A fresh student network for the training runs, every hidden layer ReLU. */
export function student(init: InitializerSpec): Network {
  return mlp({
    sizes: [8, ...new Array<number>(trainDepth - 1).fill(trainWidth), 1],
    activation: 'relu',
    init,
    seed: 2,
  });
}
/** Twice He's variance: σ_w² = 4. */
export const doubleHe = normalInit({ variance: 4 / trainWidth });

export interface TrainingCase {
  readonly label: string;
  readonly init: InitializerSpec;
}
export const trainingCases: readonly TrainingCase[] = [
  { label: 'Xavier normal', init: 'xavierNormal' },
  { label: 'He normal', init: 'heNormal' },
  { label: '2 × He normal', init: doubleHe },
];

/** Trains a fresh student for `trainSteps` steps of gradient descent on all examples. */
export function train(init: InitializerSpec, learningRate: number) {
  const net = student(init);
  const { history, stopped } = fit(net, trainingData, {
    optimizer: sgd({ learningRate }),
    steps: trainSteps,
  });
  return { net, history, stopped };
}

export const trained = trainingCases.map((c) => train(c.init, goodRate));
export const runs: Record<string, TrainingHistory> = Object.fromEntries(
  trainingCases.map((c, i) => [c.label, trained[i].history]),
);
const [xavierRun, heRun, doubleRun] = trained.map((t) => t.history);

/** The loss of the best constant prediction (the targets' mean): half their variance. */
export const meanPredictorLoss = (() => {
  const y = Array.from(trainingData.y.data);
  const m = mean(y);
  return y.reduce((s, v) => s + (v - m) ** 2, 0) / (2 * y.length);
})();
export const xavierLossStart = xavierRun.loss[0];
export const xavierLossEnd = xavierRun.loss.at(-1)!;
export const heLossEnd = heRun.loss.at(-1)!;
export const doubleLossStart = doubleRun.loss[0];
/** The step at which the 2 × He run stopped with a non-finite value (0 if it did not). */
export const doubleStoppedAt = trained[2].stopped.reason === 'non-finite' ? trained[2].stopped.step : 0;
/** The largest loss the 2 × He run recorded before it stopped. */
export const doubleLossLargest = Math.max(...doubleRun.loss);
/**
 * At the 2 × He run's last recorded step: the first layer whose activations were 0 for every example (every unit
 * dead after the huge update before it; 0 if none), and how many layers got a weight gradient of exactly 0.
 */
export const doubleLastStep = doubleRun.recordedSteps.at(-1)!;
export const doubleDeadLayer = (() => {
  const { activationRmsByLayer, recordedSteps } = doubleRun;
  const K = recordedSteps.length;
  for (let l = 0; l < trainDepth - 1; l++) if (activationRmsByLayer.data[l * K + K - 1] === 0) return l + 1;
  return 0;
})();
export const doubleZeroGradientLayers = (() => {
  const K = doubleRun.recordedSteps.length;
  let zeros = 0;
  for (let l = 0; l < trainDepth; l++) if (doubleRun.gradNormsByLayer.data[l * K + K - 1] === 0) zeros++;
  return zeros;
})();

/** ‖dW^[l]‖ at recorded step index t (0-based) of a run. */
export function gradNormAt(history: TrainingHistory, layer: number, t: number): number {
  const K = history.recordedSteps.length;
  return history.gradNormsByLayer.data[(layer - 1) * K + t];
}
/** ‖dW^[1]‖/‖dW^[L]‖ at the first step: Xavier's and He's, near 1 both (every layer's weight gradient alike). */
export const xavierFirstStepRatio = gradNormAt(xavierRun, 1, 0) / gradNormAt(xavierRun, trainDepth, 0);
export const heFirstStepRatio = gradNormAt(heRun, 1, 0) / gradNormAt(heRun, trainDepth, 0);
/** ‖dW^[1]‖ at the first step: Xavier's, He's, 2 × He's. */
export const xavierFirstGradient = gradNormAt(xavierRun, 1, 0);
export const heFirstGradient = gradNormAt(heRun, 1, 0);
export const doubleFirstGradient = gradNormAt(doubleRun, 1, 0);

/** Dead units of a network on the training inputs, layer by layer (hidden layers only). */
export function deadFractions(net: Network): number[] {
  return deadUnits(forward(net, trainingData.x), net)
    .slice(0, trainDepth - 1)
    .map((row) => row.fraction);
}
export const deadAtInit = deadFractions(student('heNormal'));
/**
 * The mean correlation between the 64 examples' pre-activations z^[l] (over all pairs), at layer 1 and at the
 * last hidden layer of the He-initialized student: deep in a ReLU network, different inputs look alike.
 */
export const initCorrelations = (() => {
  const trace = forward(student('heNormal'), trainingData.x);
  return trace.layers.slice(0, trainDepth - 1).map(({ z }) => {
    const { rows, cols, data } = z;
    const column = (j: number) => Array.from({ length: rows }, (_, i) => data[i * cols + j]);
    const columns = Array.from({ length: cols }, (_, j) => column(j));
    const norms = columns.map((c) => Math.hypot(...c));
    let sum = 0;
    let pairs = 0;
    for (let a = 0; a < cols; a++) {
      for (let b = a + 1; b < cols; b++) {
        sum += columns[a].reduce((s, v, i) => s + v * columns[b][i], 0) / (norms[a] * norms[b]);
        pairs++;
      }
    }
    return sum / pairs;
  });
})();
export const initCorrelationFirst = initCorrelations[0];
export const initCorrelationLast = initCorrelations[trainDepth - 2];
export const deadAtInitMax = Math.max(...deadAtInit);
export const deadAtInitLayers = deadAtInit.filter((f) => f > 0).length;

export const deadAfterGood = deadFractions(trained[1].net); // He, trained at the good rate
export const deadAfterGoodMax = Math.max(...deadAfterGood);

/** He's network trained with the large learning rate. */
export const large = train('heNormal', largeRate);
export const deadAfterLarge = deadFractions(large.net);
export const deadAfterLargeMax = Math.max(...deadAfterLarge);
/** The first hidden layer in which every unit died with the large learning rate (0 if none did). */
export const largeDeadLayer = deadAfterLarge.findIndex((f) => f === 1) + 1;
/** The first step at which some layer's activations were exactly 0 for every example (its RMS is 0), or 0. */
export const largeDeathStep = (() => {
  const { activationRmsByLayer, recordedSteps } = large.history;
  const K = recordedSteps.length;
  for (let t = 0; t < K; t++) {
    for (let l = 0; l < trainDepth - 1; l++)
      if (activationRmsByLayer.data[l * K + t] === 0) return recordedSteps[t];
  }
  return 0;
})();
/** After the large-rate run: every layer's ‖dW^[l]‖ on the training data, and how many are exactly 0. */
export const largeGradients = (() => {
  lossAndGradients(large.net, trainingData.x, trainingData.y, 'mse');
  return layerGradNorms(large.net).map((row) => row.dW);
})();
export const largeZeroGradientLayers = largeGradients.filter((g) => g === 0).length;
export const largeLossEnd = large.history.loss.at(-1)!;

// ---------------------------------------------------------------------------- mean square is not typical

export interface SpreadCase {
  readonly depth: number;
  readonly width: number;
}
/** (L, n) for the histograms: the first two share L/n, the third has four times it. */
export const spreadCases: readonly SpreadCase[] = [
  { depth: 8, width: 16 },
  { depth: 16, width: 32 },
  { depth: 32, width: 16 },
];
export const spreadSeeds = 200;

/** log₁₀(‖δ^[1]‖/‖δ^[L]‖) for `spreadSeeds` He-initialized ReLU networks of one (L, n), one example each. */
export function spreadSample({ depth, width }: SpreadCase): number[] {
  const logs: number[] = [];
  for (let s = 1; s <= spreadSeeds; s++) {
    const net = meanFieldNetwork({
      activation: 'relu',
      weightVariance: 2,
      inputSize: width,
      width,
      depth,
      seed: s,
    });
    const random = createRandom(10_000 + s);
    const x = zeros(width, 1);
    fillNormal(x.data, random);
    forward(net, x);
    const dOutput = zeros(width, 1);
    fillNormal(dOutput.data, random);
    const { layers } = backward(net, dOutput);
    logs.push(Math.log10(Math.sqrt(squaredNorm(layers[0].delta) / squaredNorm(layers[depth - 1].delta))));
  }
  return logs;
}
/** A gradient off by more than this factor counts as "more than tenfold" off. */
export const spreadThreshold = 10;
export const spreads = spreadCases.map((c) => {
  const logs = spreadSample(c);
  const finite = logs.filter(Number.isFinite);
  // L − 1 steps back from δ^[L] to δ^[1]: reluStretch over L − 1 layers, in log₁₀.
  const theory = reluStretch(c.width, c.depth - 1);
  return {
    ...c,
    logs,
    zeros: logs.length - finite.length,
    measuredMean: mean(finite),
    measuredStd: sampleStd(finite),
    theoryMean: theory.logMean / Math.LN10,
    theoryStd: theory.logStd / Math.LN10,
    smallest: 10 ** Math.min(...finite),
    largest: 10 ** Math.max(...finite),
    beyondTenfold: finite.filter((v) => Math.abs(v) > Math.log10(spreadThreshold)).length / finite.length,
  };
});
const [shallowNarrow, deepWide, deepNarrow] = spreads;
export const spreadShallowStd = shallowNarrow.measuredStd;
export const spreadShallowTheory = shallowNarrow.theoryStd;
export const spreadWideStd = deepWide.measuredStd;
export const spreadWideTheory = deepWide.theoryStd;
export const spreadNarrowStd = deepNarrow.measuredStd;
export const spreadNarrowTheory = deepNarrow.theoryStd;
export const spreadNarrowMean = deepNarrow.measuredMean;
export const spreadNarrowTheoryMean = deepNarrow.theoryMean;
export const spreadNarrowSmallest = deepNarrow.smallest;
export const spreadNarrowLargest = deepNarrow.largest;
export const spreadNarrowBeyondTenfold = deepNarrow.beyondTenfold;
/** For the narrow deep networks, E[R²]/E[R]² of R = ‖a‖²-growth over L − 1 layers: (1 + 5/n)^(L−1). */
export const spreadNarrowSecondMoment =
  reluStretch(deepNarrow.width, deepNarrow.depth - 1).relativeVariance + 1;
/** The typical per-layer factor of a signal's length at He initialization, at two widths: ≈ e^(−5/(4n)). */
export const typicalWidthSmall = 16;
export const typicalWidthLarge = 64;
export const typicalPerLayerSmall = reluStretch(typicalWidthSmall, 1).typical;
export const typicalPerLayerLarge = reluStretch(typicalWidthLarge, 1).typical;
/** How many times wider the deep narrow networks' histogram is than the deep wide ones' (measured). */
export const spreadWidening = deepNarrow.measuredStd / deepWide.measuredStd;
