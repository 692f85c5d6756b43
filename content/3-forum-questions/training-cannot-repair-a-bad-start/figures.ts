/**
 * The figures of the lesson "Why training cannot repair a bad start", as chart options computed by @gradscope/core
 * when the page builds. Series are labelled by the per-layer factor k of their weights (`k = 0.5`, `k = 1 (He)`,
 * `k = 1.5`), which gives each the colour that k has in every lesson of the book.
 */
import { formatNumber, sharedValueRange, trainingCurveChart, trainingHeatmapChart } from '@gradscope/charts';
import {
  depth,
  heRun,
  largeScale,
  learningRate,
  moderateScale,
  recoveryRuns,
  smallRun,
  smallScale,
  steps,
  tinyLearningRate,
  tinyRun,
  width,
} from './numbers.ts';

export const smallLabel = `k = ${smallScale} (He × ${smallScale})`;
export const heLabel = 'k = 1 (He)';

/** The loss of the bad start and of the He network, step by step (the loss at step t is measured before its update). */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  firstStep: 1,
  series: [
    { label: smallLabel, values: smallRun.history.loss },
    { label: heLabel, values: heRun.history.loss },
  ],
  ariaLabel: `Training loss of two ReLU networks of ${depth} layers of ${width} units, one started from half He's weights`,
});

/** ‖dW^[l]‖ of every layer at every step of both runs, on one colour scale (the range of the two runs together). */
const valueRange = sharedValueRange([smallRun, heRun].map((run) => run.history.gradNormsByLayer));
const heatmap = (run: typeof smallRun, label: string) =>
  trainingHeatmapChart({
    matrix: run.history.gradNormsByLayer,
    steps: run.history.recordedSteps,
    quantity: '‖dW[l]‖',
    valueRange,
    ariaLabel: `Weight-gradient norm of every layer over ${steps} steps of training: ${label}`,
  });
export const smallHeatmap = heatmap(smallRun, smallLabel);
export const heHeatmap = heatmap(heRun, heLabel);

/**
 * The global gradient norm ‖g‖ (every parameter's gradient together) at each step of the k = 1.5 network trained
 * with a step small enough to survive, beside the He network's: it falls by orders of magnitude as the weights
 * move, so a step that was barely safe at first soon moves nothing.
 */
export const largeGradientChart = trainingCurveChart({
  yLabel: 'gradient norm ‖g‖ (log scale)',
  yScale: 'log',
  firstStep: 1,
  series: [
    { label: `k = ${largeScale}, η = ${formatNumber(tinyLearningRate)}`, values: tinyRun.history.gradNorm },
    { label: `k = 1 (He), η = ${learningRate}`, values: heRun.history.gradNorm },
  ],
  ariaLabel: `Gradient norm over training of the network started from ${largeScale} times He's weights with learning rate ${tinyLearningRate}, and of the He network`,
});

/** The loss of the moderately bad start (k = 0.8) over five seeds: the plateau ends at a different step, or not at all. */
export const recoveryChart = trainingCurveChart({
  // Less than one decade: a linear axis labels it better than a logarithmic one.
  yLabel: 'loss (mean squared error)',
  yScale: 'linear',
  firstStep: 1,
  labels: 'legend',
  series: recoveryRuns.map(({ seed, run }) => ({ label: `seed ${seed}`, values: run.history.loss })),
  ariaLabel: `Training loss of a ReLU network started from ${moderateScale} times He's weights, with five different draws of the weights`,
});

/** Shown in captions. */
export { depth, learningRate, moderateScale, steps, width };
