/**
 * Every number the lesson "The lecture: a deep linear network" states, computed by @gradscope/core when the page
 * builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/deep-linear-network.test.ts
 * checks each one against its closed form and against the lesson's examples.
 *
 * Notation: L layers, W^[l] = k·I (2×2), g(z) = z, b = 0, input x = (1, 1)ᵀ, loss ½‖ŷ‖² (the engine's 'mse'
 * with target 0 and one example).
 */
import {
  FLOAT32_MAX,
  column,
  effectiveScale,
  firstNonFinite,
  forward,
  get,
  identity,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  matrixPower,
  mlp,
  overflowDepth,
  productOfScales,
  scaledIdentityInit,
  underflowDepth,
  vectorNorm,
  zeros,
  type DType,
  type LayerOverride,
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

/** ‖dW^[l]‖ for k = 1.5 and L = 20, by the engine (the same for every layer). */
export const gradientUp = measuredGradients(1.5, gradientDepth).dW[0];
/** ‖dW^[l]‖ for k = 0.5 and L = 20, by the engine. */
export const gradientDown = measuredGradients(0.5, gradientDepth).dW[0];

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

/** A common learning rate, and the size of one gradient-descent step α·‖dW^[l]‖ it would take at L = 20. */
export const learningRate = 0.01;
export const stepUp = learningRate * gradientUp;
export const stepDown = learningRate * gradientDown;

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
/** The same layer from the closed form (repeated rounded multiplication). */
export const overflowLayer32Theory = overflowDepth(1.5, { dtype: 'float32' });

const vanishingTrace = forward(linearNetwork(260, 0.5, 2, 'float32'), x);
/** The first layer of the float32 k = 0.5 network whose activation is exactly 0, by the engine. */
export const underflowLayer32 = vanishingTrace.layers.findIndex((t) => t.a.data.every((v) => v === 0)) + 1;
/** The last layer whose activation is still a normal float32 (≥ 2^−126). */
export const lastNormalLayer32 =
  vanishingTrace.layers.findLastIndex((t) => t.a.data[0] >= float32MinNormal) + 1;
/** The same zero layer from the closed form. */
export const underflowLayer32Theory = underflowDepth(0.5, { dtype: 'float32' });

/**
 * The smallest depth L at which the float32 k = 1.5 network's backward pass of ½‖ŷ‖² produces a non-finite
 * gradient, by the engine (searched upwards from the depth where 1.5^(2L−1) first could overflow, minus a margin).
 */
export const gradientOverflowDepth32 = (() => {
  for (let L = 90; L <= 130; L++) if (measuredGradients(1.5, L, 'float32').nonFinite) return L;
  return NaN;
})();
/** The same from the closed form: the first L with 2L − 1 ≥ the forward overflow layer. */
export const gradientOverflowDepth32Theory = Math.ceil((overflowLayer32Theory + 1) / 2);

/** Overflow and underflow layers in float64 (closed form). */
export const overflowLayer64 = overflowDepth(1.5);
export const underflowLayer64 = underflowDepth(0.5);

// ---------------------------------------------------------------------------------------- why k·I

/** (1.5·I)^20 computed as a matrix power: its diagonal entry and its off-diagonal entry. */
const power = matrixPower(identity(2, 1.5), lectureDepth);
export const powerDiagonal = get(power, 0, 0);
export const powerOffDiagonal = get(power, 0, 1);

// -------------------------------------------------------------------------------- what it does not say

/** 50 layers of 0.5·I and 50 of 1.5·I: the product of the scales, and the per-layer scale it amounts to. */
export const mixedLayers = 50;
export const mixedProduct = productOfScales([
  ...new Array<number>(mixedLayers).fill(0.5),
  ...new Array<number>(mixedLayers).fill(1.5),
]);
export const mixedEffectiveScale = effectiveScale([0.5, 1.5]);
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
