// Random Gaussian layers with entries of variance 1/n (Xavier's choice for square layers) keep the
// MEAN SQUARE of a signal's length: E‖W_L⋯W_1 v‖² = ‖v‖². What does a TYPICAL product do? The
// closed form (Newman's exact Lyapunov exponent λ₁) beside a Monte Carlo that really multiplies
// random matrices.
import { gaussianLyapunovExponent, gaussianStretch, sampleLogStretches } from '@gradscope/core';
import { histogramChart } from '@gradscope/charts';

const depth = 100;
// [width, samples]: a sample costs n² random draws per layer, so width 256 gets the closed
// form only.
const widths = [
  [2, 2000],
  [8, 500],
  [256, 0],
] as const;

const closed = widths.map(([width]) => gaussianStretch(width, depth));
// ln(‖W_L⋯W_1 v‖/‖v‖), one per sample (null: not sampled).
const logs = widths.map(([width, samples]) =>
  samples > 0 ? sampleLogStretches({ width, depth, samples, seed: 1 }) : null,
);
const mean = (values: Float64Array, f: (v: number) => number) =>
  values.reduce((sum, v) => sum + f(v), 0) / values.length;

// One row per quantity, one column per width.
const row = (quantity: string, value: (i: number) => number | string) =>
  Object.fromEntries([['quantity', quantity], ...widths.map(([width], i) => [`width ${width}`, value(i)])]);
const notSampled = 'not sampled';
display([
  row('typical stretch, closed form e^(Lλ₁)', (i) => closed[i].typical),
  row('typical stretch, Monte Carlo e^(mean ln)', (i) =>
    logs[i] ? Math.exp(mean(logs[i], (v) => v)) : notSampled,
  ),
  row('approximation e^(−L/(2n))', (i) => Math.exp(-depth / (2 * widths[i][0]))),
  row('mean square, closed form', (i) => closed[i].meanSquare),
  row('mean square, Monte Carlo', (i) => (logs[i] ? mean(logs[i], (v) => Math.exp(2 * v)) : notSampled)),
  row('Monte Carlo samples', (i) => widths[i][1]),
]);
console.log('per-layer typical stretch at width 2, e^λ₁ =', Math.exp(gaussianLyapunovExponent(2)));

// Where the samples lie: ln of the stretch over 100 layers of width 2. The root mean square,
// 1, sits at ln 1 = 0.
display(
  histogramChart({
    title: `ln(‖W_${depth}⋯W_1 v‖ / ‖v‖), width 2, ${widths[0][1]} products (Monte Carlo)`,
    xLabel: 'ln of the stretch (0 = unchanged)',
    layers: [{ label: 'width 2', values: logs[0]! }],
    // From well below the typical ln stretch, L·λ₁ ≈ −0.29·L at width 2, to just past 0,
    // the root mean square's.
    domain: [-0.6 * depth, 5],
    panelHeight: 160,
  }),
);
