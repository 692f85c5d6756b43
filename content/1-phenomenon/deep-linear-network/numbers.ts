/**
 * Every number the lesson "The lecture: a deep linear network" states, computed by @gradscope/core when the page
 * builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/deep-linear-network.test.ts
 * checks each one against its closed form or an independent computation, and against the lesson's examples.
 *
 * Notation: L layers, W^[l] = k·I (2×2), g(z) = z, b = 0, input x = (1, 1)ᵀ, loss ½‖ŷ‖² (the engine's 'mse'
 * with target 0 and one example). The training section uses eight inputs on the unit circle and targets y = x.
 */
import {
  FLOAT32_MAX,
  column,
  depthLimitTable,
  effectiveScale,
  firstNonFinite,
  fit,
  floatFormat,
  forward,
  gaussianLyapunovExponent,
  gaussianStretch,
  get,
  identity,
  largestHessianEigenvalue,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  lossOverflowDepth,
  matrix,
  matrixPower,
  mlp,
  overflowDepth,
  productOfScales,
  roundTo,
  sampleLogStretches,
  scaledIdentityInit,
  sgd,
  underflowDepth,
  vectorNorm,
  zeros,
  type DType,
  type LayerOverride,
  type Matrix,
  type TrainingData,
} from '@gradscope/core';

/** The input every computation of the lesson uses. */
export const input = [1, 1] as const;
const x = column([...input]);

/** ŷ₁ (the first coordinate of ŷ) of the lecture's network of `depth` layers k·I, by the engine's forward pass. */
export function lectureOutput(k: number, depth: number, dtype: DType = 'float64'): number {
  return forward(linearNetwork(depth, k, 2, dtype), x).output.data[0];
}

// ------------------------------------------------------------------------------------------- the output

/** The lecture's depth. */
export const lectureDepth = 20;
/** ŷ₁ for k = 1.5 and L = 20: 1.5^20. */
export const outputUp = lectureOutput(1.5, lectureDepth);
/** ŷ₁ for k = 0.5 and L = 20: 0.5^20. */
export const outputDown = lectureOutput(0.5, lectureDepth);
/** The depths the output-growth example tries. */
export const tableDepths = [1, 5, 10, 20, 50] as const;
/** ŷ₁ for k = 1.5 and k = 0.5 at each of those depths. */
export const outputTable = tableDepths.map((L) => ({
  L,
  up: lectureOutput(1.5, L),
  down: lectureOutput(0.5, L),
}));

/** The largest relative difference between the engine's ŷ₁ and the closed form k^L·x₁ over those depths. */
export const outputMaxRelativeDifference = Math.max(
  ...outputTable.flatMap(({ L, up, down }) => [
    Math.abs(up - 1.5 ** L) / 1.5 ** L,
    Math.abs(down - 0.5 ** L) / 0.5 ** L,
  ]),
);

// ------------------------------------------------------------------------------- a little bigger than one

/** The depth of the deep network the lecture mentions (a 152-layer residual network). */
export const resnetDepth = 152;
/** ŷ₁ after 152 layers of 1.1·I. */
export const slightlyUp = lectureOutput(1.1, resnetDepth);
/** ŷ₁ after 152 layers of 0.9·I. */
export const slightlyDown = lectureOutput(0.9, resnetDepth);
/** Layers of 1.1·I that multiply the signal by 10: ln 10 / ln 1.1. */
export const layersPerDecadeUp = Math.log(10) / Math.log(1.1);

// ------------------------------------------------------------------------------------------- gradients

/** The depth of the gradient figure. */
export const gradientDepth = 20;

/** ‖dW^[l]‖ and ‖delta^[l]‖ for l = 1 … depth after one backward pass of ½‖ŷ‖², by the engine. */
export function measuredGradients(k: number, depth: number, dtype: DType = 'float64') {
  const net = linearNetwork(depth, k, 2, dtype);
  const result = lossAndGradients(net, x, zeros(2, 1), 'mse');
  const norms = layerGradNorms(net);
  return {
    loss: result.loss,
    dW: norms.map((row) => row.dW),
    delta: norms.map((row) => row.delta),
    nonFinite: firstNonFinite(result.gradients),
  };
}

/** ‖x‖ and ‖x‖² of the input. */
export const inputNorm = vectorNorm([...input]);
export const inputSquaredNorm = inputNorm ** 2;

const gradientsUp = measuredGradients(1.5, gradientDepth);
const gradientsDown = measuredGradients(0.5, gradientDepth);

/** ‖dW^[l]‖ for k = 1.5 and L = 20, by the engine (the same for every layer). */
export const gradientUp = gradientsUp.dW[0];
/** ‖dW^[l]‖ for k = 0.5 and L = 20, by the engine. */
export const gradientDown = gradientsDown.dW[0];
/** ‖dW^[L]‖, the last layer's, for k = 1.5 and L = 20: as exploded as the first layer's. */
export const lastLayerGradientUp = gradientsUp.dW[gradientDepth - 1];

/** ‖delta^[1]‖ / ‖delta^[L]‖ for L = 20, by the engine: 1.5^19 (exploding) and 0.5^19 (vanishing). */
export const deltaRatioUp = gradientsUp.delta[0] / gradientsUp.delta[gradientDepth - 1];
export const deltaRatioDown = gradientsDown.delta[0] / gradientsDown.delta[gradientDepth - 1];

/**
 * The largest relative difference, over l = 1 … 20 and k = 1.5, 0.5, between the engine's ‖dW^[l]‖, ‖delta^[l]‖
 * and the closed forms |k|^(2L−1)·‖x‖², |k|^(2L−l)·‖x‖ (the gradient figure).
 */
export const gradientMaxRelativeDifference = Math.max(
  ...[1.5, 0.5].flatMap((k) => {
    const L = gradientDepth;
    const { dW, delta } = measuredGradients(k, L);
    return dW.flatMap((value, i) => {
      const l = i + 1;
      const dWTheory = Math.abs(k) ** (2 * L - 1) * inputSquaredNorm;
      const deltaTheory = Math.abs(k) ** (2 * L - l) * inputNorm;
      return [Math.abs(value - dWTheory) / dWTheory, Math.abs(delta[i] - deltaTheory) / deltaTheory];
    });
  }),
);

/** A common learning rate, and the size of one gradient-descent step η·‖dW^[l]‖ it would take at L = 20. */
export const learningRate = 0.01;
export const stepUp = learningRate * gradientUp;
export const stepDown = learningRate * gradientDown;

// ------------------------------------------------------------------------- training: a learning rate?

/** The training run: L = 20 layers of k·I with k = 1.5, full-batch gradient descent for 100 steps. */
export const trainingK = 1.5;
export const trainingDepth = lectureDepth;
export const trainingSteps = 100;
/** The data: m inputs evenly spaced on the unit circle, x_j = (cos 2πj/m, sin 2πj/m), each its own target. */
export const trainingExamples = 8;

/** The m = 8 inputs as a 2 × 8 matrix (one example per column), with targets y = x. */
export function circleData(m: number): TrainingData {
  const angles = Array.from({ length: m }, (_, j) => (2 * Math.PI * j) / m);
  const X = matrix([angles.map(Math.cos), angles.map(Math.sin)]);
  return { x: X, y: X };
}
export const trainingData = circleData(trainingExamples);

/**
 * The factor in every layer's first gradient: with W = c·I and (1/m)·Σ x xᵀ = ½·I, each layer's gradient is
 * dW^[l] = ½·c^(L−1)·(c^L − 1)·I. At c = k this is ½·k^(L−1)(k^L − 1)·I.
 */
export const startGradientFactor = trainingK ** (trainingDepth - 1) * (trainingK ** trainingDepth - 1);

/** One training run of the lesson's network (W^[l] = k·I) with learning rate η, by the engine's `fit`. */
export function trainAt(learningRate: number, steps = trainingSteps, k = trainingK, data = trainingData) {
  const net = linearNetwork(trainingDepth, k);
  const result = fit(net, data, { optimizer: sgd({ learningRate }), steps });
  return { net, ...result };
}

/**
 * The loss at step `steps` (as `fit` records it: computed before that step's update, so after steps − 1
 * updates), or ∞ when the run stopped earlier because a value overflowed.
 */
export function lossAtStep(
  learningRate: number,
  steps = trainingSteps,
  k = trainingK,
  data = trainingData,
): number {
  const { history, stopped } = trainAt(learningRate, steps, k, data);
  return stopped.reason === 'non-finite' ? Infinity : history.loss[steps - 1];
}

/** After one update with learning rate η: the new diagonal entry c₁ of W^[1], the loss, and ‖δ^[1]‖/‖δ^[L]‖. */
export function afterFirstStep(learningRate: number) {
  const { net } = trainAt(learningRate, 1);
  const c1 = get(net.params[0].value, 0, 0);
  const { loss } = lossAndGradients(net, trainingData.x, trainingData.y, 'mse');
  const norms = layerGradNorms(net);
  return { c1, loss, deltaRatio: norms[0].delta / norms[trainingDepth - 1].delta };
}

/** The loss before any update, ½(k^L − 1)² for unit inputs. */
export const initialLoss = lossAndGradients(
  linearNetwork(trainingDepth, trainingK),
  trainingData.x,
  trainingData.y,
  'mse',
).loss;
/** Every layer's ‖dW^[l]‖ before any update (they are equal): ‖½·g·I‖ = g/√2. */
export const initialLayerGradient = (() => {
  const net = linearNetwork(trainingDepth, trainingK);
  lossAndGradients(net, trainingData.x, trainingData.y, 'mse');
  return layerGradNorms(net)[0].dW;
})();

/** The smallest η in [lo, hi] at which `test(η)` turns true (it is false at lo and true at hi), by bisection. */
function edge(test: (eta: number) => boolean, lo: number, hi: number): number {
  if (test(lo) || !test(hi)) throw new Error(`edge: no change of regime between ${lo} and ${hi}`);
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (test(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

const vanishesAfterFirstStep = (eta: number) => afterFirstStep(eta).deltaRatio < 1;
const divergesAtFirstStep = (eta: number) => afterFirstStep(eta).loss > initialLoss;

/** The representative learning rates of the three regimes, and the one a textbook would try first. */
export const etaSmall = 1e-8;
export const etaMiddle = 4e-7;
export const etaLarge = 1e-6;
export const etaCommon = 0.01;

/**
 * The band edges, by the engine: from `vanishFrom` to `vanishTo` the first step leaves the network with
 * ‖δ^[1]‖/‖δ^[L]‖ < 1 (vanishing); above `divergeFrom` the first step raises the loss (diverging).
 */
export const vanishFrom = edge(vanishesAfterFirstStep, etaSmall, etaMiddle);
export const vanishTo = edge((eta) => !vanishesAfterFirstStep(eta), etaMiddle, etaLarge);
export const divergeFrom = edge(divergesAtFirstStep, etaMiddle, etaLarge);

const runSmall = trainAt(etaSmall);
const runMiddle = trainAt(etaMiddle);
const runLarge = trainAt(etaLarge);
const runCommon = trainAt(etaCommon);

/** The small rate: the loss at step 100, and where c has got to after the 100 updates (it started at 1.5). */
export const smallFinalLoss = lossAtStep(etaSmall);
export const smallFinalC = get(runSmall.net.params[0].value, 0, 0);
/** The small rate: ‖dW^[l]‖ at the last step against the first, a crawl slowing down. */
export const smallGradientDrop = runSmall.history.gradNorm[trainingSteps - 1] / runSmall.history.gradNorm[0];

/** The middle rate: where the first step lands, what the gradients then do, and the loss at step 100. */
export const middleFirstStep = afterFirstStep(etaMiddle);
export const middleC1 = middleFirstStep.c1;
export const middleDeltaRatio = middleFirstStep.deltaRatio;
export const middleFinalLoss = lossAtStep(etaMiddle);
/** The middle rate: ‖dW^[1]‖ at the last recorded step (the rows of gradNormsByLayer are equal). */
export const middleFinalLayerGradient = runMiddle.history.gradNormsByLayer.data[trainingSteps - 1];

/** The large rate: the loss after its first update, and the step whose values are no longer finite. */
export const largeLossAfterFirstStep = afterFirstStep(etaLarge).loss;
export const largeStopStep = runLarge.stopped.reason === 'non-finite' ? runLarge.stopped.step : Infinity;
/** The common rate 0.01: the loss after its first update, and the step whose values are no longer finite. */
export const commonLossAfterFirstStep = afterFirstStep(etaCommon).loss;
export const commonStopStep = runCommon.stopped.reason === 'non-finite' ? runCommon.stopped.step : Infinity;

/**
 * The sliver: the learning rates around 1/g whose loss after 100 steps is below `sliverLoss`, by the engine
 * (bisection on the trained loss from both sides of the η that lands the first step on c = 1 exactly).
 */
export const sliverLoss = 0.01;
const landing = (2 * (trainingK - 1)) / startGradientFactor; // c₁ = k − ½η·g = 1
const trainsWell = (eta: number) => lossAtStep(eta) < sliverLoss;
export const sliverFrom = edge(trainsWell, etaSmall, landing);
export const sliverTo = edge((eta) => !trainsWell(eta), landing, etaMiddle);
/** The sliver's width relative to its centre. */
export const sliverRelativeWidth = (sliverTo - sliverFrom) / Math.sqrt(sliverFrom * sliverTo);

/**
 * The loss's sharpness (the largest eigenvalue of its Hessian) at the start, W = 1.5·I, and at the solution,
 * W = I, by the engine's power iteration: gradient descent near a point is stable only for η < 2/λ.
 */
export const sharpnessStart = largestHessianEigenvalue(
  linearNetwork(trainingDepth, trainingK),
  trainingData,
).eigenvalue;
export const sharpnessSolution = largestHessianEigenvalue(
  linearNetwork(trainingDepth, 1),
  trainingData,
).eigenvalue;
export const stableEtaSolution = 2 / sharpnessSolution;
/** How many times larger that bound is than the largest learning rate that survives the first step. */
export const stableEtaGap = stableEtaSolution / divergeFrom;
/** The fraction ηλ of the distance to c = 1 that the largest survivable learning rate closes per step there. */
export const slowestFraction = divergeFrom * sharpnessSolution;

/** The TryThis edits: a milder start, k = 1.1, at three learning rates (the best loss at step 100 among them). */
export const mildK = 1.1;
export const mildRates = [1e-3, 5e-3, 0.2] as const;
export const mildBestLoss = Math.min(...mildRates.map((eta) => lossAtStep(eta, trainingSteps, mildK)));
/** The second TryThis edit: the data's second coordinate at this scale, so the two directions differ. */
export const anisotropicScale = 0.5;

/**
 * The same training run by the one-number recursion c ← c − ½η·c^(L−1)(c^L − 1): the loss ½(c^L − 1)² at steps
 * 1 … `steps` (before each update, as `fit` records it), ending with ∞ where the numbers overflow.
 */
export function recursionLosses(learningRate: number, steps = trainingSteps): number[] {
  const L = trainingDepth;
  let c = trainingK;
  const losses: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const loss = 0.5 * (c ** L - 1) ** 2;
    const step = 0.5 * learningRate * c ** (L - 1) * (c ** L - 1);
    // fit stops at the first step whose loss or gradient is not finite, and so does this.
    if (!Number.isFinite(loss) || !Number.isFinite(step)) {
      losses.push(Infinity);
      break;
    }
    losses.push(loss);
    c -= step;
  }
  return losses;
}

/** The figure's learning rates: the engine's dots, and the recursion's line. */
export const sweepMax = 1e-6;
export const sweepDots = Array.from({ length: 40 }, (_, i) => ((i + 1) * sweepMax) / 40);
export const sweepLine = Array.from({ length: 800 }, (_, i) => ((i + 1) * sweepMax) / 800);
/** The loss at step 100 (∞ for a run stopped by an overflow) at each dot, by the engine. */
export const sweepMeasured = sweepDots.map((eta) => lossAtStep(eta));
/** The recursion's loss at step 100 (∞ when it overflowed first) at each point of the line. */
export function recursionLossAtStep(learningRate: number, steps = trainingSteps): number {
  const losses = recursionLosses(learningRate, steps);
  return losses.length < steps ? Infinity : losses[steps - 1];
}
/** The largest relative gap between the engine's dots and the recursion, over the runs that stayed finite. */
export const sweepMaxRelativeDifference = Math.max(
  ...sweepDots.map((eta, i) => {
    const theory = recursionLossAtStep(eta);
    const measured = sweepMeasured[i];
    if (!Number.isFinite(theory) || !Number.isFinite(measured)) return theory === measured ? 0 : Infinity;
    return Math.abs(measured - theory) / theory;
  }),
);

/** After 100 steps of the small rate, the largest off-diagonal entry of any W^[l] over its diagonal: still c·I. */
export const trainedOffDiagonal = Math.max(
  ...runSmall.net.params.map(
    (p: { value: Matrix }) => Math.abs(get(p.value, 0, 1)) / Math.abs(get(p.value, 0, 0)),
  ),
);

// ---------------------------------------------------------------------------------------------- float32

/** The largest finite float32. */
export const float32Max = FLOAT32_MAX;
/** The smallest positive normal float32, 2^−126; below it float32 numbers lose precision (subnormals). */
export const float32MinNormal = 2 ** -126;

const explodingTrace = forward(linearNetwork(260, 1.5, 2, 'float32'), x);
/** The first layer of the float32 k = 1.5 network whose activation is not finite, by the engine. */
export const overflowLayer32 = firstNonFinite(explodingTrace)?.layer ?? NaN;
/** The first layer whose activation is NaN (Infinity times the zeros of 1.5·I). */
export const nanLayer32 = explodingTrace.layers.findIndex((t) => t.a.data.some(Number.isNaN)) + 1;
/** The same layer from the closed form, the first L with 1.5^L > the largest float32. */
export const overflowLayer32Theory = overflowDepth(1.5, { dtype: 'float32', method: 'closedForm' });

const vanishingTrace = forward(linearNetwork(260, 0.5, 2, 'float32'), x);
/** The first layer of the float32 k = 0.5 network whose activation is exactly 0, by the engine. */
export const underflowLayer32 = vanishingTrace.firstAllZero?.layer ?? NaN;
/** The last layer whose activation is still a normal float32 (≥ 2^−126). */
export const lastNormalLayer32 =
  vanishingTrace.layers.findLastIndex((t) => t.a.data[0] >= float32MinNormal) + 1;
/** The same zero layer from the closed form. */
export const underflowLayer32Theory = underflowDepth(0.5, { dtype: 'float32', method: 'closedForm' });

/**
 * The smallest depth L at which the float32 k = 1.5 network's backward pass of ½‖ŷ‖² produces a non-finite
 * gradient, by the engine, searched upwards from well below the depth where 1.5^(2L−1) could first overflow.
 */
export const gradientOverflowDepth32 = (() => {
  const start = Math.floor(overflowLayer32Theory / 2) - 10;
  for (let L = start; L <= overflowLayer32Theory; L++)
    if (measuredGradients(1.5, L, 'float32').nonFinite) return L;
  return NaN;
})();
/** The same from the closed form: the first L with 2L − 1 ≥ the forward overflow layer. */
export const gradientOverflowDepth32Theory = Math.ceil((overflowLayer32Theory + 1) / 2);

/** Overflow and underflow layers in float64 (closed form). */
export const overflowLayer64 = overflowDepth(1.5, { method: 'closedForm' });
export const underflowLayer64 = underflowDepth(0.5, { method: 'closedForm' });

// ------------------------------------------------------------------------------------ other formats

/** Every format's overflow (k = 1.5) and underflow (k = 0.5) layer, by simulation and by the closed form. */
export const depthLimits = depthLimitTable();
const limitsOf = (dtype: string) => depthLimits.find((row) => row.dtype === dtype)!;

/** float16: largest value 65504; overflow and underflow layers. */
export const float16Max = floatFormat('float16').max;
export const float16Overflow = limitsOf('float16').overflow.simulation;
export const float16Underflow = limitsOf('float16').underflow.simulation;

/** bfloat16: the simulated overflow layer (what a network shows) and the closed form, one layer apart. */
export const bfloat16Overflow = limitsOf('bfloat16').overflow.simulation;
export const bfloat16OverflowClosedForm = limitsOf('bfloat16').overflow.closedForm;
export const bfloat16Underflow = limitsOf('bfloat16').underflow.simulation;
export const bfloat16Max = floatFormat('bfloat16').max;
export const bfloat16Bits = floatFormat('bfloat16').precision;

/**
 * The bfloat16 activation at the closed form's overflow layer, by repeating v ← round(1.5·v) (ties to even), its
 * ratio to the exact 1.5^L, and how many of those roundings went down and up.
 */
export const bfloat16Drift = (() => {
  const L = bfloat16OverflowClosedForm;
  let v = 1;
  let down = 0;
  let up = 0;
  for (let l = 1; l <= L; l++) {
    const exact = v * 1.5;
    v = roundTo('bfloat16', exact);
    if (v < exact) down++;
    if (v > exact) up++;
  }
  return { layer: L, value: v, ratio: v / 1.5 ** L, exact: 1.5 ** L, down, up };
})();

/** float32 with subnormals flushed to zero: the first exactly-zero layer of 0.5^L. */
export const float32FtzUnderflow = limitsOf('float32-ftz').underflow.simulation;

/**
 * The depth at which the float32 network's loss ½‖ŷ‖² = 1.5^(2L) (for x = (1, 1)) is ∞: with the squares summed
 * in float64 and the loss stored as float32, and with every partial sum in float32.
 */
export const lossOverflowAccumulate64 = lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float64' });
export const lossOverflowAccumulate32 = lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float32' });

// ---------------------------------------------------------------------------------------- why k·I

/** (1.5·I)^20 computed as a matrix power: its diagonal entry and its off-diagonal entry. */
const power = matrixPower(identity(2, 1.5), lectureDepth);
export const powerDiagonal = get(power, 0, 0);
export const powerOffDiagonal = get(power, 0, 1);

/** Random Gaussian layers, entries of variance 1/n: 100 layers at widths 2 and 256. */
export const stretchDepth = 100;
export const stretchNarrow = 2;
export const stretchWide = 256;
/** The typical stretch e^(L·λ₁) (closed form) at each width, and the mean-square stretch (1 at both). */
export const typicalNarrow = gaussianStretch(stretchNarrow, stretchDepth).typical;
export const typicalWide = gaussianStretch(stretchWide, stretchDepth).typical;
export const meanSquareStretch = gaussianStretch(stretchNarrow, stretchDepth).meanSquare;
/** The approximation e^(−L/(2n)) at width 256. */
export const typicalWideApproximation = Math.exp(-stretchDepth / (2 * stretchWide));
/** The per-layer typical stretch e^λ₁ at width 2. */
export const typicalPerLayerNarrow = Math.exp(gaussianLyapunovExponent(stretchNarrow));

/** Monte Carlo at width 2: 2000 products of 100 fresh layers (seed 1), the typical and the mean-square stretch. */
export const stretchSamples = 2000;
const narrowLogs = sampleLogStretches({
  width: stretchNarrow,
  depth: stretchDepth,
  samples: stretchSamples,
  seed: 1,
});
export const sampledTypicalNarrow = Math.exp(narrowLogs.reduce((sum, v) => sum + v, 0) / stretchSamples);
export const sampledMeanSquareNarrow =
  narrowLogs.reduce((sum, v) => sum + Math.exp(2 * v), 0) / stretchSamples;

// -------------------------------------------------------------------------------- what it does not say

/** 50 layers of 0.5·I and 50 of 1.5·I: the product of the scales, and the per-layer scale it amounts to. */
export const mixedLayers = 50;
export const mixedProduct = productOfScales([
  ...new Array<number>(mixedLayers).fill(0.5),
  ...new Array<number>(mixedLayers).fill(1.5),
]);
export const mixedEffectiveScale = effectiveScale([0.5, 1.5]);
/** The arithmetic mean of 0.5 and 1.5, which is 1 and says nothing about the product. */
export const mixedArithmeticMean = (0.5 + 1.5) / 2;
/** ŷ₁ of that 100-layer network (layers 1–50 are 0.5·I, layers 51–100 are 1.5·I), by the engine. */
export const mixedOutput = (() => {
  const layers: Record<number, LayerOverride> = {};
  for (let l = 1; l <= 2 * mixedLayers; l++)
    layers[l] = { init: scaledIdentityInit(l <= mixedLayers ? 0.5 : 1.5) };
  const net = mlp({
    sizes: new Array<number>(2 * mixedLayers + 1).fill(2),
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    layers,
  });
  return forward(net, x).output.data[0];
})();
