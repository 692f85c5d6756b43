/**
 * The figures of the lesson "Products, not counts", as chart options computed by @gradscope/core when the page builds
 * and drawn by `<Figure>` without JavaScript. A network whose layers are all k·I is labelled `k = 1.5`; a mix of
 * layers is labelled or given the meaning `{ mix }`, which colours it as the one k it amounts to, the geometric mean
 * of its factors (half 0.5 and half 1.5 like k ≈ 0.87, 63 % at 1.5 grey like k = 1).
 */
import {
  depthPanelsChart,
  formatNumber,
  theoryVsMeasuredChart,
  trainingCurveChart,
  trainingHeatmapChart,
  type Meaning,
} from '@gradscope/charts';

import {
  breakEven,
  depth,
  halfCount,
  heatmapCeiling,
  heatmapFloor,
  high,
  low,
  orderCases,
  productCases,
  runs,
  walkPaths,
  walkProbabilities,
  walks,
} from './numbers.ts';

/** Layers 0 … L. */
const layers = Array.from({ length: depth + 1 }, (_, l) => l);
/** Every other layer: where the products figure draws its dots. */
const dotLayers = layers.filter((l) => l % 2 === 0);

/** A mix with `share` of its layers at 1.5 and the rest at 0.5, as a meaning. */
const mixOf = (share: number): Meaning => ({
  mix: [
    { k: high, share },
    { k: low, share: 1 - share },
  ],
});

/**
 * The figure that carries the lesson: ‖a^[l]‖/‖x‖ through 100 layers for all 1.5, all 0.5, half and half, and 63 %
 * at 1.5. Lines: the geometric mean of each network's factors raised to the power l. Dots: the engine's forward pass.
 */
export const productsChart = theoryVsMeasuredChart({
  xLabel: 'layer l',
  yLabel: '‖a[l]‖ / ‖x‖ (log scale)',
  unit: 'layer',
  firstX: 0,
  theoryLabel: 'the geometric mean of the network’s layer factors, to the power l',
  measuredLabel: 'the engine’s forward pass, every other layer',
  series: productCases.map((c) => ({
    label: c.label,
    theoryX: layers,
    theory: layers.map((l) => c.effective ** l),
    measuredX: dotLayers,
    measured: dotLayers.map((l) => c.signal[l]),
    meaning: c.label.startsWith('k =') ? undefined : mixOf(c.scales.filter((k) => k === high).length / depth),
  })),
  height: 420,
  ariaLabel: `The size of the signal through ${depth} layers: all 1.5, all 0.5, half and half, and 63 per cent at 1.5`,
});

/** The geometric-mean line of the half-and-half mix: (√0.75)^l. */
const halfMean = layers.map((l) => Math.sqrt(low * high) ** l);

/** The same 50 layers of each scale in four orders: one panel each, over the geometric-mean line. */
export const ordersChart = depthPanelsChart({
  quantity: '‖a[l]‖ / ‖x‖ (log scale)',
  firstLayer: 0,
  reference: 1,
  panelHeight: 170,
  key: 'Solid: the network, by the engine’s forward pass. Dashed: (√0.75)^l, the geometric mean of its factors to the power l.',
  panels: orderCases.map((c) => ({
    title: c.title,
    lines: [
      { label: `${halfCount}% at 1.5, ${halfCount}% at 0.5`, values: c.signal },
      { label: 'geometric mean', values: halfMean, meaning: mixOf(0.5), dashed: true },
    ],
  })),
  ariaLabel: `One network of ${halfCount} layers of 0.5·I and ${halfCount} of 1.5·I in four orders`,
});

/** Many networks whose every layer is 1.5·I with probability p, else 0.5·I: a fair coin and the break-even p. */
export const walksChart = depthPanelsChart({
  quantity: '‖a[l]‖ / ‖x‖ (log scale)',
  firstLayer: 0,
  reference: 1,
  columns: 1,
  panelHeight: 200,
  key:
    'Thin lines: random networks, by the engine’s forward pass. Dashed: e^(lμ), the closed form’s typical ' +
    'network. Shaded: e^(lμ ± 2s√l), two standard deviations of ln‖a[l]‖ either side.',
  panels: walkProbabilities.map((p, i) => ({
    title: `each layer 1.5·I with probability ${formatNumber(p, 3)}`,
    paths: { label: `${walkPaths[i].length} random networks`, values: walkPaths[i], meaning: mixOf(p) },
    band: {
      label: 'two standard deviations',
      lower: layers.map((l) => Math.exp(walks[i].logMean[l] - 2 * walks[i].logStd[l])),
      upper: layers.map((l) => Math.exp(walks[i].logMean[l] + 2 * walks[i].logStd[l])),
      meaning: mixOf(p),
    },
    lines: [
      {
        label: 'typical network',
        values: layers.map((l) => Math.exp(walks[i].logMean[l])),
        meaning: mixOf(p),
        dashed: true,
      },
    ],
  })),
  ariaLabel: `Random networks of ${depth} layers whose every layer is 1.5·I or 0.5·I: with probability one half, and with probability ${formatNumber(breakEven, 3)}`,
});

/** The loss of the two training runs. */
export const trainingLossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  xLabel: 'gradient-descent step',
  firstStep: 1,
  series: runs.map((run) => ({ label: run.label, values: run.history.loss })),
  ariaLabel:
    'Training loss of two 40-layer linear networks: an even mix of 0.5·I and 1.5·I, and the break-even mix',
});

/**
 * Both heatmaps on one colour scale, from two powers of ten below the half-and-half run's smallest gradient to the
 * largest of either run: the break-even run's gradients, at rounding level once it has fitted, take the darkest
 * colour instead of stretching the scale over fifteen powers of ten.
 */
const valueRange = [heatmapFloor, heatmapCeiling] as const;
const heatmap = (run: (typeof runs)[number]) =>
  trainingHeatmapChart({
    matrix: run.history.gradNormsByLayer,
    steps: run.history.recordedSteps,
    quantity: '‖dW[l]‖',
    valueRange,
    ariaLabel: `Weight-gradient norm of every layer over training: ${run.label}`,
  });
export const evenHeatmap = heatmap(runs[0]);
export const breakEvenHeatmap = heatmap(runs[1]);
