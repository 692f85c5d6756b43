/**
 * The figures of the lesson "Initialization: the scale and the shape of the start", as chart options computed by
 * @gradscope/core when the page builds, from the networks and runs of numbers.ts.
 */
import { theoryVsMeasuredChart, trainingCurveChart } from '@gradscope/charts';
import {
  choiceLabel,
  choices,
  choiceWeightVariance,
  depth,
  meanSquareRatio,
  profiles,
  runs,
  startLabel,
  starts,
  steps,
  trainDepth,
  trainWidth,
  width,
} from './numbers.ts';

const layers = Array.from({ length: depth }, (_, i) => i + 1);

/**
 * ‖δ^[l]‖/‖δ^[L]‖ in one ReLU network of each initializer, from the same seed: one draw measured by the engine as
 * dots, the mean-square prediction (σ_w²/2)^((L−l)/2) as a line. Coloured by initializer.
 */
export const gradientChart = theoryVsMeasuredChart({
  xLabel: 'layer l',
  yLabel: '‖δ[l]‖ / ‖δ[L]‖ (log scale)',
  unit: 'layer',
  theoryLabel: 'mean-square prediction',
  measuredLabel: 'one draw, measured by the engine',
  series: choices.map((choice) => ({
    label: choiceLabel[choice],
    theory: layers.map((l) => meanSquareRatio(choiceWeightVariance[choice], l)),
    measured: profiles[choice],
    meaning: { initializer: choice },
    // He's and the orthogonal start share the line at 1: draw the orthogonal one dashed.
    dashed: choice === 'orthogonal',
  })),
  labels: 'legend',
  ariaLabel: `Gradient norm at each of ${depth} layers of width ${width}, relative to the last layer's, in ReLU networks started with Xavier's, He's and orthogonal weights`,
});

/** The loss of the deep linear network from each start. */
export const lossChart = trainingCurveChart({
  yLabel: 'loss ½·mean ‖ŷ − y‖² (log scale)',
  yScale: 'log',
  firstStep: 1,
  series: starts.map((start) => ({
    label: startLabel[start],
    values: runs[start].history.loss,
    // The badly scaled start is LeCun's Gaussian at half the variance: LeCun's colour, dashed.
    meaning: { initializer: start === 'orthogonal' ? 'orthogonal' : 'lecun' },
    dashed: start === 'small',
  })),
  ariaLabel: `Training loss over ${steps} steps of a linear network of ${trainDepth} layers of width ${trainWidth} from a Gaussian, an orthogonal and a badly scaled start`,
});

/** Shown in captions. */
export { depth, steps, trainDepth, trainWidth, width };
export { learningRate, samples } from './numbers.ts';
