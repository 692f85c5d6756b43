/**
 * The figures of the lesson "From activations to gradients", as chart options computed by @gradscope/core when the
 * page builds and drawn by `<Figure>` without any JavaScript in the page. Series are labelled by what they show
 * (`tanh, Xavier`, `sigmoid, Xavier`, `linear, 1.5·I`), which gives each its activation's colour, the same as in
 * every other lesson; the two linear networks are the identity activation's grey.
 */
import {
  depthProfileChart,
  sharedValueRange,
  trainingCurveChart,
  trainingHeatmapChart,
} from '@gradscope/charts';
import {
  figureBatch,
  figureDepth,
  figureWidth,
  profiles,
  ratioCases,
  runs,
  smallStd,
  trainDepth,
  trainingCases,
  trainWidth,
} from './numbers.ts';

/**
 * The figure that carries the lesson: ‖delta^[l]‖ / ‖delta^[L]‖ against the number of layers the gradient has
 * travelled back, L − l, for every network of `ratioCases`. Each series starts at 1 (l = L).
 */
export const ratioChart = depthProfileChart({
  quantity: '‖δ[l]‖ / ‖δ[L]‖ (log scale)',
  xLabel: 'layers back from the output, L − l',
  firstLayer: 0,
  series: ratioCases.map((c) => ({
    label: c.label,
    values: [...profiles[c.label].ratio].reverse(),
    // The linear networks follow k^(L−l) exactly: drawn dashed, like a closed form.
    dashed: c.activation === 'identity',
  })),
  reference: 1,
  height: 440,
  ariaLabel: `The gradient of each layer relative to the last layer's, in six networks of ${figureDepth} layers of ${figureWidth} units`,
});

/**
 * The sigmoid network forwards and backwards: the size of a^[l] (flat), how much a^[l] still varies from one input
 * to another (falling with l), and the gradient ratio (falling towards the input), each relative to where it
 * starts.
 */
export const mirrorChart = (() => {
  const p = profiles['sigmoid, Xavier'];
  const hidden = figureDepth - 1; // layers 1 … L−1 are sigmoid; layer L is the identity output
  // Three quantities of one network: plain labels (no activation named) give them three palette colours, and a
  // legend, since two of the lines end at the same height.
  return depthProfileChart({
    quantity: 'relative to its start (log scale)',
    labels: 'legend',
    height: 400,
    series: [
      {
        label: 'size of a[l], ‖a[l]‖ / ‖a[1]‖',
        values: p.activation.slice(0, hidden).map((a) => a / p.activation[0]),
      },
      {
        label: 'spread of a[l] across inputs, relative to layer 1',
        values: p.spread.slice(0, hidden).map((s) => s / p.spread[0]),
        dashed: true,
      },
      { label: 'gradient, ‖δ[l]‖ / ‖δ[L]‖', values: p.ratio },
    ],
    reference: 1,
    ariaLabel: `Activations, their spread across inputs and the gradient, layer by layer, in a ${figureDepth}-layer sigmoid network`,
  });
})();

/**
 * The loss of the first two training runs, step by step. (The third, started from tiny weights, ends on the
 * sigmoid network's loss to seven digits: its line and label would cover the sigmoid's. The prose gives its numbers.)
 */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  xLabel: 'gradient-descent step',
  series: trainingCases.slice(0, 2).map((c) => ({ label: c.label, values: runs[c.label].loss })),
  ariaLabel: `Training loss of two networks of ${trainDepth} layers of ${trainWidth} units`,
});

/** ‖dW^[l]‖ over the steps of a run, one heatmap per run, all on the colour scale of the two runs together. */
const heatmapRuns = ['sigmoid, Xavier', 'tanh, Xavier'];
const valueRange = sharedValueRange(heatmapRuns.map((label) => runs[label].gradNormsByLayer));
const heatmap = (label: string) =>
  trainingHeatmapChart({
    matrix: runs[label].gradNormsByLayer,
    steps: runs[label].recordedSteps,
    quantity: '‖dW[l]‖',
    valueRange,
    ariaLabel: `Weight-gradient norm of every layer over training: ${label}`,
  });
export const sigmoidHeatmap = heatmap('sigmoid, Xavier');
export const tanhHeatmap = heatmap('tanh, Xavier');

/** Shown in captions. */
export { figureBatch, figureDepth, figureWidth, smallStd, trainDepth };
