/**
 * The figures of the lesson "Slopes of 0 and 1, gradients of any size: ReLU", as chart options computed from
 * numbers.ts when the page builds. Series are labelled by initializer ('Xavier normal', 'He normal'), so they take
 * the book's colours for them.
 */
import {
  depthProfileChart,
  histogramChart,
  monteCarloChart,
  trainingCurveChart,
  trainingHeatmapChart,
} from '@gradscope/charts';
import {
  deadAfterGood,
  deadAfterLarge,
  deadAtInit,
  figureBatch,
  figureDepth,
  figureMeasurements,
  figureSeeds,
  figureWidth,
  goodRate,
  largeRate,
  runs,
  spreads,
  trainDepth,
  trainingCases,
  trainSteps,
  trainWidth,
} from './numbers.ts';

const layersBelowTop = Array.from({ length: figureDepth - 1 }, (_, l) => l + 1);

/**
 * Figure: ‖δ^[l]‖²/‖δ^[L]‖², the mean over networks with ± 2 standard errors, against the mean-field line
 * (σ_w²/2)^(L−l), for three initializers. Layer L is left out: its ratio is 1 by definition.
 */
export const gradientChart = monteCarloChart({
  xLabel: 'layer l',
  yLabel: '‖δ[l]‖² / ‖δ[L]‖² (log scale)',
  yScale: 'log',
  unit: 'layer',
  theoryLabel: 'mean field, (σ_w²/2)^(L−l)',
  estimateLabel: `mean over ${figureSeeds} networks`,
  labels: 'legend', // the three lines meet at layer L
  reference: 1,
  height: 440,
  theory: figureMeasurements.map((m) => ({
    label: m.label,
    x: [...layersBelowTop, figureDepth],
    values: m.theory,
  })),
  estimates: figureMeasurements.map((m) => ({
    label: m.label,
    x: layersBelowTop,
    estimate: m.backward.estimate.slice(0, figureDepth - 1),
    standardError: m.backward.standardError.slice(0, figureDepth - 1),
  })),
  ariaLabel: `The mean square of the gradient at each layer of ${figureDepth}-layer ReLU networks of width ${figureWidth}, relative to the last layer's, for Xavier, He and 1.5 times He initialization`,
});

/** Figure: the share of dead units per hidden layer at initialization and after training at two learning rates. */
export const deadUnitsChart = depthProfileChart({
  quantity: 'share of units dead on all inputs',
  yScale: 'linear',
  labels: 'legend',
  series: [
    { label: 'at initialization', values: deadAtInit },
    { label: `after ${trainSteps} steps, η = ${goodRate}`, values: deadAfterGood },
    { label: `after ${trainSteps} steps, η = ${largeRate}`, values: deadAfterLarge },
  ],
  ariaLabel: `The share of dead units in each hidden layer of a ${trainDepth}-layer ReLU network, before and after training`,
});

/** Figure: log₁₀(‖δ^[1]‖/‖δ^[L]‖) over He-initialized networks, one panel per (L, n). */
export const spreadChart = histogramChart({
  xLabel: 'log₁₀(‖δ[1]‖ / ‖δ[L]‖), one network each',
  meaning: { initializer: 'he' },
  bins: 30,
  domain: [-4, 1],
  layers: spreads.map((s) => ({ label: `L = ${s.depth}, n = ${s.width}`, values: s.logs })),
  ariaLabel:
    'Histograms of the first layer’s gradient relative to the last layer’s, over many He-initialized ReLU networks, for three combinations of depth and width',
});

/**
 * Figure: the loss of the Xavier and He runs. The 2 × He run's losses (up to 10²³⁰ before it stops) would flatten
 * both curves to a line, so the prose states them instead.
 */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  xLabel: 'gradient-descent step',
  series: trainingCases.slice(0, 2).map((c) => ({ label: c.label, values: runs[c.label].loss })),
  ariaLabel: `Training loss of ${trainDepth}-layer ReLU networks started from Xavier and He initialization`,
});

/**
 * ‖dW^[l]‖ over the steps of each run on one colour scale: from the smallest value of the three runs to the
 * largest of the Xavier and He runs and of 2 × He's first step; 2 × He's later steps lie beyond it.
 */
const finite = (label: string, steps = Infinity) => {
  const history = runs[label];
  const K = history.recordedSteps.length;
  return Array.from(history.gradNormsByLayer.data).filter((v, i) => i % K < steps && v > 0 && v < Infinity);
};
const [xavierLabel, heLabel, doubleLabel] = trainingCases.map((c) => c.label);
export const heatmapRange = [
  Math.min(...finite(xavierLabel), ...finite(heLabel), ...finite(doubleLabel)),
  Math.max(...finite(xavierLabel), ...finite(heLabel), ...finite(doubleLabel, 1)),
] as const;
const heatmap = (label: string) =>
  trainingHeatmapChart({
    matrix: runs[label].gradNormsByLayer,
    steps: runs[label].recordedSteps,
    quantity: '‖dW[l]‖',
    valueRange: heatmapRange,
    // The same width for the three: the 2 × He run's few columns would otherwise be drawn narrow and scaled up.
    width: 640,
    // 30 columns of 10 steps each: enough to see the trend, and half the page weight of the default 60.
    maxSteps: 30,
    ariaLabel: `Weight-gradient norm of every layer over training: ${label}`,
  });
export const xavierHeatmap = heatmap(xavierLabel);
export const heHeatmap = heatmap(heLabel);
export const doubleHeatmap = heatmap(doubleLabel);

/** Shown in captions. */
export { figureBatch, figureDepth, figureSeeds, figureWidth, trainDepth, trainWidth };
