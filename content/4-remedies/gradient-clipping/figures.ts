/**
 * The figures of the lesson "Capping the gradient: what clipping can and cannot do", as chart options computed by
 * @gradscope/core when the page builds. Series are labelled by the factor k of their weights over He's (`k = 1.2`,
 * `k = 0.5`), which gives each the colour that k has in every lesson of the book.
 */
import { trainingCurveChart } from '@gradscope/charts';
import {
  clipNorm,
  depth,
  largeClippedRun,
  largeScale,
  smallClippedRun,
  smallRun,
  smallScale,
  steps,
  width,
} from './numbers.ts';

export { clipNorm, depth, largeScale, learningRate, smallScale, steps, width } from './numbers.ts';

/**
 * ‖g‖ before clipping at every step of the two clipped runs, with the threshold c drawn across: clipping acts on
 * the steps above the line and on no other. The exploding start is above it for its first steps and once more
 * later; the vanishing start never comes near it.
 */
export const gradNormChart = trainingCurveChart({
  yLabel: 'gradient norm ‖g‖ before clipping (log scale)',
  yScale: 'log',
  firstStep: 1,
  series: [
    { label: `k = ${largeScale}, clipped`, values: largeClippedRun.history.gradNorm },
    { label: `k = ${smallScale}, clipped`, values: smallClippedRun.history.gradNorm },
    { label: `threshold c = ${clipNorm}`, values: new Float64Array(steps).fill(clipNorm), dashed: true },
  ],
  ariaLabel: `Gradient norm at each step of two ${depth}-layer ReLU networks of width ${width} trained with norm clipping at ${clipNorm}`,
});

/** The loss of the same runs, with the vanishing start's unclipped run drawn over its clipped one. */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  firstStep: 1,
  series: [
    { label: `k = ${largeScale}, clipped`, values: largeClippedRun.history.loss },
    { label: `k = ${smallScale}, clipped`, values: smallClippedRun.history.loss },
    { label: `k = ${smallScale}, not clipped`, values: smallRun.history.loss, dashed: true },
  ],
  // The two k = 0.5 lines end at the same loss: their direct labels would overprint.
  labels: 'legend',
  ariaLabel: `Training loss of ${depth}-layer ReLU networks started from ${largeScale} and ${smallScale} times He's weights, with and without norm clipping`,
});
