/**
 * Every number the lesson "Step size is not gradient size" states, computed by @gradscope/core when the page
 * builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/step-size-is-not-gradient-size.test.ts
 * checks each one against a closed form or an independent computation, and against the lesson's examples.
 *
 * The lesson's network is the lecture's, made wider: L = 12 layers of width 8, g(z) = z, no biases, and at the start
 * every W^[l] = k·I. Its data: 8 examples whose inputs are whitened, (1/m)·X·Xᵀ = I, and whose targets come from a
 * linear teacher, Y = A·X. With whitened inputs the loss is exactly ½‖W^[L]···W^[1] − A‖²_F, whatever the examples.
 * Loss: the engine's 'mse', (1/2m)·‖Ŷ − Y‖²_F. Everything is float64; fit records the loss and gradients of each
 * step before its update.
 */
import {
  ADAM_DEFAULTS,
  REGIME_DEFAULTS,
  adam,
  createRandom,
  fillNormal,
  fit,
  forkNetwork,
  forward,
  fromData,
  largestHessianEigenvalue,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  matmulTransB,
  mlp,
  scale,
  sgd,
  symmetricEigen,
  teacherRegression,
  trainingRegime,
  warmupSchedule,
  whiten,
  zeros,
  type FitResult,
  type Network,
  type Optimizer,
  type TrainingData,
  type TrainingRegime,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------------ network and data

/** L, the depth of the lesson's network. */
export const depth = 12;
/** Its width, and the number of inputs and outputs. */
export const width = 8;
/** m, the number of examples. */
export const samples = 8;
/** Steps of every run of the map. */
export const steps = 200;

/**
 * The lesson's data, inputs times `inputScale`: Gaussian inputs whitened, then targets from a linear teacher
 * (an 8 → 8 layer without bias, Xavier's weights, seed 11). The same as the examples build.
 */
export function lessonData(inputScale = 1): TrainingData {
  const x0 = zeros(width, samples);
  fillNormal(x0.data, createRandom(1));
  const x = whiten(x0);
  const teacher = mlp({ sizes: [width, width], activation: 'identity', bias: false, seed: 11 });
  const y = forward(teacher, x).output;
  return { x: inputScale === 1 ? x : scale(x, inputScale), y };
}
export const data = lessonData();

/** L_ref: the loss of predicting zero for every example, (1/2m)·‖Y‖²_F. "Trains" is measured against it. */
export const referenceLoss = Array.from(data.y.data).reduce((s, v) => s + v * v, 0) / (2 * samples);

/** The network at its start: every W^[l] = k·I. */
export const network = (k: number): Network => linearNetwork(depth, k, width);

// ------------------------------------------------------------------------- the gradient comes before the step

/** The learning rates of the first example: the gradient of step 1 is computed before any of them is used. */
export const firstStepRates = [1e-6, 1e-3, 1] as const;
/** The initial scales of the first example. */
export const firstStepScales = [0.5, 1, 1.5] as const;

/** ‖dW^[l]‖ for l = 1 … L at step 1 of a run with learning rate η, by fit. */
export function firstStepGradients(k: number, learningRate: number): Float64Array {
  const { history } = fit(network(k), data, { optimizer: sgd({ learningRate }), steps: 1 });
  return history.layerGradNorms[0];
}
/** ‖dW^[1]‖ at step 1 for each k and η of the first example (rows k, columns η). */
export const firstStepTable = firstStepScales.map((k) => ({
  k,
  norms: firstStepRates.map((rate) => firstStepGradients(k, rate)[0]),
}));
/** Whether every η gave the same gradients, to the last bit, for every k and every layer. */
export const firstStepIdentical = firstStepScales.every((k) => {
  const runs = firstStepRates.map((rate) => firstStepGradients(k, rate));
  return runs.every((norms) => norms.every((v, l) => v === runs[0][l]));
});
/** ‖dW^[1]‖ at step 1 for k = 1.5, 1 and 0.5 (the same for every η). */
export const gradientUp = firstStepTable[2].norms[0];
export const gradientOne = firstStepTable[1].norms[0];
export const gradientDown = firstStepTable[0].norms[0];

/** ‖δ^[1]‖ / ‖δ^[L]‖ at the start, by the engine's backward pass: vanishing or exploding as the book defines it. */
export function deltaRatio(net: Network, d: TrainingData = data): number {
  lossAndGradients(net, d.x, d.y, 'mse');
  const rows = layerGradNorms(net);
  return rows[0].delta / rows[rows.length - 1].delta;
}
export const deltaRatioUp = deltaRatio(network(1.5));
export const deltaRatioDown = deltaRatio(network(0.5));

// --------------------------------------------------------------------------------- a step too large to take

/** λ_max of the loss's Hessian at the start, for the network of scale k (power iteration, 300 products at most). */
export function curvatureAtStart(k: number, d: TrainingData = data): number {
  return largestHessianEigenvalue(network(k), d, { maxIterations: 300 }).eigenvalue;
}
export const curvatureOne = curvatureAtStart(1);
export const curvatureUp = curvatureAtStart(1.5);
export const curvatureDown = curvatureAtStart(0.5);
/** 2/λ_max at the start for k = 1 and k = 1.5, and how many times smaller the second is. */
export const safeRateOne = 2 / curvatureOne;
export const safeRateUp = 2 / curvatureUp;
export const safeRateRatio = safeRateOne / safeRateUp;
/** With zero targets the curvature at the start has a closed form, (2L − 1)·k^(2L−2): its value for k = 1.5. */
export const curvatureUpClosedForm = (2 * depth - 1) * 1.5 ** (2 * depth - 2);

/** Near a minimum: the k = 1 network after this many steps at this learning rate (well below 2/λ_max there). */
export const approachSteps = 1500;
export const approachRate = 0.02;
/** The network near its minimum, λ_max there and its eigenvector (a fresh copy per call). */
export function nearMinimum() {
  const net = network(1);
  fit(net, data, {
    optimizer: sgd({ learningRate: approachRate }),
    steps: approachSteps,
    everySteps: approachSteps,
  });
  const { eigenvalue, vector } = largestHessianEigenvalue(net, data, {
    maxIterations: 300,
    returnVector: true,
  });
  return { net, eigenvalue, vector: vector! };
}
const minimum = nearMinimum();
/** The loss there, λ_max there, and 2/λ_max. */
export const minimumLoss = fit(forkNetwork(minimum.net), data, {
  optimizer: sgd({ learningRate: 1e-12 }),
  steps: 1,
}).history.loss[0];
export const minimumCurvature = minimum.eigenvalue;
export const minimumSafeRate = 2 / minimumCurvature;

/** The factors of 2/λ_max the two runs from the minimum use, and how long they run. */
export const belowFactor = 0.9;
export const aboveFactor = 1.1;
export const edgeSteps = 300;
/** How far above the 0.9 run's loss the 1.1 run's must be to count as having left it: one and a half times. */
export const departureFactor = 1.5;
/** What 1 − η·λ_max is for each: each step multiplies the error along the sharpest direction by it. */
export const belowMultiplier = 1 - belowFactor * 2;
export const aboveMultiplier = 1 - aboveFactor * 2;
/** How much larger each step along that direction is than the one before, above 2/λ_max: |1 − η·λ_max|. */
export const aboveGrowth = Math.abs(aboveMultiplier);

/** A run from the minimum at factor·2/λ_max: the loss, and each step's component along the sharpest direction. */
export function runFromMinimum(factor: number) {
  const net = forkNetwork(minimum.net);
  const v = minimum.vector;
  const flat = () => Float64Array.from(net.params.flatMap((p) => Array.from(p.value.data)));
  let previous = flat();
  const along: number[] = [];
  const { history } = fit(net, data, {
    optimizer: sgd({ learningRate: factor * minimumSafeRate }),
    steps: edgeSteps,
    onStep: () => {
      const current = flat();
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * (current[i] - previous[i]);
      along.push(s);
      previous = current;
    },
  });
  return { loss: history.loss, along };
}
export const belowRun = runFromMinimum(belowFactor);
export const aboveRun = runFromMinimum(aboveFactor);
/**
 * The ratio of consecutive steps along the sharpest direction in the 1.1 run, as measured: the median over steps
 * 60 … 120, after the other directions' share of the steps has faded and before the loss has risen.
 */
export const aboveMultiplierMeasured = (() => {
  const ratios = [];
  for (let t = 60; t < 120; t++) ratios.push(aboveRun.along[t] / aboveRun.along[t - 1]);
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
})();
/** The loss at the last step of each run, and the first step at which the 1.1 run's loss exceeds the 0.9 run's by half. */
export const belowFinalLoss = belowRun.loss[edgeSteps - 1];
export const aboveFinalLoss = aboveRun.loss[edgeSteps - 1];
export const aboveDepartureStep =
  aboveRun.loss.findIndex((v, t) => v > departureFactor * belowRun.loss[t]) + 1;
/** The 1.1 run's last two losses: it ends alternating between two values, up one step and down the next. */
export const aboveLastRise = aboveRun.loss[edgeSteps - 1] / aboveRun.loss[edgeSteps - 2];

// --------------------------------------------------------------------------------------------------- the map

/** The initial scales k of the map's rows, 0.5 … 1.6. */
export const scales = Array.from({ length: 12 }, (_, i) => Math.round((0.5 + 0.1 * i) * 10) / 10);
/** The learning rates of its columns, 10⁻⁵ … 10^0.5, half a decade apart. */
export const learningRates = Array.from({ length: 12 }, (_, i) => 10 ** (-5 + 0.5 * i));
/** The regime rule's thresholds (the engine's defaults). */
export const { trainedBelow, frozenGradientRatio, stalledProgress, bouncingRiseFraction } = REGIME_DEFAULTS;

/** One cell of the map: train the network of scale k for `steps` steps and name where it ended. */
export function runCell(k: number, learningRate: number, optimizer: (rate: number) => Optimizer = sgdAt) {
  const run = fit(network(k), data, { optimizer: optimizer(learningRate), steps });
  return { run, ...trainingRegime(run, { referenceLoss }) };
}
function sgdAt(learningRate: number): Optimizer {
  return sgd({ learningRate });
}
function adamAt(learningRate: number): Optimizer {
  return adam({ learningRate });
}

export interface MapCell {
  readonly k: number;
  readonly learningRate: number;
  readonly regime: TrainingRegime;
  readonly finalLoss: number;
  readonly run: FitResult;
}
/** Every cell of the map, row by row (k ascending), each row by learning rate. */
export const cells: MapCell[] = scales.flatMap((k) =>
  learningRates.map((learningRate) => {
    const { run, regime, finalLoss } = runCell(k, learningRate);
    return { k, learningRate, regime, finalLoss, run };
  }),
);
/** How many cells ended in each regime. */
export const regimeCounts = Object.fromEntries(
  (['diverges', 'bounces', 'trains', 'crawls', 'freezes'] as const).map((r) => [
    r,
    cells.filter((c) => c.regime === r).length,
  ]),
) as Record<TrainingRegime, number>;

/** λ_max at the start for every row's k, and 2/λ_max: the theory's curve on the map (rows where λ_max > 0). */
export const startCurvatures = scales.map((k) => curvatureAtStart(k));
export const startCurve = scales
  .map((k, i) => ({ k, safeRate: 2 / startCurvatures[i] }))
  .filter((p) => Number.isFinite(p.safeRate) && p.safeRate > 0);

const row = (k: number) => cells.filter((c) => c.k === k);
/** The largest learning rate of the grid that did not diverge, on the rows k = 1 and k = 1.5. */
export const largestStableOne = Math.max(
  ...row(1)
    .filter((c) => c.regime !== 'diverges')
    .map((c) => c.learningRate),
);
export const largestStableUp = Math.max(
  ...row(1.5)
    .filter((c) => c.regime !== 'diverges')
    .map((c) => c.learningRate),
);
/** The rows in which some cell trains: their smallest and largest k. */
const trainingRows = scales.filter((k) => row(k).some((c) => c.regime === 'trains'));
export const smallestTrainingScale = Math.min(...trainingRows);
export const largestTrainingScale = Math.max(...trainingRows);
/** The largest k at which no cell of the row trains, below the rows that do. */
export const largestUntrainableBelow = Math.max(...scales.filter((k) => k < smallestTrainingScale));

/** 2/λ_max at the start for the row k (Infinity where λ_max ≤ 0: the start is not curved upwards at all). */
const startSafeRate = (k: number) => startCurve.find((p) => p.k === k)?.safeRate ?? Infinity;
/** Whether every run with η below both limits, 2/λ_max at the start and near a minimum, crawled or trained. */
export const belowBothLimitsIsCalm = cells
  .filter((c) => c.learningRate < Math.min(startSafeRate(c.k), minimumSafeRate))
  .every((c) => c.regime === 'crawls' || c.regime === 'trains');
/** Whether every run that bounced lies right of 2/λ_max near a minimum. */
export const bouncesRightOfMinimumLine = cells
  .filter((c) => c.regime === 'bounces')
  .every((c) => c.learningRate > minimumSafeRate);
/** On the rows k ≥ 1: the first diverging η of each row divided by that row's 2/λ_max at the start; least and most. */
const divergenceOverStart = scales
  .filter((k) => k >= 1)
  .map((k) => row(k).find((c) => c.regime === 'diverges')!.learningRate / startSafeRate(k));
export const divergenceOverStartLeast = Math.min(...divergenceOverStart);
export const divergenceOverStartMost = Math.max(...divergenceOverStart);
/** Whether every run that froze lies right of the curve. */
export const frozenRightOfCurve = cells
  .filter((c) => c.regime === 'freezes')
  .every((c) => startCurve.some((p) => p.k === c.k && c.learningRate > p.safeRate));

// ------------------------------------------------------------------------------------- the regimes in training

/**
 * The representative runs, one per regime: on the lecture's row k = 1.5 the first cell (by η) that crawls, freezes;
 * on the row k = 1 the first that trains, bounces, diverges. A regime missing from its row is taken from the
 * nearest row that has it.
 */
export const representativeRows: Record<TrainingRegime, number> = {
  crawls: 1.5,
  freezes: 1.5,
  trains: 1,
  bounces: 1,
  diverges: 1,
};
const firstOf = (k: number, regime: TrainingRegime) => row(k).find((c) => c.regime === regime);
export const representatives = (['crawls', 'freezes', 'trains', 'bounces', 'diverges'] as const)
  .map((regime) => {
    const k = representativeRows[regime];
    const byDistance = [...scales].sort((a, b) => Math.abs(a - k) - Math.abs(b - k));
    return byDistance.map((near) => firstOf(near, regime)).find((c) => c !== undefined);
  })
  .filter((c): c is MapCell => c !== undefined);
const representative = (regime: TrainingRegime) => representatives.find((c) => c.regime === regime)!;

/** The frozen representative: its k and η, its loss at step 2 against L_ref, and its gradient then against step 1. */
export const frozen = representative('freezes');
export const frozenScale = frozen.k;
export const frozenRate = frozen.learningRate;
export const frozenFirstLoss = frozen.run.history.loss[0];
export const frozenSecondLoss = frozen.run.history.loss[1];
export const frozenFirstLossRatio = frozenFirstLoss / referenceLoss;
export const frozenGradientDrop = frozen.run.history.gradNorm[1] / frozen.run.history.gradNorm[0];
/** Its 2/λ_max at the start, and how many times larger its η is. */
export const frozenSafeRate = 2 / startCurvatures[scales.indexOf(frozenScale)];
export const frozenRateOverSafe = frozenRate / frozenSafeRate;
/** The diverging representative: the step at which its loss overflowed. */
export const divergedAtStep = representative('diverges').run.stopped.step;
/** Its loss at the last two steps before that, as multiples of L_ref. */
export const divergedBeforeLast = representative('diverges').run.history.loss.at(-2)! / referenceLoss;
export const divergedLast = representative('diverges').run.history.loss.at(-1)! / referenceLoss;
/** The crawling representative: its loss at the first and last step, as multiples of L_ref. */
export const crawlFirst = representative('crawls').run.history.loss[0] / referenceLoss;
export const crawlLast = representative('crawls').run.history.loss[steps - 1] / referenceLoss;
/** The training representative's last loss, as a fraction of L_ref. */
export const trainsLast = representative('trains').run.history.loss[steps - 1] / referenceLoss;
/** The bouncing representative's typical loss over its second half (the median), as a fraction of L_ref. */
export const bounceTypical = (() => {
  const half = Array.from(representative('bounces').run.history.loss.subarray(steps / 2)).sort(
    (a, b) => a - b,
  );
  return half[Math.floor(half.length / 2)] / referenceLoss;
})();

// ------------------------------------------------------------------------------------------ unnormalized inputs

/** The factor the inputs are multiplied by. */
export const inputScale = 10;

/** Least squares: one linear layer (8 → 8, no bias) on 64 raw Gaussian inputs; its Hessian is (1/m)·X·Xᵀ per output. */
export function regressionCase(factor: number) {
  const random = createRandom(5);
  const x = fromData(8, 64, fillNormal(new Float64Array(8 * 64), random));
  const X = factor === 1 ? x : scale(x, factor);
  const y = forward(mlp({ sizes: [8, 8], activation: 'identity', bias: false, seed: 11 }), x).output;
  return { net: mlp({ sizes: [8, 8], activation: 'identity', bias: false, seed: 1 }), data: { x: X, y } };
}
/** λ_max of least squares by power iteration, and the closed form: the largest eigenvalue of (1/m)·X·Xᵀ. */
export const regressionCurvature = (factor: number) => {
  const { net, data: d } = regressionCase(factor);
  return largestHessianEigenvalue(net, d, { maxIterations: 500, tolerance: 1e-10 }).eigenvalue;
};
export const regressionCurvatureClosedForm = (factor: number) => {
  const { data: d } = regressionCase(factor);
  const S = matmulTransB(d.x, d.x);
  return symmetricEigen(scale(S, 1 / d.x.cols)).values[0];
};

/** Teacher data for the nonlinear networks: 64 examples of 8 inputs, targets from a small tanh teacher. */
export function teacherData(factor: number): TrainingData {
  const d = teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) });
  return factor === 1 ? d : { x: scale(d.x, factor), y: d.y };
}
/** The two small nonlinear networks of the table: this many hidden layers of this width. */
export const smallHidden = 3;
export const smallWidth = 16;
const smallSizes = [8, ...new Array<number>(smallHidden).fill(smallWidth), 1];
const reluNet = () => mlp({ sizes: smallSizes, activation: 'relu', init: 'heNormal', seed: 2 });
const tanhNet = () => mlp({ sizes: smallSizes, activation: 'tanh', init: 'lecunNormal', seed: 2 });

/** For each model: λ_max with the inputs as they are and 10 times larger, and ‖δ^[1]‖/‖δ^[L]‖ both ways. */
export const inputCases = [
  {
    label: 'least squares, one linear layer',
    curvature: [regressionCurvature(1), regressionCurvature(inputScale)],
    deltaRatio: [NaN, NaN],
  },
  {
    label: `this lesson's network, k = 1`,
    curvature: [curvatureAtStart(1), curvatureAtStart(1, lessonData(inputScale))],
    deltaRatio: [deltaRatio(network(1)), deltaRatio(network(1), lessonData(inputScale))],
  },
  {
    label: `ReLU, ${smallHidden} hidden layers of ${smallWidth}, He`,
    curvature: [
      largestHessianEigenvalue(reluNet(), teacherData(1), { maxIterations: 500 }).eigenvalue,
      largestHessianEigenvalue(reluNet(), teacherData(inputScale), { maxIterations: 500 }).eigenvalue,
    ],
    deltaRatio: [deltaRatio(reluNet(), teacherData(1)), deltaRatio(reluNet(), teacherData(inputScale))],
  },
  {
    label: `tanh, ${smallHidden} hidden layers of ${smallWidth}, LeCun`,
    curvature: [
      largestHessianEigenvalue(tanhNet(), teacherData(1), { maxIterations: 500 }).eigenvalue,
      largestHessianEigenvalue(tanhNet(), teacherData(inputScale), { maxIterations: 500 }).eigenvalue,
    ],
    deltaRatio: [deltaRatio(tanhNet(), teacherData(1)), deltaRatio(tanhNet(), teacherData(inputScale))],
  },
].map((c) => ({ ...c, curvatureGrowth: c.curvature[1] / c.curvature[0] }));
export const regressionGrowth = inputCases[0].curvatureGrowth;
export const lessonGrowth = inputCases[1].curvatureGrowth;
export const reluGrowth = inputCases[2].curvatureGrowth;
export const tanhGrowth = inputCases[3].curvatureGrowth;
export const tanhDeltaRatio = inputCases[3].deltaRatio[0];
export const tanhDeltaRatioScaled = inputCases[3].deltaRatio[1];
/** A tanh output beyond ±0.99 counts as saturated: its slope 1 − a² is below 0.02. */
export const saturationThreshold = 0.99;
/** The fraction of the tanh network's first-layer outputs (units × examples) that are saturated. */
export function tanhSaturation(factor: number): number {
  const a = forward(tanhNet(), teacherData(factor).x).layers[0].a.data;
  return Array.from(a).filter((v) => Math.abs(v) > saturationThreshold).length / a.length;
}
export const tanhSaturated = tanhSaturation(1);
export const tanhSaturatedScaled = tanhSaturation(inputScale);

// ---------------------------------------------------------------------------------------------------- Adam

/** The deep sigmoid network of the Adam section: 20 layers of 16, Xavier, on the teacher data. */
export const sigmoidDepth = 20;
export const sigmoidWidth = 16;
export const sigmoidNet = () =>
  mlp({
    sizes: [8, ...new Array<number>(sigmoidDepth - 1).fill(sigmoidWidth), 1],
    activation: 'sigmoid',
    init: 'xavierNormal',
    seed: 2,
  });
/** The learning rates of its first step: SGD's and Adam's (the default). */
export const sigmoidSgdRate = 0.05;
export const sigmoidAdamRate = ADAM_DEFAULTS.learningRate;
/** Adam's ε. */
export const adamEpsilon = ADAM_DEFAULTS.epsilon;

/** Each layer's first step, ‖ΔW^[l]‖ / (η·√(entries)): the root mean square of a weight's move, in units of η. */
export function firstStepPerLayer(optimizer: Optimizer, learningRate: number): number[] {
  const net = sigmoidNet();
  const before = net.layers.map((layer) => Float64Array.from(layer.params[0].value.data));
  fit(net, teacherData(1), { optimizer, steps: 1 });
  return net.layers.map((layer, l) => {
    const w = layer.params[0].value.data;
    let s = 0;
    for (let i = 0; i < w.length; i++) s += (w[i] - before[l][i]) ** 2;
    return Math.sqrt(s / w.length) / learningRate;
  });
}
export const sgdFirstStep = firstStepPerLayer(sgd({ learningRate: sigmoidSgdRate }), sigmoidSgdRate);
export const adamFirstStep = firstStepPerLayer(adam({ learningRate: sigmoidAdamRate }), sigmoidAdamRate);
/**
 * The same from the gradient at the start, without running an optimizer. SGD moves every weight by η·g. Adam's
 * first step has m̂₁ = g and ŝ₁ = g² (bias correction undoes the zeros the averages start from), so it moves
 * every weight by η·|g|/(|g| + ε). Each as a root mean square over a layer's weights, in units of η.
 */
const startGradients = (() => {
  const net = sigmoidNet();
  const d = teacherData(1);
  lossAndGradients(net, d.x, d.y, 'mse');
  return net.layers.map((layer) => Float64Array.from(layer.params[0].grad.data));
})();
const rootMeanSquare = (values: ArrayLike<number>, f: (v: number) => number) =>
  Math.sqrt(Array.from(values).reduce((s, v) => s + f(v) ** 2, 0) / values.length);
export const sgdFirstStepClosedForm = startGradients.map((g) => rootMeanSquare(g, (v) => v));
export const adamFirstStepClosedForm = startGradients.map((g) =>
  rootMeanSquare(g, (v) => Math.abs(v) / (Math.abs(v) + adamEpsilon)),
);
/** SGD's first-layer and last-layer step (in units of η, per weight), and Adam's first-layer step. */
export const sgdFirstLayer = sgdFirstStep[0];
export const sgdLastLayer = sgdFirstStep[sigmoidDepth - 1];
export const adamFirstLayer = adamFirstStep[0];
/** The deepest layer (counting from the input) at which Adam's step is below half of η. */
export const adamHalfLayer = adamFirstStep.findLastIndex((v) => v < 0.5) + 1;
/** The root mean square of layer 1's gradient entries. */
export const firstLayerGradientEntry = sgdFirstStepClosedForm[0];

/** The map's rows k = 1.5, 1 and 0.5 again, with Adam at the same learning rates. */
export const adamRows = [1.5, 1, 0.5].map((k) => ({
  k,
  cells: learningRates.map((learningRate) => {
    const { regime, finalLoss } = runCell(k, learningRate, adamAt);
    return { learningRate, regime, finalLoss };
  }),
}));
const adamRow = (k: number) => adamRows.find((r) => r.k === k)!.cells;
/** Under Adam: the largest rate that did not diverge on the rows k = 1.5 and 1, and whether k = 1.5 and 0.5 trained. */
export const adamLargestStableUp = Math.max(
  ...adamRow(1.5)
    .filter((c) => c.regime !== 'diverges')
    .map((c) => c.learningRate),
);
export const adamLargestStableOne = Math.max(
  ...adamRow(1)
    .filter((c) => c.regime !== 'diverges')
    .map((c) => c.learningRate),
);
export const adamTrainsUp = adamRow(1.5).some((c) => c.regime === 'trains');
export const adamTrainsDown = adamRow(0.5).some((c) => c.regime === 'trains');
export const adamTrainsOne = adamRow(1).some((c) => c.regime === 'trains');
/** The lowest final loss of the k = 1.5 and k = 0.5 rows under Adam, as a fraction of L_ref. */
export const adamBestUp =
  Math.min(
    ...adamRow(1.5)
      .filter((c) => c.regime !== 'diverges')
      .map((c) => c.finalLoss),
  ) / referenceLoss;
export const adamBestDown =
  Math.min(
    ...adamRow(0.5)
      .filter((c) => c.regime !== 'diverges')
      .map((c) => c.finalLoss),
  ) / referenceLoss;

// -------------------------------------------------------------------------------------------------- warmup

/** The warmup runs: tanh, 12 layers of 12, Xavier, minibatches of 16 of 128 examples, Adam at 0.03. */
export const warmupRate = 0.03;
export const warmupSteps = 40;
export const warmupRunSteps = 200;
export const warmupBatch = 16;
export const warmupSamples = 128;
/** The end loss of a run: the mean over its last this many steps (minibatch losses are noisy). */
export const warmupTail = 20;
/** The later step at which the size of Adam's step is read. */
export const laterStep = 50;
export const warmupDepth = 12;
export const warmupWidth = 12;
/** Teacher data with targets standardised (mean 0, variance 1): predicting their mean scores ½. */
export const warmupData = (() => {
  const d = teacherRegression({ inputSize: 8, samples: warmupSamples, random: createRandom(1) });
  const ys = Array.from(d.y.data);
  const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
  const std = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length);
  d.y.data.forEach((v, i) => (d.y.data[i] = (v - mean) / std));
  return d;
})();

/** One warmup run (seed s: the network's weights s, the minibatches 100 + s): losses and the RMS step per weight. */
export function warmupRun(seed: number, warm: boolean) {
  const net = mlp({
    sizes: [8, ...new Array<number>(warmupDepth - 1).fill(warmupWidth), 1],
    activation: 'tanh',
    init: 'xavierNormal',
    seed,
  });
  const learningRate = warm ? warmupSchedule({ learningRate: warmupRate, warmupSteps }) : warmupRate;
  const previous = net.params.map((p) => Float64Array.from(p.value.data));
  const stepSize: number[] = [];
  const { history } = fit(net, warmupData, {
    optimizer: adam({ learningRate }),
    steps: warmupRunSteps,
    batchSize: warmupBatch,
    random: createRandom(100 + seed),
    everySteps: warmupRunSteps,
    onStep: () => {
      let s = 0;
      let count = 0;
      net.params.forEach((p, i) => {
        const w = p.value.data;
        for (let j = 0; j < w.length; j++) s += (w[j] - previous[i][j]) ** 2;
        count += w.length;
        previous[i] = Float64Array.from(w);
      });
      stepSize.push(Math.sqrt(s / count));
    },
  });
  const tail = history.loss.subarray(warmupRunSteps - warmupTail);
  return {
    loss: history.loss,
    learningRate: history.learningRate,
    stepSize,
    endLoss: tail.reduce((s, v) => s + v, 0) / tail.length,
  };
}
export const warmupSeeds = 8;
export const warmupPairs = Array.from({ length: warmupSeeds }, (_, i) => ({
  seed: i + 1,
  without: warmupRun(i + 1, false),
  with: warmupRun(i + 1, true),
}));
/** On how many seeds warmup ended lower (the mean loss of the last 20 steps). */
export const warmupWins = warmupPairs.filter((p) => p.with.endLoss < p.without.endLoss).length;
/** Seed 1, the one the figure shows: both end losses. */
export const warmupEndWithout = warmupPairs[0].without.endLoss;
export const warmupEndWith = warmupPairs[0].with.endLoss;
/** Without warmup: the RMS step per weight at step 1 and at step 50, in units of η. */
export const adamStepAtFirst = warmupPairs[0].without.stepSize[0] / warmupRate;
export const adamStepLater = warmupPairs[0].without.stepSize[laterStep - 1] / warmupRate;
/** The loss of predicting the standardised targets' mean for every example: half their variance. */
export const warmupMeanLoss = (() => {
  const ys = Array.from(warmupData.y.data);
  const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
  return ys.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * ys.length);
})();

/**
 * The map's runs that froze, and the k = 0.5 row, again with plain gradient descent but a warmup of `warmupSteps`
 * steps to the same learning rate: where each run ends now.
 */
export function warmedCell(k: number, learningRate: number) {
  const run = fit(network(k), data, {
    optimizer: sgd({ learningRate: warmupSchedule({ learningRate, warmupSteps }) }),
    steps,
  });
  return trainingRegime(run, { referenceLoss }).regime;
}
export const warmedFrozen = cells
  .filter((c) => c.regime === 'freezes')
  .map((c) => ({ k: c.k, learningRate: c.learningRate, regime: warmedCell(c.k, c.learningRate) }));
export const frozenRescued = warmedFrozen.filter((c) => c.regime !== 'freezes').length;
export const frozenNowTrain = warmedFrozen.filter((c) => c.regime === 'trains').length;
/**
 * The frozen cell with the largest k that trains once warmed up: λ_max after its warmup (the network trained for
 * `warmupSteps` steps of the schedule), against its learning rate's limit 2/λ_max.
 */
const warmedExample = warmedFrozen.filter((c) => c.regime === 'trains').at(-1)!;
export const warmedScale = warmedExample.k;
export const warmedRate = warmedExample.learningRate;
export const warmedCurvature = (() => {
  const net = network(warmedScale);
  fit(net, data, {
    optimizer: sgd({ learningRate: warmupSchedule({ learningRate: warmedRate, warmupSteps }) }),
    steps: warmupSteps,
  });
  return largestHessianEigenvalue(net, data, { maxIterations: 300 }).eigenvalue;
})();
/** 2/λ_max at that network's start and after its warmup. */
export const warmedStartSafeRate = 2 / startCurvatures[scales.indexOf(warmedScale)];
export const warmedSafeRate = 2 / warmedCurvature;
export const warmedVanishing = learningRates.map((learningRate) => warmedCell(0.5, learningRate));
export const warmedVanishingTrains = warmedVanishing.includes('trains');

// ------------------------------------------------------------------------------------------------ exercise

/** Adam's first step without bias correction, per weight, in units of η: (1 − β₁)/√(1 − β₂) (ε neglected). */
export const uncorrectedFirstStep = (1 - ADAM_DEFAULTS.beta1) / Math.sqrt(1 - ADAM_DEFAULTS.beta2);
