/**
 * Every number the lesson "Bounded activations, unbounded gradients" states, computed by @gradscope/core when the
 * page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/bounded-activations-unbounded-gradients.test.ts checks each one against a closed form or an
 * independent computation, and against the lesson's examples.
 *
 * Notation (the course's and lesson 6's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = tanh(z^[l]), a^[0] = x, one
 * example per column; W^[l]_ij ~ N(0, σ_w²/n_{l−1}) and b^[l]_i ~ N(0, σ_b²), where σ_w² and σ_b² are variances.
 * δ^[l] = ∂L/∂z^[l] = tanh'(z^[l]) ⊙ (W^[l+1])ᵀ·δ^[l+1]; norms of batches are Frobenius norms. χ₁ = σ_w²·E[tanh'(z)²]
 * at z ~ N(0, q*). Everything is float64.
 */
import {
  backwardGradientGrowth,
  chi,
  column,
  createRandom,
  criticalWeightVariance,
  fillNormal,
  fit,
  forward,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  meanFieldNetwork,
  meanSquaredSlope,
  normalCdf,
  sgd,
  teacherRegression,
  varianceFixedPoint,
  zeros,
  type Matrix,
  type TrainingData,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------- the lecture's network

/** The lecture's network: W^[l] = k·I, no activation; its output after `lectureDepth` layers, for x = (1, 1). */
export const lectureK = 1.5;
export const lectureDepth = 20;
export const lectureOutput = forward(linearNetwork(lectureDepth, lectureK), column([1, 1])).output.data[0];

// ------------------------------------------------------------------------------------------ the three networks

/** σ_b², the bias variance of every network in the lesson (lesson 6's running example). */
export const biasVariance = 0.05;
/** σ_w² of the chaotic network, of the ordered one, and of the one on the edge of chaos (χ₁ = 1). */
export const chaoticWeightVariance = 4;
export const orderedWeightVariance = 1;
export const criticalWeightVarianceTanh = criticalWeightVariance({ activation: 'tanh', biasVariance });

/** Σ v and (1/n)·Σ v² of a list of numbers. */
const sum = (values: ArrayLike<number>) => {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
};
const meanSquare = (values: ArrayLike<number>) => sum(Array.from(values, (v) => v * v)) / values.length;

const tanhAt = (weightVariance: number) => ({ activation: 'tanh', weightVariance, biasVariance }) as const;

/** q*, the variance the pre-activations settle to, and χ₁, for each network (theory). */
export const qStarChaotic = varianceFixedPoint(tanhAt(chaoticWeightVariance));
export const qStarOrdered = varianceFixedPoint(tanhAt(orderedWeightVariance));
export const chiChaotic = chi(tanhAt(chaoticWeightVariance));
export const chiOrdered = chi(tanhAt(orderedWeightVariance));
/** E[tanh'(z)²] at q* for the chaotic network: the factor the slopes alone apply to ‖δ‖² per layer (theory). */
export const meanSquaredSlopeChaotic = meanSquaredSlope({ activation: 'tanh', variance: qStarChaotic });

// ------------------------------------------------------------------------------- forward and backward, measured

/** The measured networks: `depth` tanh layers of `width` units, a batch of `batch` inputs and random targets. */
export const width = 200;
export const depth = 50;
export const batch = 8;

/** The batch: inputs x with independent N(0, 1) entries (so ‖x‖²/n_0 ≈ 1), targets y likewise. */
export function sideBySideBatch(): { X: Matrix; Y: Matrix } {
  const random = createRandom('bounded activations: batch');
  const X = zeros(width, batch);
  fillNormal(X.data, random);
  const Y = zeros(width, batch);
  fillNormal(Y.data, random);
  return { X, Y };
}

/**
 * One forward and one backward pass of the squared error through a tanh network of σ_w², per layer l = 1 … L:
 * the largest |a^[l]|, the RMS of a^[l], the slopes tanh'(z^[l]) of every unit and example, the measured
 * ‖δ^[l]‖/‖δ^[L]‖, and the theory's √(χ_l·χ_(l+1)·…·χ_(L−1)) (backwardGradientGrowth, whose factors are χ₁ once
 * q^l has settled at q*).
 */
export function sideBySide(weightVariance: number) {
  const net = meanFieldNetwork({ ...tanhAt(weightVariance), inputSize: width, width, depth, seed: 1 });
  const { X, Y } = sideBySideBatch();
  const { trace, gradients } = lossAndGradients(net, X, Y, 'mse');
  const largest = trace.layers.map(({ a }) => Math.max(...Array.from(a.data, Math.abs)));
  const rms = trace.layers.map(({ a }) => Math.sqrt(meanSquare(a.data)));
  const slopes = trace.layers.map(({ a }) => Float64Array.from(a.data, (v) => 1 - v * v));
  const delta = layerGradNorms(gradients).map((row) => row.delta);
  // dInput of layer l + 1 is (W^[l+1])ᵀ·δ^[l+1], what arrives at a^[l] before the slopes multiply it.
  const arriving = gradients.layers.map(({ dInput }) => Math.hypot(...dInput.data));
  const ratio = delta.map((d) => d / delta[depth - 1]);
  const theory = Array.from(
    backwardGradientGrowth({
      ...tanhAt(weightVariance),
      depth,
      inputSecondMoment: meanSquare(X.data),
    }),
    Math.sqrt,
  );
  return { largest, rms, slopes, delta, arriving, ratio, theory };
}

export const chaotic = sideBySide(chaoticWeightVariance);
export const ordered = sideBySide(orderedWeightVariance);
export const critical = sideBySide(criticalWeightVarianceTanh);

/** The largest |a^[l]| over every layer, unit and example of the chaotic network, and how far below 1 it stays. */
export const largestActivationChaotic = Math.max(...chaotic.largest);
export const largestActivationGapChaotic = 1 - largestActivationChaotic;
/** The same for the ordered network. */
export const largestActivationOrdered = Math.max(...ordered.largest);
/** The RMS of a^[L] in the chaotic and the ordered network. */
export const lastRmsChaotic = chaotic.rms[depth - 1];
export const lastRmsOrdered = ordered.rms[depth - 1];

/** ‖δ^[1]‖/‖δ^[L]‖, measured, and the theory's prediction, for each network. */
export const ratioChaotic = chaotic.ratio[0];
export const ratioOrdered = ordered.ratio[0];
export const ratioCritical = critical.ratio[0];
export const theoryRatioChaotic = chaotic.theory[0];
export const theoryRatioOrdered = ordered.theory[0];
/** The largest factor, at any layer, between the measured ratio and the theory's (either way round). */
export const largestFactorOff = (run: ReturnType<typeof sideBySide>) =>
  Math.max(...run.ratio.map((r, i) => Math.max(r / run.theory[i], run.theory[i] / r)));
export const theoryFactorChaotic = largestFactorOff(chaotic);
export const theoryFactorOrdered = largestFactorOff(ordered);
/** The network on the edge: its ratio stays between these at every layer. */
export const criticalRatioMin = Math.min(...critical.ratio);
export const criticalRatioMax = Math.max(...critical.ratio);
/** How far apart the chaotic and the ordered network's gradients are at layer 1, relative to layer L. */
export const phaseContrast = ratioChaotic / ratioOrdered;
/** The critical network's RMS of a^[L], and the factor between the chaotic and the ordered one's. */
export const lastRmsCritical = critical.rms[depth - 1];
export const rmsContrast = chaotic.rms[depth - 1] / ordered.rms[depth - 1];
/** χ₁^((L−1)/2): the theory's ratio of norms with every layer at q*. */
export const settledRatioChaotic = chiChaotic ** ((depth - 1) / 2);
/** The measured ratio's per-layer factor of ‖δ‖ (a geometric mean), against √χ₁. */
export const perLayerChaotic = ratioChaotic ** (1 / (depth - 1));
export const sqrtChiChaotic = Math.sqrt(chiChaotic);

// --------------------------------------------------------------------------------------- slopes and saturation

/** A unit is saturated here when its slope tanh'(z) = 1 − tanh²(z) is below this (the engine's layerStats rule). */
export const saturatedSlope = 0.01;
/** A looser mark: slope below one tenth. */
export const smallSlope = 0.1;
/** |z| beyond which tanh'(z) < s: tanh² = 1 − s, so |z| = artanh(√(1 − s)). */
export const slopeThreshold = (s: number) => Math.atanh(Math.sqrt(1 - s));
/** The share of units with slope below s when z ~ N(0, q): P(|z| > artanh(√(1 − s))) = 2Φ(−threshold/√q). */
export const shareBelow = (s: number, q: number) => 2 * normalCdf(-slopeThreshold(s) / Math.sqrt(q));

/** The layers whose slopes the lesson pools: from the first where q^l has settled (well within 1%) to L. */
export const settledFrom = 10;
export const pooled = (slopes: readonly Float64Array[]) =>
  slopes.slice(settledFrom - 1).flatMap((s) => Array.from(s));
const chaoticSlopes = pooled(chaotic.slopes);
export const fraction = (values: readonly number[], test: (v: number) => boolean) =>
  values.filter(test).length / values.length;

/** Measured over layers 10 … 50 of the chaotic network: the share of saturated units and of slopes below 0.1. */
export const saturatedShareChaotic = fraction(chaoticSlopes, (s) => s < saturatedSlope);
export const smallSlopeShareChaotic = fraction(chaoticSlopes, (s) => s < smallSlope);
/** The same shares by the theory, for z ~ N(0, q*). */
export const saturatedShareTheory = shareBelow(saturatedSlope, qStarChaotic);
export const smallSlopeShareTheory = shareBelow(smallSlope, qStarChaotic);
/** The median slope, and the mean squared slope, measured over the same units. */
export const medianSlopeChaotic = [...chaoticSlopes].sort((a, b) => a - b)[
  Math.floor(chaoticSlopes.length / 2)
];
export const measuredMeanSquaredSlope = chaoticSlopes.reduce((s, v) => s + v * v, 0) / chaoticSlopes.length;
/** σ_w² times it: χ₁ as these units measure it. */
export const measuredChi = chaoticWeightVariance * measuredMeanSquaredSlope;

// ------------------------------------------------------------------------------- the race: weights against slopes

/**
 * One step back, from δ^[l+1] to δ^[l], split in two, as geometric means over the settled layers l = 10 … 49:
 * what the weights do to the mean square, ‖(W^[l+1])ᵀδ^[l+1]‖²/‖δ^[l+1]‖², then what the slopes do,
 * ‖δ^[l]‖²/‖(W^[l+1])ᵀδ^[l+1]‖². Their product is the whole step, ‖δ^[l]‖²/‖δ^[l+1]‖².
 */
export function stepFactors(run: ReturnType<typeof sideBySide>) {
  let weights = 0;
  let slopes = 0;
  for (let l = settledFrom; l < depth; l++) {
    // Layer l + 1 is entry l; a^[l] and δ^[l] are entry l − 1.
    weights += Math.log((run.arriving[l] / run.delta[l]) ** 2);
    slopes += Math.log((run.delta[l - 1] / run.arriving[l]) ** 2);
  }
  const count = depth - settledFrom;
  return {
    weights: Math.exp(weights / count),
    slopes: Math.exp(slopes / count),
    step: Math.exp((weights + slopes) / count),
  };
}

/** The chaotic network's step, measured: weights, slopes, and the whole step. */
export const chaoticStep = stepFactors(chaotic);
export const weightFactorChaotic = chaoticStep.weights;
export const slopeFactorChaotic = chaoticStep.slopes;
export const stepFactorChaotic = chaoticStep.step;

/** The σ_w² the race measures networks at, and the theory's curve over a dense grid. */
export const raceWeightVariances = [1, 2, 4, 8, 16] as const;
export const raceTheoryWeightVariances = Array.from({ length: 61 }, (_, i) => 0.5 + (i * 15.5) / 60);
export const raceTheory = raceTheoryWeightVariances.map((w) => {
  const q = varianceFixedPoint(tanhAt(w));
  return {
    weightVariance: w,
    slopes: meanSquaredSlope({ activation: 'tanh', variance: q }),
    chi: chi(tanhAt(w)),
  };
});
export const raceMeasured = raceWeightVariances.map((w) => {
  const run = w === chaoticWeightVariance ? chaotic : w === orderedWeightVariance ? ordered : sideBySide(w);
  const q = varianceFixedPoint(tanhAt(w));
  return {
    weightVariance: w,
    ...stepFactors(run),
    saturated: fraction(pooled(run.slopes), (s) => s < saturatedSlope),
    saturatedTheory: shareBelow(saturatedSlope, q),
    chi: chi(tanhAt(w)),
  };
});
/** The widest network of the race: σ_w² = 16, its share of saturated units (measured) and its χ₁. */
export const wideWeightVariance = raceWeightVariances[raceWeightVariances.length - 1];
export const saturatedShareWide = raceMeasured[raceMeasured.length - 1].saturated;
export const chiWide = raceMeasured[raceMeasured.length - 1].chi;

/**
 * For large σ_w², q* ≈ σ_w² and E[tanh'(z)²] ≈ (1/√(2πq))·∫ tanh'(z)² dz = (4/3)/√(2πq): χ₁ ≈ (4/3)·σ_w/√(2π).
 * Its value at σ_w² = 16, against the exact χ₁ there.
 */
export const asymptoticChi = (weightVariance: number) =>
  ((4 / 3) * Math.sqrt(weightVariance)) / Math.sqrt(2 * Math.PI);
export const asymptoticChiWide = asymptoticChi(wideWeightVariance);

// --------------------------------------------------------------------------------------------------- training

/** The training runs: `trainDepth` tanh layers of `trainWidth` units and a linear read-out, full-batch SGD. */
export const trainDepth = 40;
export const trainWidth = 16;
export const trainSamples = 32;
export const trainSteps = 150;
export const learningRate = 0.03;
/** The seed of every network's weights (one seed, as the lesson says). */
export const trainSeed = 5;
/** The clipping threshold: every update's gradient is rescaled to global norm at most this (Pascanu et al.). */
export const clipNorm = 1;

/** A teacher's regression data, targets standardized to mean 0 and variance 1: predicting 0 scores loss ½. */
export function trainingData(): TrainingData {
  const data = teacherRegression({ inputSize: 8, samples: trainSamples, random: createRandom(1) });
  const y = data.y.data;
  const mean = sum(y) / y.length;
  const std = Math.sqrt(meanSquare(Array.from(y, (v) => v - mean)));
  y.forEach((v, i) => (y[i] = (v - mean) / std));
  return data;
}

/** A fresh student: σ_w² as given, everything else as every other run. */
export function student(weightVariance: number) {
  return meanFieldNetwork({
    ...tanhAt(weightVariance),
    inputSize: 8,
    width: trainWidth,
    depth: trainDepth,
    outputSize: 1,
    seed: trainSeed,
  });
}

/** Trains one student for `trainSteps` full-batch steps of SGD, clipped or not. */
export function train(weightVariance: number, clip?: { norm: number }) {
  return fit(student(weightVariance), trainingData(), {
    optimizer: sgd({ learningRate }),
    steps: trainSteps,
    ...(clip ? { clip } : {}),
  });
}

export const runChaotic = train(chaoticWeightVariance);
export const runCritical = train(criticalWeightVarianceTanh);
export const runClipped = train(chaoticWeightVariance, { norm: clipNorm });

/** The number of layers with weights, L = trainDepth + 1 (the read-out). */
export const trainLayers = trainDepth + 1;
/** ‖dW^[1]‖/‖dW^[L]‖ of a run at one of its steps (1-based). */
export const firstToLast = (run: typeof runChaotic, step: number) => {
  const g = run.history.gradNormsByLayer;
  return g.data[step - 1] / g.data[(g.rows - 1) * g.cols + step - 1];
};
/** The loss at the first step of the chaotic run (before any update: the same whatever the arithmetic's order). */
export const lossStartChaotic = runChaotic.history.loss[0];
/**
 * The mean loss over the last `tailSteps` steps of each run. Runs like these are sensitive to the last digits of
 * their arithmetic (the claims test repeats them with the sums in another order, and the curves part after a few
 * dozen steps), so the lesson states levels like this one, not the loss at one step.
 */
export const tailSteps = 50;
const tailMean = (run: typeof runChaotic) =>
  run.history.loss.slice(trainSteps - tailSteps).reduce((s, v) => s + v, 0) / tailSteps;
export const tailLossChaotic = tailMean(runChaotic);
export const tailLossCritical = tailMean(runCritical);
export const tailLossClipped = tailMean(runClipped);
/** ‖dW^[1]‖/‖dW^[L]‖ at the first step of the chaotic and the critical run. */
export const firstStepRatioChaotic = firstToLast(runChaotic, 1);
export const firstStepRatioCritical = firstToLast(runCritical, 1);
/** The global gradient norm at the first step: chaotic, critical. */
export const firstGradNormChaotic = runChaotic.history.gradNorm[0];
export const firstGradNormCritical = runCritical.history.gradNorm[0];
/** The loss of predicting the targets' mean: half their variance, which standardizing made 1. */
export const meanPredictorLoss = (() => {
  const y = trainingData().y.data;
  const mean = sum(y) / y.length;
  return meanSquare(Array.from(y, (v) => v - mean)) / 2;
})();
/** ‖dW^[1]‖/‖dW^[L]‖ of the clipped run at its median step (before clipping, which scales every layer alike). */
export const clippedMedianRatio = (() => {
  const ratios = Array.from({ length: trainSteps }, (_, t) => firstToLast(runClipped, t + 1)).sort(
    (a, b) => a - b,
  );
  return ratios[Math.floor(trainSteps / 2)];
})();
/** The share of the clipped run's steps on which clipping changed the gradient. */
export const clippedShare =
  Array.from(runClipped.history.gradNorm).filter((g) => g > clipNorm).length / trainSteps;
/**
 * The first update of layer 1, η·‖dW^[1]‖, relative to ‖W^[1]‖ itself: how far the first step moves the first
 * layer, for the chaotic and the critical run.
 */
const firstLayerStep = (run: typeof runChaotic, weightVariance: number) => {
  const W = student(weightVariance).params[0].value.data;
  return (learningRate * run.history.gradNormsByLayer.data[0]) / Math.hypot(...W);
};
export const firstLayerStepChaotic = firstLayerStep(runChaotic, chaoticWeightVariance);
export const firstLayerStepCritical = firstLayerStep(runCritical, criticalWeightVarianceTanh);

// ------------------------------------------------------------------------------------------- bounded, not flat

/** The circle of inputs: x(t) = cos t·u + sin t·v, u and v with N(0, 1) entries, through shallower networks. */
export const circleDepth = 10;
export const circleWidth = 100;
export const circlePoints = 400;

/** One output unit a^[L]_1 along the circle, for a tanh network of σ_w² (seeded like the example). */
export function alongCircle(weightVariance: number): Float64Array {
  const net = meanFieldNetwork({
    ...tanhAt(weightVariance),
    inputSize: circleWidth,
    width: circleWidth,
    depth: circleDepth,
    seed: 1,
  });
  const random = createRandom('bounded activations: circle');
  const u = fillNormal(new Float64Array(circleWidth), random);
  const v = fillNormal(new Float64Array(circleWidth), random);
  const X = zeros(circleWidth, circlePoints);
  for (let j = 0; j < circlePoints; j++) {
    const t = (2 * Math.PI * j) / circlePoints;
    for (let i = 0; i < circleWidth; i++)
      X.data[i * circlePoints + j] = Math.cos(t) * u[i] + Math.sin(t) * v[i];
  }
  const { output } = forward(net, X);
  return Float64Array.from(output.data.subarray(0, circlePoints)); // row 1: unit 1 at every point
}
/** How often a curve changes sign going once round the circle, and how far it travels up and down (Σ|Δa|). */
export const signChanges = (y: ArrayLike<number>) => {
  let count = 0;
  for (let j = 0; j < y.length; j++) if (Math.sign(y[j]) !== Math.sign(y[(j + 1) % y.length])) count++;
  return count;
};
export const totalVariation = (y: ArrayLike<number>) => {
  let sum = 0;
  for (let j = 0; j < y.length; j++) sum += Math.abs(y[(j + 1) % y.length] - y[j]);
  return sum;
};
export const circleChaotic = alongCircle(chaoticWeightVariance);
export const circleOrdered = alongCircle(orderedWeightVariance);
export const signChangesChaotic = signChanges(circleChaotic);
export const signChangesOrdered = signChanges(circleOrdered);
export const variationChaotic = totalVariation(circleChaotic);
export const variationOrdered = totalVariation(circleOrdered);
export const circleLargestChaotic = Math.max(...Array.from(circleChaotic, Math.abs));
