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
  { x: float16MinSubnormalLog2, label: 'float16: smallest subnormal', dy: 36 },
  { x: float16MinNormalLog2, label: 'smallest normal', dy: 18 },
  { x: float16MaxLog2, label: 'largest', dy: 4 },
];

const base = histogramChart({
  layers: [
    { label: unscaledLabel, values: log2Unscaled },
    // Multiplying by 2^k adds k to log2 |g|, exactly (no value leaves float32's range here).
    { label: scaledLabel, values: log2Unscaled.map((v) => v + histogramScaleLog2) },
  ],
  xLabel: 'log₂ |g| (every entry of every dW[l] and delta[l], first step)',
  bins: 48,
  // Wide enough for float16's largest value, log2 65504 ≈ 16, to be drawn inside the frame.
  domain: [Math.floor(Math.min(...log2Unscaled)) - 1, Math.ceil(float16MaxLog2) + 2],
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
    // The labels in the lower panel only, where the left of the axis is empty; each to the left of its line.
    ...limits.map((limit) =>
      Plot.text([limit], {
        x: 'x',
        fy: () => scaledLabel,
        frameAnchor: 'top',
        text: 'label',
        fill: float16Colour,
        textAnchor: 'end',
        dx: -4,
        dy: limit.dy,
        fontSize: 11,
      }),
    ),
  ],
};
