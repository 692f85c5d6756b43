/**
 * The figures of the lesson "Diagnosing a network: reading its gradients layer by layer", computed by
 * @gradscope/core when the page builds. Series are labelled by what sets their colour in every figure of the
 * book: the activation (`sigmoid`) and the factor k over He's weights (`k = 1.5`; He's own scale is `k = 1`).
 */
import * as Plot from '@observablehq/plot';
import { depthProfileChart, trainingCurveChart } from '@gradscope/charts';
import {
  clippedRun,
  clipNorm,
  depth,
  diagnoses,
  gallery,
  heRun,
  largeScale,
  threshold,
  width,
} from './numbers.ts';

export {
  depth,
  width,
  largeScale,
  clipNorm,
  learningRate,
  steps,
  explodingStopStep,
  threshold,
} from './numbers.ts';

/** ‖delta^[l]‖ / ‖delta^[L]‖ of the three networks at initialization: a straight line on a log axis is a factor per layer. */
const profiles = depthProfileChart({
  quantity: 'gradient ratio ‖δ[l]‖ / ‖δ[L]‖ (log scale)',
  series: gallery.map((entry, i) => ({ label: entry.label, values: diagnoses[i].ratio })),
  reference: 1,
  // Every ratio is 1 at layer L by definition, so direct labels there would overprint.
  labels: 'legend',
  ariaLabel: `Gradient ratio by layer of ${gallery.length} ${depth}-layer networks of width ${width}: sigmoid with Xavier weights, ReLU with ${largeScale} times He's weights, ReLU with He's weights; dotted lines at the rule's thresholds ${threshold} and 1/${threshold}`,
});

/** The rule's two thresholds, drawn across and labelled at the left, where the rule reads the profile (layer 1). */
const ruleLines = [
  { y: threshold, label: `rule: exploding if layer 1 is above ${threshold}`, dy: -7 },
  { y: 1 / threshold, label: `rule: vanishing if layer 1 is below 1/${threshold}`, dy: 9 },
];
export const ratioChart: Plot.PlotOptions = {
  ...profiles,
  marks: [
    ...(profiles.marks ?? []),
    Plot.ruleY(ruleLines, { y: 'y', stroke: 'currentColor', strokeOpacity: 0.6, strokeDasharray: '1 3' }),
    ...ruleLines.map((line) =>
      Plot.text([line], {
        x: 1,
        y: 'y',
        text: 'label',
        dy: line.dy,
        textAnchor: 'start',
        fontSize: 11,
        fill: 'currentColor',
      }),
    ),
  ],
};

/**
 * The loss of the exploding network clipped, and re-initialized at He's scale. The run without a remedy is left out:
 * its second loss is so large (near 1e169) that a log axis reaching it would flatten the other two lines.
 */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  firstStep: 1,
  series: [
    { label: `k = ${largeScale}: clipped at ${clipNorm}`, values: clippedRun.run.history.loss, dashed: true },
    { label: 'k = 1: re-initialized at He', values: heRun.run.history.loss },
  ],
  labels: 'legend',
  ariaLabel: `Training loss of a ${depth}-layer ReLU network started from ${largeScale} times He's weights, with norm clipping at ${clipNorm}, and re-initialized at He's scale`,
});
