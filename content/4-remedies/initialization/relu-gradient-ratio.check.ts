// reluGradientRatio against the engine's mean-field prediction of ‖δ^[l]‖² / ‖δ^[L]‖² for ReLU networks,
// backwardGradientGrowth (a product of χ = σ_w²·E[g′(z)²] computed by Gaussian quadrature), square-rooted:
// Xavier's σ_w² = 1 and He's 2 over the lesson's 39 layers, an exploding σ_w² = 3, and the last layer itself.
import { backwardGradientGrowth } from '@gradscope/core';

const ratioCase = (weightVariance: number, layersBetween: number) => ({
  args: [weightVariance, layersBetween],
  expected: Math.sqrt(
    backwardGradientGrowth({
      activation: 'relu',
      weightVariance,
      inputVariance: 1,
      depth: layersBetween + 1,
    })[0],
  ),
  label: `σ_w² = ${weightVariance}, L − l = ${layersBetween}`,
});

export default {
  function: 'reluGradientRatio',
  cases: [ratioCase(1, 39), ratioCase(2, 39), ratioCase(3, 10), ratioCase(1.5, 20), ratioCase(2, 0)],
  // The engine's E[g′(z)²] = 1/2 comes from a quadrature of the step function: a few ulps per layer.
  tolerance: 1e-9,
} satisfies ExerciseCheck;
