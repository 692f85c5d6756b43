/**
 * The figure of the lesson "The book at a glance": the first layer at which the lecture's activation k^L
 * (W = k·I, x0 = 1) overflows, against k, in each number format, by simulation (one rounding per layer, the layer
 * a network shows). Both axes logarithmic: the depth is about ln(max)/ln k, so each format is a line of slope −1
 * in ln k, and the formats are shifted copies of each other by the logarithm of their largest number.
 */
import { curveChart } from '@gradscope/charts';
import { overflowDepth } from '@gradscope/core';

import { formats, kUp } from './numbers.ts';

/** k from 1.05 to 4, evenly spaced in ln k. */
export const figureFactors = Array.from({ length: 41 }, (_, i) => 1.05 * (4 / 1.05) ** (i / 40));

export const overflowChart = curveChart({
  series: formats.map((format) => ({
    label: format,
    x: figureFactors,
    values: figureFactors.map((k) => overflowDepth(k, { dtype: format })),
  })),
  xLabel: 'k (every layer is k·I)',
  yLabel: 'first layer whose output is ∞',
  xScale: 'log',
  yScale: 'log',
  referenceX: [{ value: kUp, label: `k = ${kUp}` }],
  ariaLabel: 'Overflow depth of k·I against k in four number formats',
  ariaDescription:
    'Log–log lines, one per format, each falling as k grows: float64 overflows deepest, float32 and bfloat16 ' +
    'nearly together well below it, float16 shallowest. The depth is about ln(max)/ln k.',
});
