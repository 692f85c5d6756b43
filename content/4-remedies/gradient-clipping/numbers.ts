/**
 * Every number the lesson "Capping the gradient: what clipping can and cannot do" states, computed by
 * @gradscope/core when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/gradient-clipping.test.ts checks each one against a closed form or an independent computation.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = X (one example per column);
 * delta^[l] = ∂L/∂z^[l]; dW^[l] = delta^[l]·a^[l−1]ᵀ. g is every parameter's gradient as one long vector,
 * (dW^[1], db^[1], …, dW^[L], db^[L]). Norm clipping: g ← g·min(1, c/‖g‖). Value clipping: each entry into
 * [−c, c]. Norms are Frobenius (Euclidean) norms; everything is float64.
 */
import {
  clipByNorm,
  clipByValue,
  clipGradNorm,
  clipGradValue,
  createRandom,
  fit,
  globalGradNorm,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
  type Network,
} from '@gradscope/core';

// ------------------------------------------------------------------------- a gradient of two entries

/** The two-entry gradient of the first example, and the threshold used for both kinds of clipping. */
export const toyGradient = [3, 0.4] as const;
export const toyThreshold = 1;
/** Norm clipping: g·c/‖g‖. */
export const toyNormClipped = Array.from(clipByNorm([...toyGradient], toyThreshold).vector);
/** Value clipping: each entry into [−c, c]. */
export const toyValueClipped = Array.from(clipByValue([...toyGradient], toyThreshold).vector);
/** The length of the toy gradient, ‖g‖. */
export const toyNorm = Math.hypot(...toyGradient);
/** The length of the value-clipped gradient. */
export const toyValueNorm = Math.hypot(...toyValueClipped);

const degrees = (radians: number) => (radians * 180) / Math.PI;
/** The angle of each vector with the first axis, in degrees. */
export const toyAngle = degrees(Math.atan2(toyGradient[1], toyGradient[0]));
export const toyNormAngle = degrees(Math.atan2(toyNormClipped[1], toyNormClipped[0]));
export const toyValueAngle = degrees(Math.atan2(toyValueClipped[1], toyValueClipped[0]));

// ---------------------------------------------------------------------- the network and its data

/** A ReLU network of `depth` layers of `width` units (one output), as in the lesson on bad starts. */
export const depth = 24;
export const width = 16;
export const samples = 64;
export const learningRate = 0.02;
export const steps = 300;
export const seed = 6;
/** Weights scale × He's standard deviation √(2/n): 1.2 explodes (output ≈ 1.2^24 × He's), 0.5 vanishes. */
export const largeScale = 1.2;
export const smallScale = 0.5;
/** The norm-clipping threshold c of the training runs. */
export const clipNorm = 10;
/** The value-clipping limit of the network example. */
export const valueLimit = 0.1;

export const data = teacherRegression({ inputSize: width, samples, random: createRandom(1) });

/** The network with weights `scale` times He's, drawn with the lesson's seed. */
export function network(scale: number): Network {
  return mlp({
    sizes: [width, ...new Array<number>(depth - 1).fill(width), 1],
    activation: 'relu',
    init: normalInit({ std: scale * Math.sqrt(2 / width) }),
    seed,
  });
}

/** The output's factor over the He network's, k^L, for weights k times He's. */
export const largeOutputFactor = largeScale ** depth;

// ------------------------------------------------------ what clipping does to one gradient of the network

/** Every parameter's gradient, copied out as one flat vector, in the order of net.params. */
export function flatGradient(net: Network): Float64Array {
  const parts = net.params.map((p) => p.grad.data);
  const flat = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    flat.set(part, offset);
    offset += part.length;
  }
  return flat;
}

/** The first step's gradient of the network with weights 1.2 × He's, on the whole data set, then clipped. */
function firstGradient(clip: 'none' | 'norm' | 'value') {
  const net = network(largeScale);
  lossAndGradients(net, data.x, data.y, 'mse');
  const normBefore = globalGradNorm(net.params);
  const before = flatGradient(net);
  if (clip === 'norm') clipGradNorm(net.params, clipNorm);
  if (clip === 'value') clipGradValue(net.params, valueLimit);
  const rows = layerGradNorms(net);
  return {
    normBefore,
    gradient: flatGradient(net),
    before,
    dW: rows.map((row) => row.dW),
    delta: rows.map((row) => row.delta),
  };
}

const unclipped = firstGradient('none');
const normClipped = firstGradient('norm');
const valueClipped = firstGradient('value');

/** ‖g‖ at the first step, and the factor norm clipping multiplies every entry by, c/‖g‖. */
export const firstGradNorm = unclipped.normBefore;
export const firstClipScale = clipNorm / firstGradNorm;
/** ‖delta^[1]‖ / ‖delta^[L]‖: the book's measure of exploding and vanishing. Clipping never touches delta. */
export const deltaRatio = unclipped.delta[0] / unclipped.delta[depth - 1];
/** Its geometric mean per layer over the L − 1 layers between delta^[1] and delta^[L]. */
export const deltaGrowthPerLayer = deltaRatio ** (1 / (depth - 1));
/** ‖dW^[1]‖ / ‖dW^[L]‖ before clipping, after norm clipping, after value clipping. */
export const dWRatio = unclipped.dW[0] / unclipped.dW[depth - 1];
export const dWRatioNormClipped = normClipped.dW[0] / normClipped.dW[depth - 1];
export const dWRatioValueClipped = valueClipped.dW[0] / valueClipped.dW[depth - 1];
/** Per-layer ‖dW^[l]‖, l = 1 … L, before and after each kind of clipping (the second example's table). */
export const layerNorms = { unclipped: unclipped.dW, norm: normClipped.dW, value: valueClipped.dW };

/** The angle, in degrees, between two vectors. */
export function angleBetween(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let dot = 0;
  let uu = 0;
  let vv = 0;
  for (let i = 0; i < u.length; i++) {
    dot += u[i] * v[i];
    uu += u[i] * u[i];
    vv += v[i] * v[i];
  }
  return degrees(Math.acos(Math.min(1, dot / Math.sqrt(uu * vv))));
}
/** How far each kind of clipping turns the network's gradient. */
export const normClipTurn = angleBetween(unclipped.gradient, normClipped.gradient);
export const valueClipTurn = angleBetween(unclipped.gradient, valueClipped.gradient);
/** The share of the gradient's entries that value clipping moved. */
export const valueClippedShare =
  unclipped.gradient.filter((g) => Math.abs(g) > valueLimit).length / unclipped.gradient.length;

// ------------------------------------------------------------------------------------ training

/** One run of plain gradient descent on the whole data set, with or without norm clipping. */
export function train(scale: number, clip: number | undefined) {
  const clippedSteps: number[] = [];
  const result = fit(network(scale), data, {
    optimizer: sgd({ learningRate }),
    steps,
    ...(clip === undefined ? {} : { clip: { norm: clip } }),
    everySteps: 10,
    onStep: (record) => {
      if (record.clipped) clippedSteps.push(record.step);
    },
  });
  return { ...result, clippedSteps };
}

export const largeRun = train(largeScale, undefined);
export const largeClippedRun = train(largeScale, clipNorm);
export const smallRun = train(smallScale, undefined);
export const smallClippedRun = train(smallScale, clipNorm);

/** Predicting every target by the targets' mean: half their (population) variance, the 'mse' of a constant. */
export const meanPredictorLoss = (() => {
  const y = Array.from(data.y.data);
  const mean = y.reduce((sum, v) => sum + v, 0) / y.length;
  return y.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (2 * y.length);
})();

/** Without clipping, the exploding start: where it stopped. */
export const largeStopStep = largeRun.stopped.step;
export const largeUpdates = largeRun.steps;
export const largeStopWhat = largeRun.stopped.reason === 'non-finite' ? largeRun.stopped.what : 'nothing';
export const largeLossStart = largeRun.history.loss[0];
/** With clipping: the loss at the end, how many steps were clipped, the first and the rest. */
export const largeClippedLossEnd = largeClippedRun.history.loss[steps - 1];
export const largeClippedCount = largeClippedRun.clippedSteps.length;
/** The clipped steps come in a run from step 1 (the explosion at the start), then a few isolated spikes. */
export const largeFirstUnclipped = (() => {
  let step = 1;
  while (largeClippedRun.clippedSteps.includes(step)) step++;
  return step;
})();
export const largeEarlyClipped = largeFirstUnclipped - 1;
/** The largest loss during the opening clipped steps (the loss rises before it falls). */
export const largeClippedLossPeak = Math.max(...largeClippedRun.history.loss.slice(0, largeEarlyClipped));
export const largeLateClipped = largeClippedRun.clippedSteps.filter((s) => s > largeFirstUnclipped);
export const largeLateClippedCount = largeLateClipped.length;
/** The largest ‖g‖ after the opening run of clipped steps (one of the spikes). */
export const largeLateSpike = Math.max(...largeClippedRun.history.gradNorm.slice(largeFirstUnclipped - 1));
/** The vanishing start, with and without clipping: the same loss, and no step clipped. */
export const smallLossEnd = smallRun.history.loss[steps - 1];
export const smallClippedLossEnd = smallClippedRun.history.loss[steps - 1];
export const smallClippedCount = smallClippedRun.clippedSteps.length;
export const smallLargestGradNorm = Math.max(...smallClippedRun.history.gradNorm);

// ---------------------------------------------------------------------- clipping and the learning rate

/** The first clipped step's effective learning rate η·c/‖g‖, and the longest step clipping allows, η·c. */
export const firstEffectiveRate = learningRate * firstClipScale;
export const longestStep = learningRate * clipNorm;
