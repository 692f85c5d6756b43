/**
 * The figures of the lesson "Normalization: a signal whose scale the weights cannot set", computed by
 * @gradscope/core when the page builds from the networks and runs of numbers.ts.
 */
import { depthProfileChart, trainingCurveChart } from '@gradscope/charts';
import {
  depth,
  learningRate,
  normLabel,
  norms,
  profiles,
  runs,
  steps,
  trainDepth,
  width,
} from './numbers.ts';

/**
 * ‖δ^[l]‖ / ‖δ^[L−1]‖ through 49 hidden layers, ReLU (He) and tanh (Xavier), plain, batch norm and layer norm.
 * The labels start with the normalization, which has no colour of its own in src/charts/meaning.ts, so the
 * series take the shared palette in order (the activation's colour would give two lines one colour).
 */
export const gradientChart = depthProfileChart({
  quantity: '‖δ[l]‖ / ‖δ[L−1]‖ (log scale)',
  reference: 1,
  labels: 'legend',
  series: (['relu', 'tanh'] as const).flatMap((activation) =>
    norms.map((norm) => ({
      label: `${normLabel[norm]}, ${activation === 'relu' ? 'ReLU, He' : 'tanh, Xavier'}`,
      values: profiles[activation][norm],
    })),
  ),
  ariaLabel: `Gradient norm at each hidden layer of depth-${depth} networks of width ${width}, relative to the last hidden layer's, with and without batch or layer normalization`,
});

/** The loss of the badly scaled ReLU networks, with and without batch norm (the plain k = 1.5 run overflows). */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (mean squared error, log scale)',
  yScale: 'log',
  firstStep: 1,
  series: [
    { label: 'plain, 0.5·He', values: runs['none 0.5'].history.loss },
    { label: 'batch norm, 0.5·He', values: runs['batch 0.5'].history.loss },
    { label: 'batch norm, 1.5·He', values: runs['batch 1.5'].history.loss },
  ],
  ariaLabel: `Training loss over ${steps} steps of depth-${trainDepth} ReLU networks started at 0.5 and 1.5 times He's scale, with and without batch normalization`,
});

export { depth, learningRate, steps, trainDepth, width };
