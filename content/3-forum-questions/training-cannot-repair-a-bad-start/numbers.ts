/**
 * Every number the lesson "Why training cannot repair a bad start" states, computed by @gradscope/core when the page
 * builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/training-cannot-repair-a-bad-start.test.ts
 * checks each one against a closed form or an independent computation, and against the lesson's examples.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = X (one example per column);
 * delta^[l] = ∂L/∂z^[l]; dW^[l] = delta^[l]·a^[l−1]ᵀ. The loss is the engine's 'mse', (1/2m)·Σ_j ‖ŷ_j − y_j‖².
 * Norms are Frobenius norms. Everything is float64 unless a dtype is named.
 */
import {
  adam,
  column,
  createRandom,
  fit,
  forkNetwork,
  forward,
  frobeniusNorm,
  layerGradNorms,
  linearNetwork,
  lossAndGradients,
  mlp,
  normalInit,
  overflowDepth,
  scaledIdentityOutput,
  sgd,
  teacherRegression,
  type FitResult,
  type Network,
  type Optimizer,
  type StepRecord,
  type TrainingSnapshot,
} from '@gradscope/core';

// ------------------------------------------------------------------- the lecture's network, with a target

/** The lecture's network: L layers of k·I (width 2, identity activation, no bias), input x = (1, 1), target y = x. */
export const lectureDepth = 20;
export const lectureInput = [1, 1] as const;

/**
 * One forward and backward pass of the lecture's network on x with the target y = x: per layer l = 1 … L the
 * norms ‖delta^[l]‖, ‖a^[l−1]‖ (the layer's input) and ‖dW^[l]‖.
 */
export function lectureGradients(k: number, depth = lectureDepth) {
  const net = linearNetwork(depth, k);
  const x = column([...lectureInput]);
  const { trace, gradients } = lossAndGradients(net, x, column([...lectureInput]), 'mse');
  const rows = layerGradNorms(gradients);
  const inputs = [frobeniusNorm(x), ...trace.layers.map((layer) => frobeniusNorm(layer.a))];
  return {
    delta: rows.map((row) => row.delta),
    input: inputs.slice(0, depth),
    dW: rows.map((row) => row.dW),
  };
}

const up = lectureGradients(1.5);
const down = lectureGradients(0.5);
const L = lectureDepth;
/** k = 1.5: the last layer's delta (the error at the output), its input a^[L−1], its ‖dW^[L]‖, and layer 1's. */
export const lastDeltaUp = up.delta[L - 1];
export const lastInputUp = up.input[L - 1];
export const lastGradientUp = up.dW[L - 1];
export const firstGradientUp = up.dW[0];
export const firstDeltaUp = up.delta[0];
export const firstInputUp = up.input[0];
/** ‖dW^[L]‖ / ‖dW^[1]‖ for k = 1.5: the last layer is not spared. */
export const lastOverFirstUp = lastGradientUp / firstGradientUp;
/** k = 0.5: the same. The error at the output is not small (ŷ ≈ 0, so ŷ − y ≈ −y); the last layer's input is. */
export const lastDeltaDown = down.delta[L - 1];
export const lastInputDown = down.input[L - 1];
export const lastGradientDown = down.dW[L - 1];
export const firstGradientDown = down.dW[0];

// ------------------------------------------------------------- float32: which part of the first step fails

/** The learning rate of the float32 runs of the lecture's network (the first lesson's). */
export const lectureLearningRate = 0.01;

/** Two steps of gradient descent on the lecture's network with k = 1.5, in float32, on x with target y = x. */
export function firstSteps32(depth: number, steps = 2): FitResult & { net: Network } {
  const net = linearNetwork(depth, 1.5, 2, 'float32');
  const data = { x: column([...lectureInput], 'float32'), y: column([...lectureInput], 'float32') };
  return { net, ...fit(net, data, { optimizer: sgd({ learningRate: lectureLearningRate }), steps }) };
}

/** The layer at which 1.5^l first overflows float32 (simulated rounding; the first lesson checks it). */
export const overflowLayer32 = overflowDepth(1.5, { dtype: 'float32' });

/** The depths the example tries, one from each regime. */
export const float32Depths = [lectureDepth, 150, 250] as const;
const [shallow, middle, deep] = float32Depths.map((depth) => firstSteps32(depth));
const stopOf = (run: FitResult) => (run.stopped.reason === 'non-finite' ? run.stopped : null);

/** Depth 20: the first step completes (its loss, then the largest weight its update leaves) and the second fails. */
export const shallowFirstLoss = shallow.history.loss[0];
export const shallowStopStep = stopOf(shallow)!.step;
export const shallowStopWhat = stopOf(shallow)!.what;
export const shallowStopLayer = stopOf(shallow)!.layer;
/** The largest |W^[1]_ij| after the first update (the network after one step, in float32). */
export const shallowWeightAfterStep = (() => {
  const { net } = firstSteps32(lectureDepth, 1);
  return Math.max(...Array.from(net.params[0].value.data, Math.abs));
})();
/** Depth 150: the forward pass and the loss are finite; the first backward pass is not. */
export const middleDepth = float32Depths[1];
export const middleStopStep = stopOf(middle)!.step;
export const middleStopWhat = stopOf(middle)!.what;
export const middleStopLayer = stopOf(middle)!.layer;
/** Depth 250: the forward pass overflows before any backward pass. */
export const deepDepth = float32Depths[2];
export const deepStopStep = stopOf(deep)!.step;
export const deepStopWhat = stopOf(deep)!.what;
export const deepStopLayer = stopOf(deep)!.layer;
export const deepUpdates = deep.steps;

/** The Predict before the float32 example: where the first step of the middle depth fails. */
export const failureOptions = [
  'Nowhere: the first step completes',
  'In the forward pass',
  'In the loss',
  'In the backward pass',
] as const;
export const middleAnswer =
  middleStopStep !== 1
    ? failureOptions[0]
    : failureOptions[{ activation: 1, loss: 2, gradient: 3 }[middleStopWhat]];

/** The shallowest depth whose first backward pass overflows (found by running every depth from 1 up). */
export const gradientOverflowFrom = (() => {
  for (let depth = 1; depth <= overflowLayer32; depth++) {
    const stop = stopOf(firstSteps32(depth, 1));
    if (stop?.what === 'gradient') return depth;
  }
  return Infinity;
})();

// ---------------------------------------------------------------------------- the network that trains

/** ReLU layers of equal width, an identity output, He normal weights times k; a teacher's regression data. */
export const depth = 24;
export const width = 16;
export const samples = 64;
export const steps = 300;
export const learningRate = 0.02;
/** The seed of the weights' draw: every k scales the same draw. */
export const seed = 6;
const dataSeed = 1;
/** He normal's standard deviation for fan-in `width`: √(2/n). */
export const heStd = Math.sqrt(2 / width);

/** The network with every weight k times He's (the same draw for every k), biases 0. */
export function network(k: number, options: { seed?: number; norm?: 'batch' } = {}): Network {
  return mlp({
    sizes: [width, ...new Array<number>(depth - 1).fill(width), 1],
    activation: 'relu',
    init: normalInit({ std: k * heStd }),
    seed: options.seed ?? seed,
    ...(options.norm === undefined ? {} : { norm: options.norm }),
  });
}

/** 64 examples of 16 standard normal inputs; the targets come from a small random tanh network. */
export const data = teacherRegression({ inputSize: width, samples, random: createRandom(dataSeed) });

/** Trains network(k) on all the data at once; returns the trained network with fit's result. */
export function train(
  k: number,
  options: {
    learningRate?: number;
    seed?: number;
    optimizer?: Optimizer;
    norm?: 'batch';
    onStep?: (record: StepRecord) => void;
  } = {},
): FitResult & { net: Network } {
  const net = network(k, { seed: options.seed, norm: options.norm });
  const optimizer = options.optimizer ?? sgd({ learningRate: options.learningRate ?? learningRate });
  return { net, ...fit(net, data, { optimizer, steps, onStep: options.onStep }) };
}

/** The loss of the best constant prediction (the targets' mean): half their variance. */
export const meanPredictorLoss = (() => {
  const y = Array.from(data.y.data);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return y.reduce((s, v) => s + (v - mean) ** 2, 0) / (2 * y.length);
})();

/** ‖dW^[l]‖ of every layer at step t (1-based) of a run. */
export function gradientsAt(run: FitResult, step: number): number[] {
  const { gradNormsByLayer: g, recordedSteps } = run.history;
  const j = recordedSteps.indexOf(step);
  return Array.from({ length: g.rows }, (_, l) => g.data[l * g.cols + j]);
}

/** The scales of the figure: half He's weights, He's, one and a half times He's. */
export const smallScale = 0.5;
export const largeScale = 1.5;

/** The figure's bad start (k = 0.5), kept at step `forkStep` for the fork below. */
export const forkStep = 100;
let forkPoint: TrainingSnapshot | undefined;
export const smallRun = train(smallScale, {
  onStep: (record) => {
    if (record.step === forkStep) forkPoint = record.snapshot();
  },
});
export const heRun = train(1);
export const largeRun = train(largeScale);

export const smallLossStart = smallRun.history.loss[0];
export const smallLossEnd = smallRun.history.loss[steps - 1];
/** The largest ‖dW^[l]‖ of any layer at any step of the k = 0.5 run. */
export const smallGradientMax = Math.max(...smallRun.history.gradNormsByLayer.data);
/** The k = 0.5 run's last layer: its largest ‖dW^[L]‖ and the step of it (the bias-driven bump), and at the end. */
const smallLastRow = Array.from(
  smallRun.history.gradNormsByLayer.data.subarray((depth - 1) * steps, depth * steps),
);
export const smallLastLayerPeak = Math.max(...smallLastRow);
export const smallLastLayerPeakStep = smallLastRow.indexOf(smallLastLayerPeak) + 1;
export const smallLastLayerEnd = smallLastRow[steps - 1];
/** The largest ‖dW^[l]‖ among layers 1 … L−1 over the whole k = 0.5 run. */
export const smallHiddenGradientMax = Math.max(
  ...smallRun.history.gradNormsByLayer.data.subarray(0, (depth - 1) * steps),
);
const smallStep1 = gradientsAt(smallRun, 1);
export const smallStep1Min = Math.min(...smallStep1);
export const smallStep1Max = Math.max(...smallStep1);
export const smallStep1First = smallStep1[0];
export const smallStep1Last = smallStep1[depth - 1];
/** ‖db^[L]‖ at the first step of the k = 0.5 run: the last layer's bias gets the output error itself. */
export const smallBiasGradientLast = (() => {
  const net = network(smallScale);
  lossAndGradients(net, data.x, data.y, 'mse');
  return frobeniusNorm(net.layers[depth - 1].params[1].grad);
})();

/** The bad start trained five times longer: the loss at the end and ‖dW^[1]‖ at the last step. */
export const longSteps = 5 * steps;
let longLastGradients = new Float64Array(depth);
const longRun = fit(network(smallScale), data, {
  optimizer: sgd({ learningRate }),
  steps: longSteps,
  everySteps: longSteps, // keep only step 1 in the history; the last step's norms come from onStep
  onStep: (record) => {
    if (record.step === longSteps) longLastGradients = Float64Array.from(record.layerGradNorms);
  },
});
export const longLossEnd = longRun.history.loss[longSteps - 1];
export const longGradientFirstEnd = longLastGradients[0];

export const heLossStart = heRun.history.loss[0];
export const heLossEnd = heRun.history.loss[steps - 1];
const heStep1 = gradientsAt(heRun, 1);
export const heStep1Min = Math.min(...heStep1);
export const heStep1Max = Math.max(...heStep1);

/** The Predict before the training figure: what the k = 0.5 network learns in its 300 steps. */
export const learntOptions = [
  'Nothing: the loss does not move',
  'The mean of the targets, and nothing else',
  'Part of the task, more slowly than the He network',
  'As much as the He network',
] as const;
export const learntAnswer = (() => {
  const relative = (a: number, b: number) => Math.abs(a - b) / b;
  if (relative(smallLossEnd, meanPredictorLoss) < 1e-3) return learntOptions[1];
  if (relative(smallLossEnd, smallLossStart) < 1e-3) return learntOptions[0];
  return smallLossEnd > 2 * heLossEnd ? learntOptions[2] : learntOptions[3];
})();

/** k = 1.5 with the He network's learning rate: the loss at the first step, and where training stopped. */
export const largeLossStart = largeRun.history.loss[0];
export const largeStopStep = stopOf(largeRun)!.step;
export const largeStopWhat = stopOf(largeRun)!.what;
export const largeUpdates = largeRun.steps;

/** k = 1.5 with a learning rate small enough to survive, and ten times that. */
export const tinyLearningRate = 1e-9;
let tinyEnd: TrainingSnapshot | undefined;
export const tinyRun = train(largeScale, {
  learningRate: tinyLearningRate,
  onStep: (record) => {
    if (record.step === steps) tinyEnd = record.snapshot();
  },
});
/** The surviving run forked at its last step with ten times its learning rate: the step at which it overflows. */
export const lateTenfoldStop = (() => {
  const { stopped } = fit(forkNetwork(tinyRun.net, tinyEnd!), data, {
    optimizer: sgd({ learningRate: 10 * tinyLearningRate }),
    steps: 100,
    resume: tinyEnd!,
  });
  return stopped.reason === 'non-finite' ? stopped.step : Infinity;
})();
const tenfoldRun = train(largeScale, { learningRate: 10 * tinyLearningRate });
export const tenfoldStopStep = stopOf(tenfoldRun)?.step ?? Infinity;
export const tinyLossEnd = tinyRun.history.loss[steps - 1];
/** The global gradient norm ‖g‖ (all parameters) at the first and the last step of the surviving run. */
export const tinyGradientStart = tinyRun.history.gradNorm[0];
export const tinyGradientEnd = tinyRun.history.gradNorm[steps - 1];
export const heGradientEnd = heRun.history.gradNorm[steps - 1];
/** How much larger the He network's learning rate is. */
export const learningRateRatio = learningRate / tinyLearningRate;

// ------------------------------------------------------------------------- what the last layer could do

/**
 * ŷ of network(k) over ŷ of the He network, example by example, before training: with ReLU units and zero biases
 * every layer is positively homogeneous, so the ratio is exactly k^L. Returns the median ratio and the largest
 * relative deviation of any example's ratio from k^L.
 */
export function outputRatio(k: number) {
  const scaled = forward(network(k), data.x).output.data;
  const he = forward(network(1), data.x).output.data;
  const ratios = Array.from(scaled, (v, i) => v / he[i]).sort((a, b) => a - b);
  const expected = scaledIdentityOutput(k, depth, 1);
  return {
    median: ratios[Math.floor(ratios.length / 2)],
    largestDeviation: Math.max(...ratios.map((r) => Math.abs(r / expected - 1))),
  };
}
const small = outputRatio(smallScale);
/** ŷ(k = 0.5) / ŷ(He): 0.5^L. */
export const smallOutputFactor = small.median;
export const smallOutputDeviation = small.largestDeviation;
/** The factor the last layer's weights would need to restore the He network's outputs. */
export const rescaleFactor = 1 / smallOutputFactor;

// --------------------------------------------------------------------------- every layer moves together

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * ⟨W^[l], dW^[l]⟩ for l = 1 … L and the gaps ⟨W^[l+1], dW^[l+1]⟩ − ⟨W^[l], dW^[l]⟩ − ⟨b^[l], db^[l]⟩ (relative to
 * the first term) for l = 1 … L−1, at the network's current weights. For ReLU (and identity) hidden units
 * z·g'(z) = g(z), which makes every gap 0.
 */
export function layerBalance(net: Network) {
  lossAndGradients(net, data.x, data.y, 'mse');
  // Dense layers hold their parameters as [W, b].
  const layers = net.layers.map((layer) => ({ W: layer.params[0], b: layer.params[1] }));
  const weight = layers.map(({ W }) => dot(W.value.data, W.grad.data));
  const bias = layers.map(({ b }) => dot(b.value.data, b.grad.data));
  const gaps = weight.slice(1).map((next, l) => Math.abs(next - weight[l] - bias[l]) / Math.abs(next));
  return { weight, bias, gaps };
}
/** The largest relative gap, over the layers, in the three networks of the figure before and after training. */
export const balanceGap = Math.max(
  ...[smallRun.net, heRun.net, tinyRun.net, network(smallScale), network(1)].flatMap(
    (net) => layerBalance(net).gaps,
  ),
);

/** ‖W^[l] after training − W^[l] before‖ / ‖W^[l] before‖: how far training moved layer l, relative to its size. */
export function totalChange(run: FitResult & { net: Network }, k: number, layer: number): number {
  const before = network(k).layers[layer - 1].params[0].value.data;
  const after = run.net.layers[layer - 1].params[0].value.data;
  const difference = Array.from(after, (v, i) => v - before[i]);
  return Math.hypot(...difference) / Math.hypot(...before);
}
/** How much ‖W^[l]‖² (or ‖b^[l]‖²) of the k = 0.5 run grew over the whole run. */
function squaredGrowth(layer: number, which: 'W' | 'b'): number {
  const index = which === 'W' ? 0 : 1;
  const squared = (data: ArrayLike<number>) => Array.from(data).reduce((s, v) => s + v * v, 0);
  return (
    squared(smallRun.net.layers[layer - 1].params[index].value.data) -
    squared(network(smallScale).layers[layer - 1].params[index].value.data)
  );
}
export const squaredGrowthFirst = squaredGrowth(1, 'W');
export const squaredGrowthLast = squaredGrowth(depth, 'W');
/** What the biases of layers 1 … L−1 gained in squared size together: the slack in the lockstep. */
export const squaredGrowthBiases = Array.from({ length: depth - 1 }, (_, l) =>
  squaredGrowth(l + 1, 'b'),
).reduce((s, v) => s + v, 0);
export const smallChangeFirst = totalChange(smallRun, smallScale, 1);
export const smallChangeLast = totalChange(smallRun, smallScale, depth);
export const heChangeFirst = totalChange(heRun, 1, 1);
export const heChangeLast = totalChange(heRun, 1, depth);

// ------------------------------------------------------------------------------- when training climbs out

/** A moderately bad start: weights 0.8 times He's, with the same learning rate, over five seeds. */
export const moderateScale = 0.8;
export const recoverySeeds = [2, 3, 4, 5, 6] as const;
/** The plateau ends at the first step whose loss is below this fraction of the mean predictor's. */
export const escapeFraction = 0.9;
/** ŷ(k = 0.8)/ŷ(He) = 0.8^L before training, against 0.5^L. */
export const moderateOutputFactor = outputRatio(moderateScale).median;

export const recoveryRuns = recoverySeeds.map((s) => ({ seed: s, run: train(moderateScale, { seed: s }) }));
/** The step at which each seed's run leaves the plateau (null: not within the run). */
export const escapeSteps = recoveryRuns.map(({ run }) => {
  const i = Array.from(run.history.loss).findIndex((v) => v < escapeFraction * meanPredictorLoss);
  return i === -1 ? null : i + 1;
});
export const escapedCount = escapeSteps.filter((s) => s !== null).length;
export const stuckCount = escapeSteps.length - escapedCount;
const escaped = escapeSteps.filter((s): s is number => s !== null);
export const earliestEscape = Math.min(...escaped);
export const latestEscape = Math.max(...escaped);
export const recoveryLossEnds = recoveryRuns.map(({ run }) => run.history.loss[steps - 1]);
/** The best final loss of the k = 0.8 runs (the He network's, seed 6, is heLossEnd). */
export const recoveryBestEnd = Math.min(...recoveryLossEnds);

/** Two remedies from the start, for k = 0.5: Adam with its default step, and batch normalization with SGD. */
export const adamLearningRate = 1e-3;
export const adamLossEnd = train(smallScale, { optimizer: adam({ learningRate: adamLearningRate }) }).history
  .loss[steps - 1];
export const batchNormLossEnd = train(smallScale, { norm: 'batch' }).history.loss[steps - 1];

// ------------------------------------------------------------------------------------------ the fork

/** The threshold of the clipping fork: the global gradient norm is scaled down to at most this. */
export const clipNorm = 1;

/**
 * The k = 0.5 run continued from step `forkStep` to the end, once with Adam and once with gradient clipping
 * (norm 1) on the same SGD: the losses of steps forkStep + 1 … steps, and how often clipping acted.
 */
export function forkRun(remedy: 'adam' | 'clip') {
  let clipped = 0;
  const result = fit(forkNetwork(smallRun.net, forkPoint!), data, {
    optimizer: remedy === 'adam' ? adam({ learningRate: adamLearningRate }) : sgd({ learningRate }),
    steps: steps - forkStep,
    resume: forkPoint!,
    ...(remedy === 'clip' ? { clip: { norm: clipNorm } } : {}),
    onStep: (record) => {
      if (record.clipped) clipped++;
    },
  });
  return { loss: result.history.loss, clipped };
}
export const adamFork = forkRun('adam');
export const clipFork = forkRun('clip');
export const forkAdamLossEnd = adamFork.loss[steps - forkStep - 1];
export const clipForkClipped = clipFork.clipped;
