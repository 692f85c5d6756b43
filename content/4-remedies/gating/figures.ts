/**
 * The figures of the lesson "Gates: a memory the gradient can cross", as chart options computed by @gradscope/core
 * when the page builds, from the networks and runs of numbers.ts. Series are labelled by network ('vanilla RNN',
 * 'GRU, b_u = 3', 'GRU, b_u = 0'), which names no meaning of src/charts/meaning.ts, so the charts give them the
 * palette's free colours in the order of `kinds`: the same order in every figure and example (the training example's
 * two networks are its first two), hence the same colours.
 */
import { theoryVsMeasuredChart, trainingCurveChart } from '@gradscope/charts';
import {
  carryGateBiasOnly,
  chanceLoss,
  kindLabel,
  kinds,
  length,
  profiles,
  rnnSpectralRadius,
  runs,
  steps,
  type Kind,
} from './numbers.ts';

const time = Array.from({ length }, (_, i) => i + 1);

/**
 * The factor per step of the one path each network's rate is read from: the spectral radius of W_hh for the vanilla
 * RNN (the linear part of its Jacobian is a power of W_hh), the update gate's starting value σ(b_u) for the GRUs (the
 * direct path u_t ⊙ dh_t).
 */
export const perStepFactor: Record<Kind, number> = {
  rnn: rnnSpectralRadius,
  gru: 0.5,
  carry: carryGateBiasOnly,
};

/** ‖dh_t‖ / ‖dh_T‖ at initialization, measured (dots), against factor^(T−t) (lines). */
export const gradientChart = theoryVsMeasuredChart({
  xLabel: 'time step t',
  yLabel: '‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ (log scale)',
  unit: 'step',
  theoryLabel: 'one factor per step, (factor)^(T−t)',
  measuredLabel: 'measured by the engine (BPTT)',
  series: kinds.map((kind) => ({
    label: kindLabel[kind],
    theoryX: time,
    theory: time.map((t) => perStepFactor[kind] ** (length - t)),
    measured: profiles[kind],
  })),
  labels: 'legend',
  ariaLabel: `Gradient norm at each of ${length} time steps relative to the last step, for a vanilla RNN and two GRUs at initialization`,
});

/** The loss on each step's fresh batch, with the loss of always answering 0 drawn across. */
export const lossChart = trainingCurveChart({
  yLabel: 'loss (½ · mean squared error)',
  yScale: 'linear',
  firstStep: 1,
  series: [
    ...kinds.map((kind) => ({ label: kindLabel[kind], values: runs[kind].loss })),
    { label: 'always answering 0', values: new Float64Array(steps).fill(chanceLoss), dashed: true },
  ],
  labels: 'legend',
  ariaLabel: `Training loss over ${steps} steps on the memory task of length ${length}: a vanilla RNN and two GRUs`,
});

/** Shown in captions. */
export { carryBias, hiddenSize, learningRate, length, steps } from './numbers.ts';
