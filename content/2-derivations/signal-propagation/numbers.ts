/**
 * Every number the lesson "Signal propagation at depth: order, chaos and the edge between" states, computed by
 * @gradscope/core when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/signal-propagation.test.ts checks each one against a closed form or an independent computation.
 *
 * Notation: z^[l] = W^[l]·φ(z^[l−1]) + b^[l], W^[l]_ij ~ N(0, σ_w²/n_{l−1}), b^[l]_i ~ N(0, σ_b²); σ_w² and σ_b²
 * are variances (σ_w² a variance times the fan-in). q^l is the variance of one unit's z^[l]; c^l the correlation of
 * z^[l] between two inputs; χ₁ = σ_w²·E[φ'(z)²] at z ~ N(0, q*).
 */
import {
  backward,
  chi,
  createRandom,
  fillNormal,
  forward,
  meanFieldNetwork,
  zeros,
  correlationDepthScale,
  correlationFixedPoint,
  correlationSlope,
  criticalWeightVariance,
  forwardCorrelation,
  forwardVariance,
  lengthDepthScale,
  lengthMapSlope,
  varianceFixedPoint,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------ the running example

/** σ_b², the bias variance of the lesson's running example. */
export const biasVariance = 0.05;
/** An ordered tanh network: σ_w² below the edge. */
export const orderedWeightVariance = 1.5;
/** A chaotic tanh network: σ_w² above the edge. */
export const chaoticWeightVariance = 2.5;

const tanhAt = (weightVariance: number) => ({ activation: 'tanh', weightVariance, biasVariance }) as const;
export const ordered = tanhAt(orderedWeightVariance);
export const chaotic = tanhAt(chaoticWeightVariance);

/** The edge of chaos for tanh at σ_b² = 0.05: the σ_w² where χ₁ = 1. */
export const criticalWeightVarianceTanh = criticalWeightVariance({ activation: 'tanh', biasVariance });
/** The same at σ_b² = 0, where it is exactly 1 (q* = 0 and tanh'(0) = 1). */
export const criticalWeightVarianceTanhNoBias = criticalWeightVariance({ activation: 'tanh' });

// ------------------------------------------------------------------------------------------ the length map

/** q* of the ordered and the chaotic network. */
export const qStarOrdered = varianceFixedPoint(ordered);
export const qStarChaotic = varianceFixedPoint(chaotic);

/** The first-layer variance the length-map example starts from, and the depth it iterates to. */
export const lengthStart = 2;
export const lengthDepth = 12;
/** q^l of the ordered network from q^1 = 2, layer by layer (the length map iterated). */
export const lengthOrdered = forwardVariance({ ...ordered, inputVariance: lengthStart, depth: lengthDepth });
/** The first layer l from which on q^l is within this many per cent of q*. */
export const settlePercent = 1;
export const lengthSettledLayer =
  lengthOrdered.findLastIndex((q) => Math.abs(q / qStarOrdered - 1) >= settlePercent / 100) + 2;
/** χ_q, the slope of the length map at q*, and ξ_q = −1/ln χ_q, for the ordered network. */
export const chiQOrdered = lengthMapSlope(ordered);
export const xiQOrdered = lengthDepthScale(ordered);

// ------------------------------------------------------------------------------------ the correlation map

/** χ₁ of the ordered and the chaotic network. */
export const chiOrdered = chi(ordered);
export const chiChaotic = chi(chaotic);
/** c*: 1 in the ordered phase, below 1 in the chaotic one. */
export const cStarOrdered = correlationFixedPoint(ordered);
export const cStarChaotic = correlationFixedPoint(chaotic);
/** The slope of the correlation map at c = 1 (χ₁ by another route: Price's theorem on the pair). */
export const correlationSlopeAtOneChaotic = correlationSlope({ ...chaotic, correlation: 1 });
/** The slope of the correlation map at c* in the chaotic phase, below 1: c* attracts. */
export const correlationSlopeAtStarChaotic = correlationSlope({ ...chaotic, correlation: cStarChaotic });

/** The two-inputs example: inputs with ‖x‖²/n_0 = 1 and raw correlation ρ, through this many layers. */
export const inputCorrelation = 0.99;
/** The raw correlation of the ordered network's pair: unrelated inputs. */
export const orderedInputCorrelation = 0;
export const correlationDepth = 30;
/** c^1 = (σ_w²ρ + σ_b²)/(σ_w² + σ_b²): the first layer's correlation for inputs of mean square 1. */
export const firstCorrelationOf = (weightVariance: number, rho: number) =>
  (weightVariance * rho + biasVariance) / (weightVariance + biasVariance);
/** The theory's c^l for the chaotic network, from nearly identical inputs, at layer 30. */
export const chaoticCorrelationAtDepth = forwardCorrelation({
  ...chaotic,
  inputSecondMoment: 1,
  depth: correlationDepth,
  inputCorrelation: firstCorrelationOf(chaoticWeightVariance, inputCorrelation),
})[correlationDepth - 1];
/** The theory's c^l for the ordered network, from unrelated inputs (ρ = 0), at layer 30. */
export const orderedCorrelationFromZero = forwardCorrelation({
  ...ordered,
  inputSecondMoment: 1,
  depth: correlationDepth,
  inputCorrelation: firstCorrelationOf(orderedWeightVariance, orderedInputCorrelation),
})[correlationDepth - 1];

// ---------------------------------------------------------------------------------------------- gradients

/** A network of this depth: ‖δ^[1]‖²/‖δ^[L]‖² ≈ χ₁^(L−1) (theory). */
export const gradientDepth = 50;
export const gradientRatioOrdered = chiOrdered ** (gradientDepth - 1);
export const gradientRatioChaotic = chiChaotic ** (gradientDepth - 1);
/** The same as ratios of norms (not squared): ‖δ^[1]‖/‖δ^[L]‖ ≈ χ₁^((L−1)/2). */
export const gradientNormRatioOrdered = Math.sqrt(gradientRatioOrdered);
export const gradientNormRatioChaotic = Math.sqrt(gradientRatioChaotic);

// ------------------------------------------------------------------------------------------- depth scales

/** ξ_c of the ordered and chaotic networks, and in the ordered phase −1/ln χ₁ (the same number). */
export const xiCOrdered = correlationDepthScale(ordered);
export const xiCChaotic = correlationDepthScale(chaotic);
/** Schoenholz et al.'s empirical constant: networks deeper than about 6ξ_c did not train. */
export const trainableFactor = 6;
export const trainableDepthOrdered = trainableFactor * xiCOrdered;
export const trainableDepthChaotic = trainableFactor * xiCChaotic;
/** ξ_c a little closer to the edge: σ_w² = 1.7, within a few per cent of the critical 1.761. */
export const nearEdgeWeightVariance = 1.7;
export const xiCNearEdge = correlationDepthScale(tanhAt(nearEdgeWeightVariance));

// ------------------------------------------------------------------------------------------- ReLU and erf

/** ReLU: χ₁ = σ_w²/2 at every q, so the edge is σ_w² = 2 whatever σ_b² is. */
export const reluCritical = criticalWeightVariance({ activation: 'relu', biasVariance });
export const reluChaoticWeightVariance = 3;
/** ReLU above the edge: gradients grow by χ₁ = 1.5 per layer … */
export const reluChiAbove = chi({
  activation: 'relu',
  weightVariance: reluChaoticWeightVariance,
  biasVariance,
});
/** … but q* is infinite (the signal grows too) and the correlation map's slope at c = 1 stays 1: c* = 1. */
export const reluQStarAbove = varianceFixedPoint({
  activation: 'relu',
  weightVariance: reluChaoticWeightVariance,
  biasVariance,
});
export const reluCorrelationSlopeAbove = correlationSlope({
  activation: 'relu',
  weightVariance: reluChaoticWeightVariance,
  biasVariance,
});
export const reluCStarAbove = correlationFixedPoint({
  activation: 'relu',
  weightVariance: reluChaoticWeightVariance,
  biasVariance,
});
/** ReLU below the edge (σ_w² = 1.5): ordered, χ₁ = 0.75, ξ_c = −1/ln 0.75. */
export const reluOrderedWeightVariance = 1.5;
export const reluXiCOrdered = correlationDepthScale({
  activation: 'relu',
  weightVariance: reluOrderedWeightVariance,
  biasVariance,
});
/** erf: the edge at σ_b² = 0 is π/4 (erf'(0)² = 4/π), and at σ_b² = 0.05 … */
export const erfCriticalNoBias = criticalWeightVariance({ activation: 'erf' });
export const erfCritical = criticalWeightVariance({ activation: 'erf', biasVariance });
/** … and above it erf is chaotic like tanh: c* < 1 at σ_w² = 2.5. */
export const erfCStarChaotic = correlationFixedPoint({
  activation: 'erf',
  weightVariance: 2.5,
  biasVariance,
});

// -------------------------------------------------------------------------------- the measured phase diagram

/** The networks measured for the phase diagram: width, depth, and the layers the growth rate is taken over. */
export const measuredWidth = 200;
export const measuredDepth = 30;
export const measuredFrom = 8;
/** Random inputs per measured network. */
export const measuredInputs = 4;
/** The grid of (σ_w², σ_b²) measured. */
export const measuredWeightVariances = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4] as const;
export const measuredBiasVariances = [0, 0.1, 0.2, 0.3] as const;

/**
 * The measured per-layer growth of ‖δ‖² in one random tanh network of width 200 and depth 30: four random inputs
 * forward, a random gradient ∂L/∂a^[L] backward, then (‖δ^[8]‖²/‖δ^[30]‖²)^(1/22), the geometric mean of the
 * per-layer factors once q^l has settled (the first layers are skipped). Mean-field theory predicts χ₁.
 */
export function measuredGradientGrowth(weightVariance: number, biasVariance: number, seed = 1): number {
  const net = meanFieldNetwork({
    activation: 'tanh',
    weightVariance,
    biasVariance,
    inputSize: 8,
    width: measuredWidth,
    depth: measuredDepth,
    seed,
  });
  const random = createRandom(`inputs ${seed}`);
  const X = zeros(8, measuredInputs);
  fillNormal(X.data, random);
  forward(net, X);
  const dOutput = zeros(measuredWidth, measuredInputs);
  fillNormal(dOutput.data, random);
  const squared = backward(net, dOutput).layers.map(({ delta }) => {
    let sum = 0;
    for (const v of delta.data) sum += v * v;
    return sum;
  });
  return (squared[measuredFrom - 1] / squared[measuredDepth - 1]) ** (1 / (measuredDepth - measuredFrom));
}

/** Every grid point: theory's χ₁ and the measured growth, and whether they put it on the same side of 1. */
export const phaseMeasurements = measuredBiasVariances.flatMap((b) =>
  measuredWeightVariances.map((w) => {
    const theory = chi({ activation: 'tanh', weightVariance: w, biasVariance: b });
    const measured = measuredGradientGrowth(w, b);
    return { weightVariance: w, biasVariance: b, theory, measured, agrees: theory < 1 === measured < 1 };
  }),
);
/** How many points were measured, and how many land on the side of the edge that theory puts them. */
export const phasePoints = phaseMeasurements.length;
export const phaseAgreements = phaseMeasurements.filter((p) => p.agrees).length;
/** The largest |χ₁ − 1| among the points that disagree (0 when none does): how close to the edge they sit. */
export const phaseDisagreementMargin = Math.max(
  0,
  ...phaseMeasurements.filter((p) => !p.agrees).map((p) => Math.abs(p.theory - 1)),
);
/** The largest relative difference between measured growth and χ₁ over the grid. */
export const phaseLargestRelativeGap = Math.max(
  ...phaseMeasurements.map((p) => Math.abs(p.measured / p.theory - 1)),
);

/** One σ_w², two bias variances, two phases: no σ_w² is safe on its own. */
export const dialWeightVariance = 2;
export const dialBiasVariance = 0.3;
export const dialChiNoBias = chi({ activation: 'tanh', weightVariance: dialWeightVariance });
export const dialChiWithBias = chi({
  activation: 'tanh',
  weightVariance: dialWeightVariance,
  biasVariance: dialBiasVariance,
});
