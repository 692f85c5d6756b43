/**
 * The figure of the lesson "Mixed precision: gradients below float16's floor", as chart options computed by
 * @gradscope/core when the page builds. The bars are float32 gradients (float32's colour); the vertical lines are
 * float16's limits, in float16's colour.
 */
import * as Plot from '@observablehq/plot';
import { colorFor, histogramChart } from '@gradscope/charts';
import {
  depth,
  firstGradients,
  float16MaxLog2,
  float16MinNormalLog2,
  float16MinSubnormalLog2,
  histogramScaleLog2,
  width,
} from './numbers.ts';

export { depth, histogramScaleLog2, width } from './numbers.ts';

const magnitudes = firstGradients.flat().filter((g) => g !== 0);
const log2Unscaled = magnitudes.map((g) => Math.log2(Math.abs(g)));

const unscaledLabel = 'gradients as computed';
const scaledLabel = `× S = 2^${histogramScaleLog2}`;
const limits = [
  { x: float16MinSubnormalLog2, label: 'smallest float16 subnormal' },
  { x: float16MinNormalLog2, label: 'smallest float16 normal' },
  { x: float16MaxLog2, label: 'largest float16' },
];

const base = histogramChart({
  layers: [
    { label: unscaledLabel, values: log2Unscaled },
    // Multiplying by 2^k adds k to log2 |g|, exactly (no value leaves float32's range here).
    { label: scaledLabel, values: log2Unscaled.map((v) => v + histogramScaleLog2) },
  ],
  xLabel: 'log₂ |g| (every entry of every dW[l] and delta[l], first step)',
  bins: 48,
  meaning: { format: 'float32' },
  panelHeight: 110,
  ariaLabel: `Histograms of log2 of the first step's gradients of a ${depth}-layer sigmoid network of width ${width}, before and after multiplying by 2^${histogramScaleLog2}, with float16's limits`,
  ariaDescription: `Float16 rounds to zero every value left of log2 = ${float16MinSubnormalLog2 - 1} and stores values between ${float16MinSubnormalLog2} and ${float16MinNormalLog2} as subnormals with fewer significant bits. The unscaled gradients spread far to the left of that floor; multiplied by 2^${histogramScaleLog2} they sit between the floor and float16's largest value.`,
});

const float16Colour = colorFor({ format: 'float16' });

/** The histograms with float16's three limits drawn across both panels. */
export const gradientHistogramChart: Plot.PlotOptions = {
  ...base,
  marks: [
    ...(base.marks ?? []),
    Plot.ruleX(limits, { x: 'x', stroke: float16Colour, strokeWidth: 1.5, strokeDasharray: '4,3' }),
    Plot.text(limits, {
      x: 'x',
      frameAnchor: 'top',
      text: 'label',
      fill: float16Colour,
      textAnchor: 'end',
      rotate: -90,
      dx: -4,
      dy: 4,
      fontSize: 10,
    }),
  ],
};
