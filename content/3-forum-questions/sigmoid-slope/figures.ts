/**
 * The figures of the lesson "A quarter per layer: the sigmoid's slope", as chart options computed by
 * @gradscope/core when the page builds. Series are labelled by what they show (`sigmoid`, `tanh`, `ReLU`), which
 * gives each its activation's colour, the same as in every other lesson.
 */
import { sigmoidGainInterval, sigmoidMaxSlope } from '@gradscope/core';
import {
  CHART_COLORS,
  curveChart,
  depthProfileChart,
  formatNumber,
  sharedValueRange,
  trainingHeatmapChart,
} from '@gradscope/charts';
import {
  deepCases,
  deepDepth,
  deepProfiles,
  deepWidth,
  runs,
  saturationEdge,
  saturationFraction,
  sigmoidBound,
  sigmoidSlope,
  trainDepth,
  trainingCases,
  trainSteps,
  trainWidth,
  widestWeight,
  widestWidth,
  windowWidth,
} from './numbers.ts';

/** Evenly spaced points from `from` to `to`, `count` of them. */
const grid = (from: number, to: number, count: number) =>
  Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));

/** The sigmoid's slope on a log axis: 1/4 at 0, tails that are straight lines beside e^(−|z|), saturation shaded. */
export const slopeChart = (() => {
  const z = grid(-12, 12, 241);
  return curveChart({
    xLabel: 'z',
    yLabel: 'slope (log scale)',
    yScale: 'log',
    series: [
      { label: 'sigmoid', x: z, values: z.map(sigmoidSlope) },
      // Grey, not a palette colour: over the tails it lies on the sigmoid's own line.
      {
        label: 'e^(−|z|)',
        x: z,
        values: z.map((t) => Math.exp(-Math.abs(t))),
        dashed: true,
        color: CHART_COLORS.gray,
      },
    ],
    highlights: [{ x: 0, y: sigmoidMaxSlope, label: 'σ′(0) = ¼', series: 'sigmoid' }],
    referenceY: [{ value: saturationFraction * sigmoidMaxSlope, label: '1% of ¼' }],
    bands: [
      { from: -12, to: -saturationEdge, label: 'saturated', series: 'sigmoid' },
      { from: saturationEdge, to: 12, label: 'saturated', series: 'sigmoid' },
    ],
    labels: 'legend', // both curves end at the same point
    ariaLabel: 'The sigmoid’s slope against z on a logarithmic axis, beside e to the minus |z|',
  });
})();

/** The weights of the gain figure: below the threshold, at it, at the widest window, and far beyond. */
export const gainWeights = [1, 4, widestWeight, 20] as const;
const gainLabel = (w: number) => `w = ${formatNumber(w, 3)}`;

/** |w·σ'(w·a)| against the input a for a few weights, the threshold 1 dashed, each window where it is ≥ 1 shaded. */
export const gainChart = (() => {
  const a = grid(-1, 1, 401);
  return curveChart({
    xLabel: 'input a',
    yLabel: 'layer gain |w·σ′(w·a)|',
    series: gainWeights.map((w) => ({
      label: gainLabel(w),
      x: a,
      values: a.map((t) => Math.abs(w * sigmoidSlope(w * t))),
    })),
    referenceY: [{ value: 1, label: 'gain 1' }],
    bands: gainWeights.flatMap((w) => {
      const window = sigmoidGainInterval(w);
      return window && window.width > 0
        ? [{ from: window.from, to: window.to, label: `${gainLabel(w)}: gain ≥ 1`, series: gainLabel(w) }]
        : [];
    }),
    height: 380,
    labels: 'legend', // every curve ends near 0, where direct labels would collide
    ariaLabel: 'How much one sigmoid layer multiplies a gradient by, against its input, for four weights',
  });
})();

/** The figure that carries the lesson: the width of the window where |w·σ'(w·a + b)| ≥ 1, against |w|. */
export const windowChart = (() => {
  const w = grid(0, 40, 2001);
  return curveChart({
    xLabel: 'weight |w|',
    yLabel: 'width of the inputs a with gain ≥ 1',
    series: [{ label: 'sigmoid', x: w, values: w.map(windowWidth) }],
    referenceX: [{ value: 4, label: '|w| = 4' }],
    highlights: [
      {
        x: widestWeight,
        y: widestWidth,
        label: `widest: ${formatNumber(widestWidth, 3)} at |w| = ${formatNumber(widestWeight, 3)}`,
        series: 'sigmoid',
      },
    ],
    yDomain: [0, 0.55], // room above the maximum for its label
    ariaLabel:
      'The width of the window of inputs on which one sigmoid layer passes a gradient undiminished, against its weight',
  });
})();

/**
 * ‖delta^[l]‖ / ‖delta^[L]‖ against the layers travelled back, L − l, for the three deep networks, with the bound
 * Π ‖W‖₂/4 of the sigmoid network dashed in its colour: no sigmoid network with these weights can lie above it.
 */
export const deepChart = depthProfileChart({
  quantity: '‖δ[l]‖ / ‖δ[L]‖ (log scale)',
  xLabel: 'layers back from the output, L − l',
  firstLayer: 0,
  series: [
    ...deepCases.map((c) => ({ label: c.label, values: [...deepProfiles[c.label].ratio].reverse() })),
    {
      label: 'bound Π ‖W‖₂ / 4',
      meaning: { activation: 'sigmoid' },
      values: [...sigmoidBound].reverse(),
      dashed: true,
    },
  ],
  reference: 1,
  height: 420,
  ariaLabel: `The gradient of each layer relative to the last layer's, in three networks of ${deepDepth} layers of ${deepWidth} units`,
});

/**
 * The loss of the three training runs, step by step, with a legend: the two sigmoid runs end on the same loss, where
 * labels at the ends of the lines would overlap. The larger learning rate is dashed.
 */
export const lossChart = (() => {
  const steps = Array.from({ length: trainSteps }, (_, i) => i + 1);
  return curveChart({
    xLabel: 'gradient-descent step',
    yLabel: 'loss (mean squared error, log scale)',
    yScale: 'log',
    series: trainingCases.map((c, i) => ({
      label: c.label,
      x: steps,
      values: runs[c.label].loss,
      dashed: i === 2,
    })),
    labels: 'legend',
    ariaLabel: `Training loss of three networks of ${trainDepth} layers of ${trainWidth} units`,
  });
})();

/** ‖dW^[l]‖ over the steps of a run, on the colour scale of the two runs together. */
const heatmapRuns = [trainingCases[1].label, trainingCases[0].label];
const valueRange = sharedValueRange(heatmapRuns.map((label) => runs[label].gradNormsByLayer));
const heatmap = (label: string) =>
  trainingHeatmapChart({
    matrix: runs[label].gradNormsByLayer,
    steps: runs[label].recordedSteps,
    quantity: '‖dW[l]‖',
    valueRange,
    ariaLabel: `Weight-gradient norm of every layer over training: ${label}`,
  });
export const sigmoidHeatmap = heatmap(trainingCases[1].label);
export const tanhHeatmap = heatmap(trainingCases[0].label);

/** Shown in captions. */
export { deepDepth, deepWidth, trainDepth, trainWidth };
