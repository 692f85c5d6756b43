/**
 * Every number the lesson "Backprop as a product of Jacobians" states, computed by @gradscope/core when the page
 * builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/jacobian-products.test.ts checks
 * each one against a closed form or an independent computation, and against the lesson's examples.
 *
 * Notation: z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = x, ŷ = a^[L]; J^[l] = diag(g′(z^[l]))·W^[l];
 * J_l = J^[l] ⋯ J^[1] = ∂a^[l]/∂x. Losses are ½‖ŷ − y‖² (the engine's 'mse' for one example). float64 throughout.
 */
import {
  column,
  createRandom,
  criticalWeightVariance,
  fillNormal,
  fit,
  fixedInit,
  forward,
  get,
  gradientCheck,
  inputOutputJacobian,
  jacobianBounds,
  jacobianSpectrumByDepth,
  layerJacobians,
  lossAndGradients,
  matmul,
  matmulTransA,
  maxAbs,
  mlp,
  normalInit,
  orthogonalInit,
  sgd,
  singularValues,
  SPECTRUM_SPREAD_DEFAULTS,
  spectrumSpread,
  subtract,
  teacherRegression,
  varianceFixedPoint,
  type Matrix,
  type Network,
  type TrainingHistory,
} from '@gradscope/core';

// ------------------------------------------------------------------------------- the chain rule multiplies

/** The small tanh network of the first example: 3 → 4 → 4 → 4 → 2, seed 7, at x = (0.5, −1, 2), y = (0.2, −0.3). */
function chainRuleNetwork() {
  return {
    net: mlp({ sizes: [3, 4, 4, 4, 2], activation: 'tanh', seed: 7 }),
    x: column([0.5, -1, 2]),
    y: column([0.2, -0.3]),
  };
}

/** Largest |entry| of J^[4]·J^[3]·J^[2]·J^[1] − inputOutputJacobian (backpropagation with one-hot seeds). */
export const productDifference = (() => {
  const { net, x } = chainRuleNetwork();
  const product = layerJacobians(net, x)
    .map((j) => j.jacobian)
    .reduce((below, J) => matmul(J, below));
  return maxAbs(subtract(product, inputOutputJacobian(net, x)));
})();

/** Largest |entry| of (J^[1])ᵀ ⋯ (J^[4])ᵀ·(ŷ − y) − the backward pass's ∂L/∂x. */
export const inputGradientDifference = (() => {
  const { net, x, y } = chainRuleNetwork();
  const { trace, gradients } = lossAndGradients(net, x, y, 'mse');
  const viaJacobians = layerJacobians(net, x)
    .reverse()
    .reduce((g, { jacobian }) => matmulTransA(jacobian, g), subtract(trace.output, y));
  return maxAbs(subtract(viaJacobians, gradients.dInput));
})();

// ----------------------------------------------------------------------------------------- two paths

/** The forum's network, written out: x (2) → 2 ReLU → 2 ReLU → ŷ (1, linear), no biases. */
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
  x: [1, 0.5],
  y: 1,
} as const;

/** That network, built by the engine. */
export function twoPathNetwork(weights = twoPathWeights): Network {
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

/**
 * The two path terms of ∂L/∂W^[1]₁₁, from the engine's per-layer Jacobians (not from the example's hand-written
 * forward pass): ∂L/∂ŷ · J^[3]_{1k} · J^[2]_{k1} · g′(z^[1]₁)·x₁ for k = 1, 2.
 */
const twoPathTerms = (() => {
  const net = twoPathNetwork();
  const x = column([...twoPathWeights.x]);
  const [J1, J2, J3] = layerJacobians(net, x);
  const dLoss = forward(net, x).output.data[0] - twoPathWeights.y;
  const intoFirstUnit = J1.slopes[0] * twoPathWeights.x[0]; // ∂a¹₁/∂W¹₁₁ = g′(z¹₁)·x₁
  return [0, 1].map((k) => dLoss * get(J3.jacobian, 0, k) * get(J2.jacobian, k, 0) * intoFirstUnit);
})();
/** The path through unit 1 of layer 2. */
export const pathThroughFirst = twoPathTerms[0];
/** The path through unit 2 of layer 2. */
export const pathThroughSecond = twoPathTerms[1];
/** Their sum. */
export const twoPathSum = pathThroughFirst + pathThroughSecond;
/** ∂L/∂W^[1]₁₁ from the engine's backward pass. */
export const twoPathEngine = (() => {
  const net = twoPathNetwork();
  lossAndGradients(net, column([...twoPathWeights.x]), column([twoPathWeights.y]), 'mse');
  return get(net.params[0].grad, 0, 0);
})();

// ------------------------------------------------------------------------------------ counting paths

/** Every weight of the path-counting network (width 2, ReLU, no bias, x = (1, 1): every unit on). */
export const pathWeight = 0.6;
/** Its width. */
export const pathWidth = 2;
/** The depth the prediction asks about. */
export const pathDepth = 20;

/** ∂ŷ₁/∂x₁ of the ReLU network of depth L and width n whose every weight is c, by the engine's backpropagation. */
export function allPathsSum(c: number, L: number, width = pathWidth): number {
  const net = mlp({
    sizes: new Array(L + 1).fill(width),
    activation: 'relu',
    outputActivation: 'relu',
    init: fixedInit(Array.from({ length: width }, () => new Array(width).fill(c))),
    bias: false,
  });
  return get(inputOutputJacobian(net, column(new Array(width).fill(1))), 0, 0);
}

/** Paths from one input to one output through L − 1 hidden layers of width n: n^(L−1). */
export const pathCount = pathWidth ** (pathDepth - 1);
/** What each of them contributes: c^L (every slope is 1). */
export const onePath = pathWeight ** pathDepth;
/** Their sum, ∂ŷ₁/∂x₁, by the engine. */
export const pathSum = allPathsSum(pathWeight, pathDepth);
/** The factor one layer multiplies the sum by: n·c, the singular value of c·(all-ones n × n). */
export const perLayerFactor = pathWidth * pathWeight;
/** The same network with c = 1/n: every path still shrinks, the sum stays put. */
export const balancedWeight = 1 / pathWidth;
export const balancedPathSum = allPathsSum(balancedWeight, pathDepth);

// ---------------------------------------------------------------------------------------------- bounds

/** The bounds example: tanh, LeCun-normal Gaussian weights (variance 1/n), no biases, seed 3. */
export const boundsWidth = 16;
export const boundsDepth = 10;

function boundsNetwork() {
  return {
    net: mlp({
      sizes: new Array(boundsDepth + 1).fill(boundsWidth),
      activation: 'tanh',
      outputActivation: 'tanh',
      init: 'lecunNormal',
      bias: false,
      seed: 3,
    }),
    x: column(Array.from({ length: boundsWidth }, (_, i) => Math.sin(i + 1))),
  };
}

const boundsAtDepth = (() => {
  const { net, x } = boundsNetwork();
  const bound = jacobianBounds(net, x)[boundsDepth - 1];
  const [spectrum] = jacobianSpectrumByDepth(net, x, { depths: [boundsDepth] });
  const sigma = spectrum.singularValues;
  const weightNorms = net.params.map((p) => singularValues(p.value)[0]);
  return {
    upper: bound.upper,
    lower: bound.lower,
    largest: sigma[0],
    smallest: sigma[sigma.length - 1],
    meanWeightNorm: weightNorms.reduce((s, v) => s + v, 0) / weightNorms.length,
  };
})();
/** Π_k max|g′|·σ_max(W^[k]) at depth 10. */
export const upperBound = boundsAtDepth.upper;
/** σ_max(J_10). */
export const largestSigma = boundsAtDepth.largest;
/** σ_min(J_10): still far above float64's resolution, σ_max·2⁻⁵². */
export const smallestSigma = boundsAtDepth.smallest;
/** Π_k min|g′|·σ_min(W^[k]) at depth 10. */
export const lowerBound = boundsAtDepth.lower;
/** How far above the truth the upper bound is, and how far below it the lower bound. */
export const upperLooseness = upperBound / largestSigma;
export const lowerLooseness = smallestSigma / lowerBound;
/** The average of the 10 weight matrices' largest singular values σ_max(W^[k]). */
export const meanWeightNorm = boundsAtDepth.meanWeightNorm;

// ------------------------------------------------------------------------------------------- the spectrum

/** The spectrum figure: width 32, depth 50. */
export const spectrumWidth = 32;
export const spectrumDepth = 50;
/** tanh at criticality: σ_b², the σ_w² on the critical line (χ = 1), and the fixed point q* of the length map. */
export const tanhBiasVariance = 1e-4;
export const tanhWeightVariance = criticalWeightVariance({
  activation: 'tanh',
  biasVariance: tanhBiasVariance,
});
export const tanhQStar = varianceFixedPoint({
  activation: 'tanh',
  weightVariance: tanhWeightVariance,
  biasVariance: tanhBiasVariance,
});

/** Variations of the figure's networks, as the spectrum example's edits make them. */
export interface SpectrumVariant {
  /** The ReLU network's weights: He normal (the figure) or orthogonal with gain √2. */
  readonly reluWeights?: 'heNormal' | 'orthogonal';
  /** The tanh network's weights: orthogonal (the figure) or Gaussian of the same variance σ_w²/n. */
  readonly tanhWeights?: 'orthogonal' | 'gaussian';
  /** σ_b² of the tanh network (σ_w² and q* follow from it). */
  readonly biasVariance?: number;
}

/** The figure's two networks and their input, exactly as the spectrum example builds them (or a variant). */
export function spectrumNetworks(variant: SpectrumVariant = {}) {
  const width = spectrumWidth;
  const biasVariance = variant.biasVariance ?? tanhBiasVariance;
  const weightVariance = criticalWeightVariance({ activation: 'tanh', biasVariance });
  const qStar = varianceFixedPoint({ activation: 'tanh', weightVariance, biasVariance });
  const sizes = new Array(spectrumDepth + 1).fill(width);
  const x = column(Array.from({ length: width }, (_, i) => (i % 2 === 0 ? -1 : 1) * Math.sqrt(qStar)));
  const relu = mlp({
    sizes,
    activation: 'relu',
    outputActivation: 'relu',
    init: variant.reluWeights === 'orthogonal' ? orthogonalInit(Math.SQRT2) : 'heNormal',
    bias: false,
    seed: 1,
  });
  const tanh = mlp({
    sizes,
    activation: 'tanh',
    outputActivation: 'tanh',
    init:
      variant.tanhWeights === 'gaussian'
        ? normalInit({ variance: weightVariance / width })
        : orthogonalInit(Math.sqrt(weightVariance)),
    seed: 1,
  });
  const random = createRandom(2);
  for (const p of tanh.params) {
    if (p.name.startsWith('b')) fillNormal(p.value.data, random, 0, Math.sqrt(biasVariance));
  }
  return { relu, tanh, x };
}

/** The percentiles the bands span (10th to 90th) and the share of the singular values between them. */
export const bandLow = SPECTRUM_SPREAD_DEFAULTS.quantiles[0] * 100;
export const bandHigh = SPECTRUM_SPREAD_DEFAULTS.quantiles[2] * 100;
export const bandShare = bandHigh - bandLow;

/** Orders of magnitude spanned by the middle of the spectrum of J_l (log₁₀ σ₉₀ − log₁₀ σ₁₀) at depth l. */
export function spectrumDecades(net: Network, x: Matrix, depth = spectrumDepth): number {
  const [spectrum] = jacobianSpectrumByDepth(net, x, { depths: [depth] });
  const { logQuantiles } = spectrumSpread(spectrum);
  return (logQuantiles[2] - logQuantiles[0]) / Math.LN10;
}

/** Labels of the two networks, as the figure and the example write them (they set the colours). */
export const reluLabel = 'ReLU, Gaussian';
export const tanhLabel = 'tanh, orthogonal';

const spectra = (() => {
  const { relu, tanh, x } = spectrumNetworks();
  const at = (net: Network) => {
    const [spectrum] = jacobianSpectrumByDepth(net, x, { depths: [spectrumDepth] });
    return { spectrum, spread: spectrumSpread(spectrum) };
  };
  const trace = forward(relu, x);
  return {
    relu: at(relu),
    tanh: at(tanh),
    reluFewestActive: Math.min(...trace.layers.map((t) => t.z.data.filter((z) => z > 0).length)),
  };
})();
const decades = (s: { logQuantiles: Float64Array }) => (s.logQuantiles[2] - s.logQuantiles[0]) / Math.LN10;

/** log₁₀ σ₉₀ − log₁₀ σ₁₀ at depth 50: how many orders of magnitude the middle 80 % spans. */
export const reluDecades = decades(spectra.relu.spread);
export const tanhDecades = decades(spectra.tanh.spread);
/** The median singular value at depth 50 (over the non-zero ones for ReLU). */
export const reluMedian = Math.exp(spectra.relu.spread.logQuantiles[1]);
export const tanhMedian = Math.exp(spectra.tanh.spread.logQuantiles[1]);
/** ReLU: singular values of J_50 that are zero (below float64's resolution), and the fewest units on in any layer. */
export const reluZeros = spectra.relu.spread.count - spectra.relu.spread.rank;
export const reluFewestActive = spectra.reluFewestActive;
/** The mean of σ² over all singular values of J_50 (zeros included): ‖J_50‖_F² / 32. */
export const reluMeanSquare = spectra.relu.spectrum.meanSquare;
export const tanhMeanSquare = spectra.tanh.spectrum.meanSquare;
/**
 * The slopes 1 − tanh²(z) of every unit of the tanh network at the figure's input: their mean, and the value that
 * 90 % of them exceed (their 10th percentile, the band's lower percentile).
 */
const tanhSlopes = (() => {
  const { tanh, x } = spectrumNetworks();
  const slopes = layerJacobians(tanh, x)
    .flatMap((j) => Array.from(j.slopes))
    .sort((a, b) => a - b);
  return {
    mean: slopes.reduce((sum, v) => sum + v, 0) / slopes.length,
    low: slopes[Math.floor((slopes.length - 1) * (bandLow / 100))],
    count: slopes.length,
  };
})();
export const tanhMeanSlope = tanhSlopes.mean;
export const tanhLowSlope = tanhSlopes.low;
/** Which network's singular values spread over more orders of magnitude: the answer to the prediction. */
export const widerSpread = reluDecades > tanhDecades ? reluLabel : tanhLabel;
/** The options of the prediction, in the order shown. */
export const spreadOptions = [reluLabel, tanhLabel, 'About the same'];

// -------------------------------------------------------------------------------------------- training

/** The training example: 24 layers of 16 units, 128 teacher examples, plain SGD. */
export const trainingWidth = 16;
export const trainingDepth = 24;
export const trainingSteps = 200;
export const trainingLearningRate = 0.03;
export const trainingBatchSize = 32;

/**
 * The history of training the ReLU or the tanh network as the training example does (`gaussianTanh`: the tanh
 * network with Gaussian weights of the same variance instead of orthogonal ones).
 */
export function trainingRun(
  which: 'relu' | 'tanh',
  options: { learningRate?: number; gaussianTanh?: boolean } = {},
): TrainingHistory {
  const width = trainingWidth;
  const data = teacherRegression({ inputSize: width, samples: 128, random: createRandom(1) });
  const sizes = [width, ...new Array(trainingDepth - 1).fill(width), 1];
  let net: Network;
  if (which === 'relu') {
    net = mlp({ sizes, activation: 'relu', init: 'heNormal', bias: false, seed: 2 });
  } else {
    // Every layer has fan-in n = 16, so N(0, σ_w²/n) is the Gaussian with the orthogonal one's mean square.
    const init = options.gaussianTanh
      ? normalInit({ variance: tanhWeightVariance / width })
      : orthogonalInit(Math.sqrt(tanhWeightVariance));
    net = mlp({ sizes, activation: 'tanh', init, seed: 2 });
    const random = createRandom(3);
    for (const p of net.params) {
      if (p.name.startsWith('b')) fillNormal(p.value.data, random, 0, Math.sqrt(tanhBiasVariance));
    }
  }
  return fit(net, data, {
    optimizer: sgd({ learningRate: options.learningRate ?? trainingLearningRate }),
    steps: trainingSteps,
    batchSize: trainingBatchSize,
    random: createRandom(4),
  }).history;
}

/** max_l ‖dW^[l]‖ / min_l ‖dW^[l]‖ at the first step: how unevenly the layers receive gradient. */
function layerSpreadAtFirstStep(history: TrainingHistory): number {
  const norms = history.gradNormsByLayer;
  const first = Array.from({ length: norms.rows }, (_, l) => norms.data[l * norms.cols]);
  return Math.max(...first) / Math.min(...first);
}

const reluRun = trainingRun('relu');
const tanhRun = trainingRun('tanh');
/** The loss after the last step, for each network (and for the tanh network with Gaussian weights). */
export const reluFinalLoss = reluRun.loss.at(-1)!;
export const tanhFinalLoss = tanhRun.loss.at(-1)!;
export const gaussianTanhFinalLoss = trainingRun('tanh', { gaussianTanh: true }).loss.at(-1)!;
/** How many times lower the orthogonal tanh network's final loss is than the ReLU network's. */
export const finalLossRatio = reluFinalLoss / tanhFinalLoss;
/** Largest over smallest layer gradient norm at step 1. */
export const reluLayerSpread = layerSpreadAtFirstStep(reluRun);
export const tanhLayerSpread = layerSpreadAtFirstStep(tanhRun);

// ---------------------------------------------------------------------------------- finite differences

/** The centred-difference step. */
export const fdEpsilon = 1e-5;

const finiteDifferences = (() => {
  const net = mlp({ sizes: [3, 5, 5, 2], activation: 'tanh', seed: 3 });
  const x = column([0.4, -0.8, 1.2]);
  const y = column([1, -1]);
  const loss = () => {
    const yHat = forward(net, x).output.data;
    return 0.5 * ((yHat[0] - y.data[0]) ** 2 + (yHat[1] - y.data[1]) ** 2);
  };
  const { trace, gradients } = lossAndGradients(net, x, y, 'mse');
  const backprop = Array.from(gradients.dInput.data);
  const dW1 = Array.from(net.params[0].grad.data);
  const formula = Array.from(matmulTransA(inputOutputJacobian(net, x), subtract(trace.output, y)).data);
  return {
    input: gradientCheck(loss, x.data as Float64Array, backprop, { epsilon: fdEpsilon }).maxRelativeError,
    formula: Math.max(
      ...formula.map(
        (v, i) => Math.abs(v - backprop[i]) / Math.max(Math.abs(v) + Math.abs(backprop[i]), 1e-8),
      ),
    ),
    weights: gradientCheck(loss, net.params[0].value.data as Float64Array, dW1, { epsilon: fdEpsilon })
      .maxRelativeError,
  };
})();
/** Largest relative error of centred differences against backpropagation: ∂L/∂x and ∂L/∂W^[1]. */
export const fdInputError = finiteDifferences.input;
export const fdWeightError = finiteDifferences.weights;
/** Largest relative difference between (∂ŷ/∂x)ᵀ(ŷ − y) and backpropagation's ∂L/∂x. */
export const fdFormulaError = finiteDifferences.formula;
