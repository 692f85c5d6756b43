/**
 * Every number the lesson "The book at a glance: formulas and numbers" states, computed by @gradscope/core when
 * the page builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/at-a-glance.test.ts
 * checks each one against a closed form or an independent computation written in the test.
 *
 * The book's standard settings: the lecture's network W^[l] = k·I (linear, no bias, x0 = 1) with k = 1.5 and 0.5;
 * width n = 256 and depth L = 30 for random networks; tanh with σ_b² = 0.05 for the mean-field section. σ_w² is
 * always a variance times the fan-in (a weight's variance is σ_w²/n_in).
 */
import {
  activationSlopeBounds,
  chi,
  correlationDepthScale,
  criticalWeightVariance,
  DYNAMIC_LOSS_SCALE_DEFAULTS,
  floatFormat,
  gaussianLyapunovExponent,
  initVariance,
  lectureGradientScale,
  overflowDepth,
  reluLayerStretch,
  scaledIdentityOutput,
  underflowDepth,
  type FormatName,
} from '@gradscope/core';

// ----------------------------------------------------------------------------------- 1. the lecture's network

/** The lecture's two factors: W = 1.5·I explodes, W = 0.5·I vanishes. */
export const kUp = 1.5;
export const kDown = 0.5;
/** The lecture's depth. */
export const lectureDepth = 20;
/** ŷ/x = k^L for k = 1.5, L = 20, and ‖δ^[1]‖/‖δ^[L]‖ = k^(L−1), by the engine. */
const lecture = lectureGradientScale(kUp, lectureDepth);
export const lectureOutputUp = lecture.output;
export const lectureDeltaRatioUp = lecture.delta[0];
export const lectureDeltaRatioDown = lectureGradientScale(kDown, lectureDepth).delta[0];

/** The four formats, narrowest range first. */
export const formats: readonly FormatName[] = ['float16', 'bfloat16', 'float32', 'float64'];

/**
 * One row per format: its largest finite number, the first layer at which 1.5^L overflows (by simulation, the
 * layer a network shows, and by the closed form) and the first layer at which 0.5^L is exactly 0 (simulation).
 */
export const depthRows = formats.map((format) => ({
  format,
  max: floatFormat(format).max,
  overflow: overflowDepth(kUp, { dtype: format }),
  overflowClosedForm: overflowDepth(kUp, { dtype: format, method: 'closedForm' }),
  underflow: underflowDepth(kDown, { dtype: format }),
}));
const rowOf = (format: FormatName) => depthRows.find((row) => row.format === format)!;
export const float16Overflow = rowOf('float16').overflow;
export const bfloat16Overflow = rowOf('bfloat16').overflow;
export const bfloat16OverflowClosedForm = rowOf('bfloat16').overflowClosedForm;

// --------------------------------------------------------------------------------------- 3. initialization

/** The sample width and depth of the initialization section. */
export const width = 256;
export const depth = 30;
const fans = { fanIn: width, fanOut: width };

/** Var(W_ij) and σ_w = √Var(W_ij) of each scheme at fan-in = fan-out = 256, and σ_w² = n·Var(W_ij). */
export const schemes = (['lecun', 'xavier', 'he'] as const).map((scheme) => {
  const variance = initVariance(scheme, fans);
  const gain = width * variance;
  return {
    scheme,
    variance,
    std: Math.sqrt(variance),
    gain,
    /** χ₁ = σ_w²·E[g′(z)²] at the fixed point (σ_b = 0): the per-layer factor of ‖δ‖²'s mean, deep inside. */
    tanhFactor: chi({ activation: 'tanh', weightVariance: gain }),
    reluFactor: chi({ activation: 'relu', weightVariance: gain }),
  };
});
const schemeOf = (scheme: string) => schemes.find((row) => row.scheme === scheme)!;
/** ReLU with LeCun/Xavier (σ_w² = 1): ‖δ‖²'s mean halves per layer, over 30 layers. */
export const reluLecunOverDepth = schemeOf('lecun').reluFactor ** depth;
/** tanh with He (σ_w² = 2): ‖δ‖²'s mean grows per layer, over 30 layers. */
export const tanhHeOverDepth = schemeOf('he').tanhFactor ** depth;

/** The typical (geometric-mean) per-layer size factor at width 256: linear Gaussian, σ_w² = 1 (≈ e^(−1/(2n))). */
export const typicalLinearPerLayer = Math.exp(gaussianLyapunovExponent(width));
/** The same for ReLU with He's σ_w² = 2 (≈ e^(−5/(4n))). */
export const typicalReluPerLayer = Math.exp(reluLayerStretch(width).logMean);
/** Over 30 layers. */
export const typicalLinearOverDepth = typicalLinearPerLayer ** depth;
export const typicalReluOverDepth = typicalReluPerLayer ** depth;

// ------------------------------------------------------------------------------------------- 4. mean field

/** The signal-propagation lesson's tanh networks: σ_b² and an ordered and a chaotic σ_w². */
export const biasVariance = 0.05;
export const orderedWeightVariance = 1.5;
export const chaoticWeightVariance = 2.5;
/** The edge of chaos for tanh at σ_b² = 0.05, and at σ_b² = 0. */
export const criticalTanh = criticalWeightVariance({ activation: 'tanh', biasVariance });
export const criticalTanhNoBias = criticalWeightVariance({ activation: 'tanh' });
/** χ₁ and the correlation depth scale ξ_c on each side. */
const tanhAt = (weightVariance: number) => ({ activation: 'tanh', weightVariance, biasVariance }) as const;
export const chiOrdered = chi(tanhAt(orderedWeightVariance));
export const chiChaotic = chi(tanhAt(chaoticWeightVariance));
export const xiOrdered = correlationDepthScale(tanhAt(orderedWeightVariance));
export const xiChaotic = correlationDepthScale(tanhAt(chaoticWeightVariance));
/** Schoenholz et al.'s empirical constant: networks deeper than about 6·ξ_c did not train. */
export const trainableFactor = 6;
export const trainableOrdered = trainableFactor * xiOrdered;
export const trainableChaotic = trainableFactor * xiChaotic;
/** ReLU's critical σ_w² at σ_b = 0 (He's 2). */
export const criticalRelu = criticalWeightVariance({ activation: 'relu' });

// --------------------------------------------------------------------------------------------- 5. slopes

export const slopes = (['sigmoid', 'tanh', 'relu'] as const).map((activation) => ({
  activation,
  ...activationSlopeBounds(activation),
}));
/** Ten sigmoid layers at their steepest: (1/4)^10. */
export const sigmoidLayers = 10;
export const sigmoidBound = slopes[0].max ** sigmoidLayers;

// -------------------------------------------------------------------------------------------- 6. remedies

/** The residual branch scale 1/√B at the residual lesson's B = 25 blocks. */
export const residualBlocks = 25;
export const residualScale = 1 / Math.sqrt(residualBlocks);
/** A GRU's carry path over 50 steps: Π u_t with every gate at 1/2 and at 0.99. */
export const gateSteps = 50;
export const gateOpen = 0.99;
export const gateHalf = 0.5;
export const gateHalfOverSteps = gateHalf ** gateSteps;
export const gateOpenOverSteps = gateOpen ** gateSteps;
/** float16's largest number, smallest normal and smallest subnormal; the dynamic loss scale's first S. */
export const float16Max = floatFormat('float16').max;
export const float16MinNormal = floatFormat('float16').minNormal;
export const float16MinSubnormal = floatFormat('float16').minSubnormal;
export const lossScaleStart = DYNAMIC_LOSS_SCALE_DEFAULTS.initialScale;
/** The same three as powers of two: the page writes 2^e with these e. */
export const lossScaleStartLog2 = Math.log2(lossScaleStart);
export const float16MinNormalLog2 = Math.log2(float16MinNormal);
export const float16MinSubnormalLog2 = Math.log2(float16MinSubnormal);

// ----------------------------------------------------------------------------------------------- exercise

/** For 0.5 < k < 1 the closed form's zero layer is not what a network shows: k = 0.75 in float16. */
export const stuckK = 0.75;
export const stuckClosedForm = underflowDepth(stuckK, { dtype: 'float16', method: 'closedForm' });
export const stuckSimulated = underflowDepth(stuckK, { dtype: 'float16' });
/**
 * Where the simulation stalls: the first layer whose rounded product k·v gives back v (simulated k^L, x = 1), the
 * value there in whole spacings of float16's smallest subnormal, and k times it, which is a tie.
 */
const stuckOutput = (L: number) => scaledIdentityOutput(stuckK, L, 1, { dtype: 'float16' });
export const stuckLayer = (() => {
  for (let L = 1; L < stuckClosedForm; L++) if (stuckOutput(L + 1) === stuckOutput(L)) return L;
  throw new Error(`0.75^L in float16 did not stall before layer ${stuckClosedForm}`);
})();
export const stuckSpacings = stuckOutput(stuckLayer) / float16MinSubnormal;
export const stuckProductSpacings = stuckK * stuckSpacings;
