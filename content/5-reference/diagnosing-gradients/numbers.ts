/**
 * Every number the lesson "Diagnosing a network: reading its gradients layer by layer" states, computed by
 * @gradscope/core when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/diagnosing-gradients.test.ts checks each one against an independent computation.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = X (one example per column);
 * delta^[l] = ∂L/∂z^[l]; dW^[l] = delta^[l]·a^[l−1]ᵀ. The gradient ratio of layer l is ‖delta^[l]‖ / ‖delta^[L]‖
 * (Frobenius norms over the batch). Everything is float64.
 */
import {
  activationNorms,
  createRandom,
  fit,
  heNormal,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
  xavierNormal,
  type ActivationName,
  type InitializerSpec,
  type Network,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------ the rule

/** A gradient ratio beyond this factor (or below its inverse) across the network is the lesson's verdict. */
export const threshold = 10;

export type Verdict = 'vanishing' | 'exploding' | 'healthy';

/**
 * The lesson's rule, from ‖delta^[l]‖ for l = 1 … L: r = ‖delta^[1]‖ / ‖delta^[L]‖; a non-finite or too large r
 * is exploding, a zero or too small r vanishing, anything between healthy.
 */
export function verdictOf(deltaNorms: readonly number[], limit = threshold): Verdict {
  const r = deltaNorms[0] / deltaNorms[deltaNorms.length - 1];
  if (!(r === r) || r > limit) return 'exploding';
  if (r < 1 / limit) return 'vanishing';
  return 'healthy';
}

// --------------------------------------------------------------------------------- the gallery

export const depth = 20;
export const width = 16;
export const samples = 32;
export const seed = 2;
/** The exploding network's weights: k times He's standard deviation √(2/n). */
export const largeScale = 1.5;

export const data = teacherRegression({ inputSize: width, samples, random: createRandom(1) });

interface GalleryEntry {
  readonly label: string;
  readonly activation: ActivationName;
  readonly init: InitializerSpec;
}

/** Three networks of the same shape, labelled by what sets their colour in every figure of the book. */
export const gallery: readonly GalleryEntry[] = [
  { label: 'sigmoid, Xavier normal', activation: 'sigmoid', init: xavierNormal() },
  {
    label: `k = ${largeScale}: ReLU`,
    activation: 'relu',
    init: normalInit({ std: largeScale * Math.sqrt(2 / width) }),
  },
  { label: 'k = 1: ReLU, He', activation: 'relu', init: heNormal() },
];

export function build(entry: GalleryEntry): Network {
  return mlp({
    sizes: [width, ...new Array<number>(depth - 1).fill(width), 1],
    activation: entry.activation,
    init: entry.init,
    seed,
  });
}

/** One diagnosis: a forward and backward pass on the whole data set, then the per-layer norms. */
export function diagnose(net: Network) {
  const { trace } = lossAndGradients(net, data.x, data.y, 'mse');
  const rows = layerGradNorms(net);
  const delta = rows.map((row) => row.delta);
  const dW = rows.map((row) => row.dW);
  const ratio = delta.map((d) => d / delta[depth - 1]);
  // RMS of a^[l] over its n_l units and the m examples: ‖a^[l]‖_F / √(n_l·m).
  const activationRms = activationNorms(trace).map(
    (row, l) => row.a / Math.sqrt(net.layers[l].outputSize * samples),
  );
  return {
    delta,
    activationRms,
    dW,
    ratio,
    verdict: verdictOf(delta),
    firstNonFinite: trace.firstNonFinite?.layer ?? null,
    firstAllZero: trace.firstAllZero?.layer ?? null,
  };
}

export const diagnoses = gallery.map((entry) => diagnose(build(entry)));
export const verdicts = diagnoses.map((d) => d.verdict);
/** ‖delta^[1]‖ / ‖delta^[L]‖ of each network, and its geometric mean factor per layer over the L − 1 steps back. */
export const firstRatios = diagnoses.map((d) => d.ratio[0]);
export const perLayerFactors = firstRatios.map((r) => r ** (1 / (depth - 1)));
/** The sigmoid's largest slope, σ'(0) = 1/4: the most a sigmoid layer's slopes pass back. */
export const sigmoidMaxSlope = 0.25;
/** The RMS of the last hidden layer's activations a^[L−1] in each network. */
export const lastHiddenRms = diagnoses.map((d) => d.activationRms[depth - 2]);

// ------------------------------------------------------------------------------------ training

export const learningRate = 0.01;
export const steps = 150;
/** The norm-clipping threshold c of the clipped run. */
export const clipNorm = 1;

/** The length of all the exploding network's weights together at initialization, √(Σ_l ‖W^[l]‖²). */
export const largeWeightNorm = Math.hypot(
  ...build(gallery[1]).layers.flatMap((layer) => [...layer.params[0].value.data]),
);

/** Plain gradient descent on the whole data set for `steps` steps, then the diagnosis of the trained network. */
export function train(entry: GalleryEntry, clip?: number) {
  const net = build(entry);
  const run = fit(net, data, {
    optimizer: sgd({ learningRate }),
    steps,
    ...(clip === undefined ? {} : { clip: { norm: clip } }),
  });
  return { run, after: run.stopped.reason === 'non-finite' ? null : diagnose(net) };
}

const [sigmoidEntry, largeEntry, heEntry] = gallery;
export const sigmoidRun = train(sigmoidEntry);
export const explodingRun = train(largeEntry);
export const clippedRun = train(largeEntry, clipNorm);
export const heRun = train(heEntry);

/** The exploding network without a remedy: its first loss, and where the run stopped. */
export const explodingLossStart = explodingRun.run.history.loss[0];
export const explodingStopStep = explodingRun.run.stopped.step;
export const explodingStopLayer =
  explodingRun.run.stopped.reason === 'non-finite' ? explodingRun.run.stopped.layer : Number.NaN;
/** The last loss, and ‖delta^[1]‖ / ‖delta^[L]‖ after training, of the runs that complete. */
export const clippedLossEnd = clippedRun.run.history.loss[steps - 1];
/** The clipped run's loss swings from step to step; its smallest and largest over the last `lateSteps` steps. */
export const lateSteps = 50;
export const clippedLateMin = Math.min(...clippedRun.run.history.loss.slice(steps - lateSteps));
export const clippedLateMax = Math.max(...clippedRun.run.history.loss.slice(steps - lateSteps));
export const clippedRatioEnd = clippedRun.after?.ratio[0] ?? Number.NaN;
export const clippedVerdictEnd = clippedRun.after?.verdict ?? 'stopped';
export const heLossStart = heRun.run.history.loss[0];
export const heLossEnd = heRun.run.history.loss[steps - 1];
export const heRatioEnd = heRun.after?.ratio[0] ?? Number.NaN;
export const sigmoidLossStart = sigmoidRun.run.history.loss[0];
export const sigmoidLossEnd = sigmoidRun.run.history.loss[steps - 1];
export const sigmoidRatioEnd = sigmoidRun.after?.ratio[0] ?? Number.NaN;
/** ‖dW^[1]‖ / ‖dW^[L]‖ at the first step of the sigmoid run: how little the first layer is asked to move. */
export const sigmoidWeightRatio =
  sigmoidRun.run.history.layerGradNorms[0][0] / sigmoidRun.run.history.layerGradNorms[0][depth - 1];
