/**
 * The figures of the lesson "The lecture: a deep linear network", as chart options computed by @gradscope/core
 * when the page builds and drawn by `<Figure>` (src/components/Figure.astro) without any JavaScript in the page.
 * A series labelled `k = 1.5` gets k = 1.5's colour, the same as in the examples and every other lesson.
 */
import { depthProfileChart, theoryVsMeasuredChart } from '@gradscope/charts';
import { column, forward, linearNetwork, vectorNorm, type DType } from '@gradscope/core';
import { gradientDepth, input, inputNorm, inputSquaredNorm, measuredGradients } from './numbers.ts';

const x = column([...input]);

/** ‖a^[l]‖ for l = 1 … depth, by the engine's forward pass. */
function activationNorms(k: number, depth: number, dtype: DType = 'float64'): number[] {
  return forward(linearNetwork(depth, k, 2, dtype), x).layers.map((t) => vectorNorm(t.a.data));
}

/** Depth of the activation figure. */
export const activationDepth = 50;

/** Figure: ‖a^[l]‖ against l for k = 0.5, 0.9, 1, 1.1, 1.5. */
export const activationNormsChart = depthProfileChart({
  quantity: '‖a[l]‖ (log scale)',
  series: [1.5, 1.1, 1, 0.9, 0.5].map((k) => ({
    label: `k = ${k}`,
    values: activationNorms(k, activationDepth),
  })),
  ariaLabel: `Activation norm per layer of the lecture's network, ${activationDepth} layers, five values of k`,
});

/** Figure: per-layer ‖dW^[l]‖ and ‖delta^[l]‖ against their closed forms, k = 1.5 and 0.5, L = 20. */
export const gradientNormsChart = (() => {
  const L = gradientDepth;
  const layers = Array.from({ length: L }, (_, i) => i + 1);
  return theoryVsMeasuredChart({
    xLabel: 'layer l',
    yLabel: 'gradient norm (log scale)',
    unit: 'layer',
    theoryLabel: 'closed form',
    measuredLabel: 'engine',
    series: [1.5, 0.5].flatMap((k) => {
      const measured = measuredGradients(k, L);
      return [
        {
          label: `k = ${k}: ‖dW[l]‖`,
          theoryX: layers,
          theory: layers.map(() => Math.abs(k) ** (2 * L - 1) * inputSquaredNorm),
          measured: measured.dW,
        },
        {
          label: `k = ${k}: ‖δ[l]‖`,
          theoryX: layers,
          theory: layers.map((l) => Math.abs(k) ** (2 * L - l) * inputNorm),
          measured: measured.delta,
          // The same k, the same colour: ‖δ‖ is told from ‖dW‖ by its dashes (and its slope).
          dashed: true,
        },
      ];
    }),
    ariaLabel: `Per-layer gradient norms of the lecture's ${L}-layer network for k = 1.5 and k = 0.5, engine against closed form`,
  });
})();

/** Depth of the float32 figure. */
export const float32Depth = 260;

/** Figure: ‖a^[l]‖ of the float32 network for k = 1.5 and 0.5, with the overflowed and underflowed layers marked. */
export const float32Chart = depthProfileChart({
  quantity: '‖a[l]‖ in float32 (log scale)',
  series: [1.5, 0.5].map((k) => ({
    label: `k = ${k}`,
    values: activationNorms(k, float32Depth, 'float32'),
  })),
  reference: inputNorm,
  ariaLabel: `Activation norm per layer of the lecture's network computed in float32, ${float32Depth} layers`,
});
