/**
 * Every number the lesson "Initialization: the scale and the shape of the start" states, computed by @gradscope/core
 * when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/initialization.test.ts
 * checks each one against a closed form or a computation written there with plain arrays.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1], a^[l] = g(z^[l]), delta^[l] = ∂L/∂z^[l]; no biases. A weight
 * variance σ_w² means Var(W_ij) = σ_w²/n for layers of width n. Norms are Frobenius norms over a batch; float64.
 */
import {
  backward,
  backwardGradientGrowth,
  column,
  createRandom,
  fillNormal,
  fit,
  forward,
  frobeniusNorm,
  jacobianSpectrumByDepth,
  matmul,
  mlp,
  normalInit,
  orthogonalInit,
  sgd,
  spectrumSpread,
  zeros,
  type FitResult,
  type InitializerSpec,
  type Network,
} from '@gradscope/core';

// ------------------------------------------------------------------------------- scale: one deep ReLU network

/** L weight layers of width n: L − 1 hidden layers (ReLU or tanh) and a linear last layer, no biases. */
export const depth = 40;
export const width = 32;
/** The inputs and the error δ^[L] at the last layer: standard normal, n × m, one draw. */
export const batch = 8;
export const seed = 1;
const inputs = (() => {
  const random = createRandom(3);
  const X = zeros(width, batch);
  fillNormal(X.data, random);
  const E = zeros(width, batch);
  fillNormal(E.data, random);
  return { X, E };
})();
export const profileInputs = inputs;

export type Choice = 'xavier' | 'he' | 'orthogonal';
export const choices: readonly Choice[] = ['xavier', 'he', 'orthogonal'];
export const choiceLabel: Record<Choice, string> = {
  xavier: 'Xavier normal',
  he: 'He normal',
  orthogonal: 'orthogonal (gain √2)',
};
export const choiceInit: Record<Choice, InitializerSpec> = {
  xavier: 'xavierNormal',
  he: 'heNormal',
  orthogonal: orthogonalInit(Math.SQRT2),
};
/** σ_w² = n·Var(W_ij) of each choice between layers of equal width (orthogonal with gain √2: entries of variance 2/n). */
export const choiceWeightVariance: Record<Choice, number> = { xavier: 1, he: 2, orthogonal: 2 };

/** The network of one choice and activation, from the same seed (L = `layers`, by default the lesson's 40). */
export function deepNetwork(init: InitializerSpec, activation: 'relu' | 'tanh', layers = depth): Network {
  return mlp({ sizes: Array(layers + 1).fill(width), activation, init, bias: false, seed });
}

/** ‖δ^[l]‖ / ‖δ^[L]‖ for l = 1 … L: the book's vanishing ratio, from one forward and one backward pass. */
export function gradientRatios(net: Network): number[] {
  forward(net, inputs.X);
  const { layers } = backward(net, inputs.E);
  const norms = layers.map((layer) => frobeniusNorm(layer.delta));
  return norms.map((v) => v / norms[norms.length - 1]);
}

export const profiles: Record<Choice, number[]> = {
  xavier: gradientRatios(deepNetwork(choiceInit.xavier, 'relu')),
  he: gradientRatios(deepNetwork(choiceInit.he, 'relu')),
  orthogonal: gradientRatios(deepNetwork(choiceInit.orthogonal, 'relu')),
};

/**
 * The mean-square prediction of ‖δ^[l]‖/‖δ^[L]‖ in a ReLU network: each layer going down multiplies E‖δ‖² by
 * σ_w²·E[g′(z)²] = σ_w²/2, so the ratio is (σ_w²/2)^((L−l)/2).
 */
export function meanSquareRatio(weightVariance: number, l: number): number {
  return Math.sqrt((weightVariance / 2) ** (depth - l));
}

export const xavierRatio = profiles.xavier[0];
export const heRatio = profiles.he[0];
export const orthogonalRatio = profiles.orthogonal[0];
export const xavierRatioTheory = meanSquareRatio(1, 1);

/** tanh in the same network: Xavier's scale suits it, He's makes the gradient grow towards the input. */
export const tanhXavierRatio = gradientRatios(deepNetwork('xavierNormal', 'tanh'))[0];
export const tanhHeRatio = gradientRatios(deepNetwork('heNormal', 'tanh'))[0];
/** The same tanh networks twice and four times as deep: Xavier's ratio levels off, He's grows geometrically. */
export const tanhDeepDepths = [2 * depth, 4 * depth];
export const tanhXavierRatioDeep = tanhDeepDepths.map(
  (layers) => gradientRatios(deepNetwork('xavierNormal', 'tanh', layers))[0],
);
export const tanhHeRatioDeep = tanhDeepDepths.map(
  (layers) => gradientRatios(deepNetwork('heNormal', 'tanh', layers))[0],
);

/**
 * The mean-field prediction of ‖δ^[1]‖/‖δ^[L]‖ in the tanh networks at L = depth, 2·depth, 4·depth: the square root
 * of the product of χ_l = σ_w²·E[tanh′(z^[l])²] over l = 1 … L − 1, with q^1 = σ_w²·E[x²] = σ_w² (standard normal
 * inputs). Xavier's (σ_w² = 1, critical) falls like a power of the depth; He's (σ_w² = 2, chaotic) grows geometrically.
 */
export const tanhMeanFieldDepths = [depth, ...tanhDeepDepths];
const tanhMeanField = (weightVariance: number) =>
  tanhMeanFieldDepths.map((layers) =>
    Math.sqrt(
      backwardGradientGrowth({ activation: 'tanh', weightVariance, inputSecondMoment: 1, depth: layers })[0],
    ),
  );
export const tanhXavierMeanField = tanhMeanField(1);
export const tanhHeMeanField = tanhMeanField(2);
/**
 * What a geometric decline would give at 2L and 4L layers if every layer kept the rate of the measured Xavier tanh
 * network's first L − 1 layers: r^(layers − 1) with r = ratio^(1/(L − 1)).
 */
export const tanhXavierGeometric = tanhDeepDepths.map(
  (layers) => tanhXavierRatio ** ((layers - 1) / (depth - 1)),
);

/** Within a factor of ten of the last layer's gradient counts as "kept"; beyond it, vanishing or exploding. */
export const keptFactor = 10;
const verdict = (ratio: number) =>
  ratio < 1 / keptFactor ? 'vanishes' : ratio > keptFactor ? 'explodes' : 'kept';
export const profileOptions = [
  `All three keep it within a factor of ${keptFactor}`,
  `Xavier vanishes; He and orthogonal keep it within a factor of ${keptFactor}`,
  'Xavier vanishes; He keeps it; orthogonal explodes',
  'All three vanish',
] as const;
export const profileAnswer = (() => {
  const [x, h, o] = [xavierRatio, heRatio, orthogonalRatio].map(verdict);
  if (x === 'kept' && h === 'kept' && o === 'kept') return profileOptions[0];
  if (x === 'vanishes' && h === 'kept' && o === 'kept') return profileOptions[1];
  if (x === 'vanishes' && h === 'kept' && o === 'explodes') return profileOptions[2];
  if (x === 'vanishes' && h === 'vanishes' && o === 'vanishes') return profileOptions[3];
  throw new Error(`initialization: no option describes the measured ratios ${x}, ${h}, ${o}`);
})();

// ------------------------------------------------------------------- shape: a deep linear network's spectrum

/** A linear network of 50 layers of width 32, Gaussian (LeCun, variance 1/n) or orthogonal (gain 1). */
export const spectrumDepth = 50;
export const spectrumWidth = 32;
export const spectrumShallowDepth = 10;
const spectrumPoint = column(Array.from({ length: spectrumWidth }, (_, i) => Math.sin(i + 1)));
export function linearNetwork(init: InitializerSpec, layers = spectrumDepth): Network {
  return mlp({
    sizes: Array(layers + 1).fill(spectrumWidth),
    activation: 'identity',
    init,
    bias: false,
    seed,
  });
}
const spectra = {
  gaussian: jacobianSpectrumByDepth(linearNetwork('lecunNormal'), spectrumPoint, {
    depths: [spectrumShallowDepth, spectrumDepth],
  }),
  orthogonal: jacobianSpectrumByDepth(linearNetwork('orthogonal'), spectrumPoint, {
    depths: [spectrumDepth],
  }),
};
/** The share of the singular values whose spread the lesson states: the middle 80 %, 10th to 90th percentile. */
export const bandShare = 80;
export const bandQuantiles = [(1 - bandShare / 100) / 2, (1 + bandShare / 100) / 2];
/** The middle band of the singular values, in orders of magnitude (log10 of its top over its bottom quantile). */
const decades = (spectrum: (typeof spectra.gaussian)[number]) => {
  const { logQuantiles } = spectrumSpread(spectrum, { quantiles: bandQuantiles });
  return (logQuantiles[1] - logQuantiles[0]) / Math.LN10;
};
export const gaussianDecadesShallow = decades(spectra.gaussian[0]);
export const gaussianDecades = decades(spectra.gaussian[1]);
/** The mean of σ² over the Gaussian network's singular values at depth 50, for this one draw. */
export const gaussianMeanSquare = spectra.gaussian[1].meanSquare;
/** The largest |σ − 1| over the orthogonal network's singular values at depth 50. */
export const orthogonalLargestDeviation = Math.max(
  ...Array.from(spectra.orthogonal[0].singularValues, (s) => Math.abs(s - 1)),
);

// -------------------------------------------------------------------------------------------- train it

/**
 * A deep linear network of 20 layers of width 16, no biases, fitted to a linear teacher y = A·x (A with entries
 * of variance 1/n) on 64 standard normal inputs, by full-batch gradient descent on (1/2m)·Σ‖ŷ − y‖².
 */
export const trainDepth = 20;
export const trainWidth = 16;
export const samples = 64;
export const steps = 200;
export const learningRate = 0.01;
export const data = (() => {
  const random = createRandom(7);
  const x = zeros(trainWidth, samples);
  fillNormal(x.data, random);
  const A = zeros(trainWidth, trainWidth);
  fillNormal(A.data, random, 0, 1 / Math.sqrt(trainWidth));
  return { x, y: matmul(A, x) };
})();

export type Start = 'gaussian' | 'orthogonal' | 'small';
export const starts: readonly Start[] = ['gaussian', 'orthogonal', 'small'];
export const startLabel: Record<Start, string> = {
  gaussian: 'LeCun normal',
  orthogonal: 'orthogonal',
  small: 'LeCun normal, half variance',
};
/** The badly scaled start's σ_w²: half the variance of the other two, so each layer halves E‖a‖². */
export const smallWeightVariance = 0.5;
const startInit: Record<Start, InitializerSpec> = {
  gaussian: 'lecunNormal',
  orthogonal: 'orthogonal',
  small: normalInit({ variance: smallWeightVariance / trainWidth }),
};
export function trainingNetwork(start: Start): Network {
  return mlp({
    sizes: Array(trainDepth + 1).fill(trainWidth),
    activation: 'identity',
    init: startInit[start],
    bias: false,
    seed,
  });
}
export function train(start: Start, rate = learningRate): FitResult {
  return fit(trainingNetwork(start), data, { optimizer: sgd({ learningRate: rate }), steps });
}
export const runs: Record<Start, FitResult> = {
  gaussian: train('gaussian'),
  orthogonal: train('orthogonal'),
  small: train('small'),
};
const lastLoss = (run: FitResult) => run.history.loss[run.history.loss.length - 1];
export const gaussianLossStart = runs.gaussian.history.loss[0];
export const gaussianLossEnd = lastLoss(runs.gaussian);
export const orthogonalLossStart = runs.orthogonal.history.loss[0];
export const orthogonalLossEnd = lastLoss(runs.orthogonal);
export const smallLossStart = runs.small.history.loss[0];
export const smallLossEnd = lastLoss(runs.small);
export const endLossRatio = gaussianLossEnd / orthogonalLossEnd;
/** The loss of predicting 0 for every example, (1/2m)·Σ‖y‖²: what a network whose output has vanished gets. */
export const zeroPredictorLoss = (() => {
  let sum = 0;
  for (const v of data.y.data) sum += v * v;
  return sum / (2 * samples);
})();

/** ‖dW^[l]‖ of every layer at the j-th recorded step (0-based) of a run. */
export function weightGradientsAt(start: Start, j: number): number[] {
  const { data: values, cols } = runs[start].history.gradNormsByLayer;
  return Array.from({ length: trainDepth }, (_, l) => values[l * cols + j]);
}
/** At the first step, the largest ‖dW^[l]‖ over the smallest, in each run. */
const spread = (values: number[]) => Math.max(...values) / Math.min(...values);
export const gaussianLayerSpread = spread(weightGradientsAt('gaussian', 0));
export const orthogonalLayerSpread = spread(weightGradientsAt('orthogonal', 0));
export const smallLayerSpread = spread(weightGradientsAt('small', 0));
/** The badly scaled start's largest ‖dW^[l]‖ at the first step, against the orthogonal start's smallest. */
export const smallLargestGradient = Math.max(...weightGradientsAt('small', 0));
export const orthogonalSmallestGradient = Math.min(...weightGradientsAt('orthogonal', 0));
