/**
 * The figures of the lesson "The lecture: a deep linear network", as chart options computed by @gradscope/core
 * when the page builds and drawn by `<Figure>` (src/components/Figure.astro) without any JavaScript in the page.
 * A series labelled `k = 1.5` gets k = 1.5's colour, the same as in the examples and every other lesson.
 */
import { depthProfileChart, theoryVsMeasuredChart, withRegions } from '@gradscope/charts';
import { column, forward, linearNetwork, vectorNorm, type DType } from '@gradscope/core';
import {
  divergeFrom,
  gradientDepth,
  input,
  inputNorm,
  inputSquaredNorm,
  measuredGradients,
  recursionLossAtStep,
  sweepDots,
  sweepLine,
  sweepMeasured,
  trainingDepth,
  trainingK,
  trainingSteps,
  vanishFrom,
  vanishTo,
} from './numbers.ts';

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

/**
 * Figure: the loss at step 100 of gradient descent against the learning rate η, for the 20-layer network of
 * 1.5·I trained on y = x. Dots: the engine's `fit` of the whole network; line: the one-number recursion
 * c ← c − ½η·c^(L−1)(c^L − 1) that the network follows while it stays c·I. Shaded: the regimes, with edges the
 * engine found (numbers.ts).
 */
export const learningRateChart = withRegions(
  theoryVsMeasuredChart({
    xLabel: 'learning rate η',
    yLabel: `loss at step ${trainingSteps} (log scale)`,
    unit: 'η',
    theoryLabel: 'the one-number recursion',
    measuredLabel: `the engine's ${trainingDepth}-layer network, trained`,
    series: [
      {
        label: `k = ${trainingK}`,
        theoryX: sweepLine,
        theory: sweepLine.map((eta) => recursionLossAtStep(eta)),
        measuredX: sweepDots,
        measured: sweepMeasured,
      },
    ],
    ariaLabel: `Loss at step ${trainingSteps} against the learning rate, ${trainingDepth} layers of ${trainingK}·I trained on y = x`,
  }),
  {
    unit: 'η',
    regions: [
      { from: sweepLine[0], to: vanishFrom, label: 'crawls' },
      { from: vanishFrom, to: vanishTo, label: 'vanishes, then freezes' },
      { from: vanishTo, to: divergeFrom, label: 'mirror' },
      { from: divergeFrom, to: sweepLine.at(-1)!, label: 'diverges' },
    ],
  },
);
