/**
 * The figures of the lesson "Step size is not gradient size", as chart options computed by @gradscope/core when the
 * page builds. The map's regimes take the colours regimeMapChart gives them (diverging like k = 1.5, frozen like
 * k = 0.5: the book's colours for growing and vanishing), and the training curves of the same regimes reuse them.
 */
import {
  REGIME_STYLES,
  regimeMapChart,
  theoryVsMeasuredChart,
  trainingCurveChart,
  trainingHeatmapChart,
  sharedValueRange,
  formatNumber,
} from '@gradscope/charts';
import {
  adamFirstStep,
  adamFirstStepClosedForm,
  cells,
  depth,
  learningRates,
  minimumSafeRate,
  referenceLoss,
  representatives,
  scales,
  sgdFirstStep,
  sgdFirstStepClosedForm,
  sigmoidDepth,
  startCurve,
  steps,
  width,
} from './numbers.ts';

const rateLabel = 'learning rate η (log scale)';
const scaleLabel = 'k: every W[l] = k·I at the start';

/** The figure that carries the lesson: where 144 runs ended, over η and k, with the two curvature limits. */
export const regimeMap = regimeMapChart({
  xLabel: rateLabel,
  yLabel: scaleLabel,
  cells: cells.map((c) => ({
    x: c.learningRate,
    y: c.k,
    regime: c.regime,
    title: `k = ${c.k}, η = ${formatNumber(c.learningRate, 2)}: ${c.regime}, loss ${formatNumber(c.finalLoss, 3)} at step ${c.run.history.loss.length}`,
  })),
  curves: [
    { label: '2/λmax at the start', points: startCurve.map((p) => ({ x: p.safeRate, y: p.k })) },
    {
      label: '2/λmax near a minimum',
      points: [
        { x: minimumSafeRate, y: scales[0] - 0.05 },
        { x: minimumSafeRate, y: scales.at(-1)! + 0.05 },
      ],
      dashed: true,
    },
  ],
  height: 460,
  ariaLabel: `Where ${cells.length} training runs of a ${depth}-layer linear network of width ${width} ended after ${steps} steps, over ${learningRates.length} learning rates and ${scales.length} initial scales k`,
});

const label = (c: (typeof representatives)[number]) =>
  `${c.regime} (k = ${c.k}, η = ${formatNumber(c.learningRate, 2)})`;

/**
 * The loss of one run of each regime but the diverging one, as a multiple of L_ref, step by step. (The diverging
 * run's loss passes 10²⁰ before it overflows: drawn here, it would flatten the other four; the prose gives its
 * numbers.)
 */
export const regimeLosses = trainingCurveChart({
  yLabel: 'loss ÷ loss of predicting zero (log scale)',
  yScale: 'log',
  xLabel: 'gradient-descent step',
  firstStep: 1,
  series: representatives
    .filter((c) => c.regime !== 'diverges')
    .map((c) => ({
      label: label(c),
      values: Array.from(c.run.history.loss, (v) => v / referenceLoss),
      meaning: REGIME_STYLES[c.regime].meaning,
    })),
  height: 420,
  ariaLabel: 'The loss of four runs of the map, one per regime, over the gradient-descent steps',
});

/** ‖dW^[l]‖ over the steps of the frozen run and of a run that trains, on one colour scale. */
const heatmapRuns = (['freezes', 'trains'] as const).map((regime) =>
  representatives.find((c) => c.regime === regime)!,
);
const valueRange = sharedValueRange(heatmapRuns.map((c) => c.run.history.gradNormsByLayer));
const heatmap = (c: (typeof representatives)[number]) =>
  trainingHeatmapChart({
    matrix: c.run.history.gradNormsByLayer,
    steps: c.run.history.recordedSteps,
    quantity: '‖dW[l]‖',
    valueRange,
    // One column per step: the frozen run's first step and its second are the whole story.
    maxSteps: steps,
    ariaLabel: `Weight-gradient norm of every layer over training: ${label(c)}`,
  });
export const frozenHeatmap = heatmap(heatmapRuns[0]);
export const trainsHeatmap = heatmap(heatmapRuns[1]);
export const frozenLabel = label(heatmapRuns[0]);
export const trainsLabel = label(heatmapRuns[1]);

/** Each layer's first step under SGD and Adam in the 20-layer sigmoid network, closed form under measurement. */
export const adamSteps = (() => {
  const layers = Array.from({ length: sigmoidDepth }, (_, i) => i + 1);
  return theoryVsMeasuredChart({
    xLabel: 'layer l',
    yLabel: 'a weight’s first move ÷ η (root mean square, log scale)',
    unit: 'layer',
    theoryLabel: 'closed form from the gradient',
    measuredLabel: 'one step of the engine’s optimizer',
    series: [
      {
        label: 'Adam',
        theoryX: layers,
        theory: adamFirstStepClosedForm,
        measured: adamFirstStep,
      },
      {
        label: 'SGD',
        theoryX: layers,
        theory: sgdFirstStepClosedForm,
        measured: sgdFirstStep,
        dashed: true,
      },
    ],
    height: 400,
    ariaLabel: `How far the first step moves a weight of each layer, in units of the learning rate, under SGD and Adam, in a ${sigmoidDepth}-layer sigmoid network`,
  });
})();

/** Shown in captions. */
export { depth, width, steps, sigmoidDepth };
