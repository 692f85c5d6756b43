/**
 * Every number the lesson "Mixed precision: gradients below float16's floor" states, computed by @gradscope/core
 * when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`;
 * tests/claims/mixed-precision.test.ts checks each one against a closed form or an independent computation.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = X (one example per column);
 * delta^[l] = ∂L/∂z^[l]; dW^[l] = delta^[l]·a^[l−1]ᵀ. Every number format is IEEE binary with round to nearest,
 * ties to even, and gradual underflow (subnormals kept, no flush to zero) unless a name says `ftz`. The engine
 * emulates a format by rounding every value it stores; sums inside one matrix product run in float64 and are
 * rounded once when stored.
 */
import {
  createRandom,
  DYNAMIC_LOSS_SCALE_DEFAULTS,
  dynamicLossScale,
  floatFormat,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  roundTo,
  rounderFor,
  scaledLoss,
  sgd,
  teacherRegression,
  type FormatName,
  type Network,
} from '@gradscope/core';

// ------------------------------------------------------------------------------ the formats' range

const half = floatFormat('float16');
const brain = floatFormat('bfloat16');
const single = floatFormat('float32');
/** float16: the largest finite value, the smallest normal and the smallest subnormal. */
export const float16Max = half.max;
export const float16MinNormal = half.minNormal;
export const float16MinSubnormal = half.minSubnormal;
/** Their base-2 logarithms, as the histogram's axis reads them. */
export const float16MaxLog2 = Math.log2(half.max);
export const float16MinNormalLog2 = Math.log2(half.minNormal);
export const float16MinSubnormalLog2 = Math.log2(half.minSubnormal);
/** Significand bits (with the implicit one) of each format, and the gap between 1 and the next value. */
export const float16Precision = half.precision;
export const bfloat16Precision = brain.precision;
export const float32Precision = single.precision;
export const float16Epsilon = half.epsilon;
export const bfloat16Epsilon = brain.epsilon;
/** bfloat16 keeps float32's exponent range. */
export const bfloat16Max = brain.max;
export const bfloat16MinNormal = brain.minNormal;
export const float32MinNormal = single.minNormal;

// ------------------------------------------------------------------------------ the network and its data

/** A sigmoid network: its error signals shrink by about a quarter or less per layer on the way back. */
export const depth = 10;
export const width = 16;
export const samples = 64;
export const seed = 3;
export const learningRate = 0.5;
export const steps = 60;

export const data = teacherRegression({ inputSize: width, samples, random: createRandom(1) });

/** The lesson's network in `dtype`, with the same weights in every format (rounded into it). */
export function network(dtype: FormatName): Network {
  return mlp({
    sizes: [width, ...new Array<number>(depth - 1).fill(width), 1],
    activation: 'sigmoid',
    outputActivation: 'identity',
    init: normalInit({ std: Math.sqrt(1 / width) }),
    seed,
    dtype,
  });
}

/** The starting weights, drawn once in float32: every run starts from them, rounded into its format. */
const startWeights = network('float32').params.map((p) => Float32Array.from(p.value.data));

/** Writes float32 master weights into a network of a narrower format, rounding each one. */
function loadWeights(net: Network, master: readonly Float32Array[]): void {
  const round = rounderFor(net.dtype);
  net.params.forEach((p, i) => {
    const w = p.value.data;
    for (let j = 0; j < w.length; j++) w[j] = round(master[i][j]);
  });
}

/** How a run stores its weights and scales its loss. */
export interface RunSpec {
  /** The format of the forward and backward pass: the weights as the network uses them, activations, deltas, gradients. */
  readonly format: FormatName;
  /** Keep float32 master weights and update those (true), or update the weights in `format` itself (false). */
  readonly masterWeights: boolean;
  /** Dynamic loss scaling (true) or none (false). */
  readonly lossScaling: boolean;
}

/**
 * The dynamic loss scale (the engine's dynamicLossScale): start at S = 2^initialScaleLog2; when a gradient is not
 * finite, skip the step and halve S; after `growthInterval` finite steps in a row, double S. The constants are this
 * page's choice for a short run.
 */
export const initialScaleLog2 = 16;
export const growthInterval = 20;
/** The engine's default N, for runs of many thousands of steps (PyTorch's torch.amp.GradScaler uses the same). */
export const defaultGrowthInterval = DYNAMIC_LOSS_SCALE_DEFAULTS.growthInterval;
export const defaultInitialScaleLog2 = Math.log2(DYNAMIC_LOSS_SCALE_DEFAULTS.initialScale);

/** What one run records, step by step. */
export interface RunResult {
  /** The (unscaled) loss before each step. */
  readonly loss: number[];
  /** ‖dW^[l]‖ (unscaled) at each step: gradNorms[step − 1][l − 1]. */
  readonly gradNorms: number[][];
  /** The share of dW^[l]'s entries that are exactly 0, at the first step. */
  readonly firstZeroShare: number[];
  /** S before each step (1 without loss scaling). */
  readonly scale: number[];
  /** The steps skipped because a gradient was not finite. */
  readonly skipped: number[];
  /** How far each layer's weights moved, ‖W^[l] − W^[l]_start‖ (the master copy's, when there is one). */
  readonly moved: number[];
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

function allFinite(net: Network): boolean {
  for (const p of net.params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) return false;
  }
  return true;
}

/** Trains the lesson's network by gradient descent on the whole data set. */
export function train(spec: RunSpec, stepCount = steps): RunResult {
  const net = network(spec.format);
  const master = startWeights.map((w) => Float32Array.from(w));
  loadWeights(net, master);
  const start = spec.masterWeights
    ? master.map((w) => Float64Array.from(w))
    : net.params.map((p) => Float64Array.from(p.value.data));
  const optimizer = sgd({ learningRate });
  const scaler = spec.lossScaling
    ? dynamicLossScale({ initialScale: 2 ** initialScaleLog2, growthInterval })
    : null;
  const result: RunResult = {
    loss: [],
    gradNorms: [],
    firstZeroShare: [],
    scale: [],
    skipped: [],
    moved: [],
  };
  const weightIndices = net.params.map((_, i) => i).filter((i) => i % 2 === 0);
  for (let step = 1; step <= stepCount; step++) {
    const scale = scaler?.scale ?? 1;
    const { loss } = lossAndGradients(net, data.x, data.y, scaledLoss('mse', scale), { reuseBuffers: true });
    result.loss.push(loss / scale);
    result.scale.push(scale);
    result.gradNorms.push(weightIndices.map((i) => norm(net.params[i].grad.data) / scale));
    if (step === 1) {
      for (const i of weightIndices) {
        const g = net.params[i].grad.data;
        result.firstZeroShare.push(g.filter((x) => x === 0).length / g.length);
      }
    }
    const finite = allFinite(net);
    // The scaler backs S off and says to skip the step when a gradient overflowed, and grows S after a run of
    // finite steps.
    const apply = scaler ? scaler.update(finite) : finite;
    if (!apply) result.skipped.push(step);
    else if (spec.masterWeights) {
      // Unscale in float32, update the float32 master weights, round them into the network's format.
      net.params.forEach((p, i) => {
        const g = p.grad.data;
        const w = master[i];
        for (let j = 0; j < w.length; j++) w[j] -= learningRate * Math.fround(g[j] / scale);
      });
      loadWeights(net, master);
    } else optimizer.step(net.params);
  }
  for (const i of weightIndices) {
    const now = spec.masterWeights ? master[i] : net.params[i].value.data;
    result.moved.push(norm(Array.from(now, (x, j) => x - start[i][j])));
  }
  return result;
}

// ------------------------------------------------------------- the first step's gradients, in float32

const first = network('float32');
const { gradients: firstBackward } = lossAndGradients(first, data.x, data.y, 'mse');
const rows = layerGradNorms(first);
/** ‖delta^[l]‖ / ‖delta^[L]‖ for l = 1 … L: the book's measure of vanishing. */
export const deltaRatio = rows.map((row) => row.delta / rows[depth - 1].delta);
/** ‖dW^[l]‖ at the first step, in float32. */
export const firstGradNorms32 = rows.map((row) => row.dW);

/** Every entry of dW^[l] and delta^[l] at the first step, float32 values, layer by layer. */
export const firstGradients = firstBackward.layers.map((layer, l) => [
  ...first.params[2 * l].grad.data,
  ...layer.delta.data,
]);
const allGradients = firstGradients.flat();

/** The share of values that storing in float16 turns into 0, and the share that lands among the subnormals. */
function float16Fate(values: readonly number[], scale: number) {
  let zero = 0;
  let subnormal = 0;
  let infinite = 0;
  for (const g of values) {
    const stored = Math.abs(roundTo('float16', g * scale));
    if (stored === 0) zero++;
    else if (stored === Infinity) infinite++;
    else if (stored < half.minNormal) subnormal++;
  }
  return {
    zero: zero / values.length,
    subnormal: subnormal / values.length,
    infinite: infinite / values.length,
  };
}

/** The loss scale the histogram shows: the dynamic scale's first value. */
export const histogramScaleLog2 = initialScaleLog2;
/** Of all the first step's gradient entries (every dW and delta), the shares float16 flushes to 0 or leaves subnormal. */
export const unscaledFate = float16Fate(allGradients, 1);
export const scaledFate = float16Fate(allGradients, 2 ** histogramScaleLog2);
/** The same, layer by layer (dW^[l] and delta^[l] together). */
export const unscaledFateByLayer = firstGradients.map((values) => float16Fate(values, 1));
/** The largest |g|·S over all entries, against float16's largest value. */
export const largestScaledGradient = Math.max(...allGradients.map(Math.abs)) * 2 ** histogramScaleLog2;
/** log2 of the smallest and the largest |g| at the first step. */
export const smallestGradientLog2 = Math.log2(Math.min(...allGradients.filter((g) => g !== 0).map(Math.abs)));
export const largestGradientLog2 = Math.log2(Math.max(...allGradients.map(Math.abs)));

// ------------------------------------------------------------------ an update lost in the rounding

/** A weight w = 1 and an update Δ of 10^−4: added in each format, what is stored? */
export const updateWeight = 1;
export const updateSize = 1e-4;
export const sumFloat16 = roundTo('float16', updateWeight + updateSize);
export const sumBfloat16 = roundTo('bfloat16', updateWeight + updateSize);
export const sumFloat32 = roundTo('float32', updateWeight + updateSize);
/** Half the gap between 1 and the next larger value, in float16 and bfloat16: smaller updates to 1 are lost. */
export const float16HalfUlpAtOne = half.epsilon / 2;
export const bfloat16HalfUlpAtOne = brain.epsilon / 2;

/** Of the first step's weight updates η·dW (float32) that are not 0, the share that adding to w loses. */
function lostShare(format: FormatName): number {
  let lost = 0;
  let count = 0;
  first.params.forEach((p, i) => {
    if (i % 2 === 1) return;
    const g = p.grad.data;
    for (let j = 0; j < g.length; j++) {
      const w = roundTo(format, startWeights[i][j]);
      const update = Math.fround(learningRate * g[j]);
      if (update === 0) continue;
      count++;
      if (roundTo(format, w - update) === w) lost++;
    }
  });
  return lost / count;
}
export const lostShareFloat16 = lostShare('float16');
export const lostShareBfloat16 = lostShare('bfloat16');
export const lostShareFloat32 = lostShare('float32');

// ------------------------------------------------------------------------------------ training

export const run32 = train({ format: 'float32', masterWeights: false, lossScaling: false });
export const run16 = train({ format: 'float16', masterWeights: false, lossScaling: false });
export const runMixed = train({ format: 'float16', masterWeights: true, lossScaling: true });
export const runBf16 = train({ format: 'bfloat16', masterWeights: false, lossScaling: false });
/** float16 with float32 master weights but no loss scale: the two repairs apart. */
export const runMasterOnly = train({ format: 'float16', masterWeights: true, lossScaling: false });

/** First and last loss of each run. */
export const lossStart = run32.loss[0];
export const lossEnd32 = run32.loss[steps - 1];
export const lossEnd16 = run16.loss[steps - 1];
export const lossEndMixed = runMixed.loss[steps - 1];
/** At η = 0.5 the first steps overshoot: the float32 run's highest loss and the step it is reached. */
export const peakLoss32 = Math.max(...run32.loss);
export const peakStep32 = run32.loss.indexOf(peakLoss32) + 1;
/**
 * Where the mixed run's loss lags furthest behind float32's (it skips its first overflowing steps while the scale
 * finds its level): the step, and both losses there.
 */
export const mixedLagStep =
  runMixed.loss.reduce(
    (best, x, i) => (x - run32.loss[i] > runMixed.loss[best] - run32.loss[best] ? i : best),
    0,
  ) + 1;
export const mixedLossAtLag = runMixed.loss[mixedLagStep - 1];
export const loss32AtLag = run32.loss[mixedLagStep - 1];
/** ‖W^[1]‖ at the start, the scale against which layer 1's movement ‖ΔW^[1]‖ is read. */
export const layer1StartNorm = norm(startWeights[0]);
/** How far W^[1] moved in each run. */
export const moved32 = run32.moved[0];
export const moved16 = run16.moved[0];
export const movedMixed = runMixed.moved[0];
export const movedBf16 = runBf16.moved[0];
export const movedMasterOnly = runMasterOnly.moved[0];
/** Whether dW^[1] of the float16 run is entirely 0 at the first step, and not at every later one. */
export const run16Layer1ZeroAtFirst = run16.gradNorms[0][0] === 0;
export const run16Layer1SomeLaterNonzero = run16.gradNorms.slice(1).some((row) => row[0] > 0);
/** The layers whose weights never moved in the float16 run without scaling, and in the bfloat16 run without master weights. */
export const frozenLayers16 = run16.moved.flatMap((m, l) => (m === 0 ? [l + 1] : []));
export const frozenLayersBf16 = runBf16.moved.flatMap((m, l) => (m === 0 ? [l + 1] : []));
/** The dynamic scale: the steps it skipped, and S at the end. */
export const skippedSteps = runMixed.skipped;
export const finalScaleLog2 = Math.log2(runMixed.scale[steps - 1]);

/**
 * The layers whose dW^[l] float16 turns entirely into 0 at the first step, and those it turns partly into 0. In
 * float16 the backward pass stores delta^[l] before it forms dW^[l] = delta^[l]·a^[l−1]ᵀ, so a layer loses its
 * weight gradient when its delta underflows.
 */
export const zeroedLayers = run16.firstZeroShare.flatMap((share, l) => (share === 1 ? [l + 1] : []));
export const partlyZeroedLayers = run16.firstZeroShare.flatMap((share, l) =>
  share > 0 && share < 1 ? [l + 1] : [],
);
/** The share of dW^[l] entries that are 0 in float16 at the first step, for the first three layers. */
export const firstZeroShare16 = run16.firstZeroShare;

/** The prediction before the underflow example: which layers does float16 zero first? */
export const underflowOptions = ['the first layers', 'the last layers', 'all layers alike'] as const;
export const underflowAnswer =
  zeroedLayers.length === 0
    ? underflowOptions[2]
    : zeroedLayers[0] === 1
      ? underflowOptions[0]
      : zeroedLayers[zeroedLayers.length - 1] === depth
        ? underflowOptions[1]
        : underflowOptions[2];

/**
 * A squared error (ŷ − y)² overflows float16 once |ŷ − y| exceeds √65504: the loss, summed in float16, overflows
 * long before the activations do.
 */
export const float16SquareOverflowsAbove = Math.sqrt(half.max);

/** How many times closer together float32's numbers are than float16's, at any binade: ε16/ε32. */
export const epsilonRatio = half.epsilon / single.epsilon;
