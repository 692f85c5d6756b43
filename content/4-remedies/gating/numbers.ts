/**
 * Every number the lesson "Gates: a memory the gradient can cross" states, computed by @gradscope/core when the
 * page builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/gating.test.ts checks each one
 * against a closed form or an independent computation, and against the lesson's examples.
 *
 * Notation (the lesson's): h_t is the hidden state after reading x_t, t = 1 … T; dh_t = ∂L/∂h_t. The vanilla RNN is
 * h_t = tanh(W_hh·h_{t−1} + W_xh·x_t + b_h); the GRU is the engine's (Cho et al. 2014):
 *   u_t = σ(W_hu·h_{t−1} + W_xu·x_t + b_u),  r_t = σ(W_hr·h_{t−1} + W_xr·x_t + b_r),
 *   c_t = tanh(W_hh·(r_t ⊙ h_{t−1}) + W_xh·x_t + b_h),  h_t = u_t ⊙ h_{t−1} + (1 − u_t) ⊙ c_t,
 * so u_t is the fraction of the old state kept. Everything is float64.
 */
import {
  adam,
  clipGradNorm,
  createRandom,
  gru,
  gruBackward,
  gruForward,
  matrixPower,
  meanSquaredError,
  rnnBackward,
  rnnForward,
  spectralNorm,
  spectralRadius,
  uniformInit,
  vanillaRnn,
  zeros,
  type Gru,
  type Matrix,
  type RecurrentBackwardResult,
  type RecurrentForwardResult,
  type Rnn,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------------- the task

/** Steps in a sequence: the gradient of a loss at step T has to reach step 1. */
export const length = 50;
/** Units of the hidden state. */
export const hiddenSize = 8;
/** The standard deviation of the noise inputs x_2 … x_T. */
export const noiseStd = 0.5;

/**
 * The memory task: x_1 = ±1 (a fair coin), x_2 … x_T Gaussian noise of standard deviation `noiseStd`; the target is
 * x_1, read from the last state. One sequence per column.
 */
export function memoryTask(seed: number, samples: number, steps = length): { xs: Matrix[]; y: Matrix } {
  const random = createRandom(seed);
  const xs = Array.from({ length: steps }, () => zeros(1, samples));
  const y = zeros(1, samples);
  for (let j = 0; j < samples; j++) {
    const sign = random.next() < 0.5 ? -1 : 1;
    xs[0].data[j] = sign;
    y.data[j] = sign;
    for (let t = 1; t < steps; t++) xs[t].data[j] = noiseStd * random.normal();
  }
  return { xs, y };
}

/**
 * The loss (½·mean squared error) of always answering 0, the best answer that ignores x_1: ½·E[y²] = ½, since y = ±1.
 */
export const chanceLoss = 0.5;

// ----------------------------------------------------------------------------------------- the networks

export type Kind = 'rnn' | 'gru' | 'carry';
/**
 * The order of the figures' series, and of the examples': the vanilla RNN, then the GRU that keeps its state, then
 * the GRU that starts at one half. The charts colour series by position (their labels name no meaning of
 * src/charts/meaning.ts), so one order everywhere, with the two-network training example a prefix of it, gives each
 * network one colour in every figure and example.
 */
export const kinds: readonly Kind[] = ['rnn', 'carry', 'gru'];
/** The update-gate bias b_u at the start: 0 leaves u ≈ ½; 3 makes u ≈ σ(3), a state that is mostly kept. */
export const carryBias = 3;
export const kindLabel: Record<Kind, string> = {
  rnn: 'vanilla RNN',
  gru: 'GRU, b_u = 0',
  carry: `GRU, b_u = ${carryBias}`,
};
/** The seed of every network's weights. */
export const weightSeed = 3;

/**
 * Every weight drawn from U(−1/√n, 1/√n) with n = hiddenSize, PyTorch's default for its recurrent layers, in all
 * three networks; biases start at 0, except the update gate's b_u in the third.
 */
export function makeNetwork(kind: Kind): Rnn | Gru {
  const init = uniformInit({ limit: 1 / Math.sqrt(hiddenSize) });
  const common = {
    inputSize: 1,
    hiddenSize,
    outputSize: 1,
    init,
    recurrentInit: init,
    readoutInit: init,
    seed: weightSeed,
  };
  return kind === 'rnn'
    ? vanillaRnn({ ...common, activation: 'tanh' })
    : gru({ ...common, updateGateBias: kind === 'carry' ? carryBias : 0 });
}

export function runForward(net: Rnn | Gru, xs: readonly Matrix[]): RecurrentForwardResult {
  return net.kind === 'rnn' ? rnnForward(net, xs) : gruForward(net, xs);
}

/** Forward, then BPTT of the loss ½·mean (y − ŷ)² on the readout of the last state. */
export function lossAndBackward(
  net: Rnn | Gru,
  xs: readonly Matrix[],
  y: Matrix,
): { loss: number; forward: RecurrentForwardResult; backward: RecurrentBackwardResult } {
  const forward = runForward(net, xs);
  const dOutput = meanSquaredError.gradient(forward.output!, y);
  const backward =
    net.kind === 'rnn' ? rnnBackward(net, forward, { dOutput }) : gruBackward(net, forward, { dOutput });
  return { loss: meanSquaredError.value(forward.output!, y), forward, backward };
}

// ------------------------------------------------------------------- the gradient through time, at the start

/** The batch on which the gradient is measured at initialization. */
export const measureSamples = 16;
export const measureBatch = memoryTask(1, measureSamples);

/** ‖dh_t‖ / ‖dh_T‖ for t = 1 … T (Frobenius norms over the units and the batch): the book's vanishing ratio in time. */
export function gradientProfile(net: Rnn | Gru, batch = measureBatch): number[] {
  const norms = lossAndBackward(net, batch.xs, batch.y).backward.hiddenGradNorms;
  return Array.from(norms, (v) => v / norms[norms.length - 1]);
}

export const profiles: Record<Kind, number[]> = {
  rnn: gradientProfile(makeNetwork('rnn')),
  gru: gradientProfile(makeNetwork('gru')),
  carry: gradientProfile(makeNetwork('carry')),
};
/** ‖dh_1‖ / ‖dh_T‖ in each network at initialization. */
export const rnnRatio = profiles.rnn[0];
export const gruRatio = profiles.gru[0];
export const carryRatio = profiles.carry[0];
/** The vanilla RNN's ratio as a factor per step: its (T − 1)-th root, the geometric mean of the steps' factors. */
export const rnnPerStep = rnnRatio ** (1 / (length - 1));

/** The vanilla RNN's recurrent matrix at initialization: its largest singular value and its spectral radius. */
const rnnWeights = (makeNetwork('rnn') as Rnn).W_hh.value;
export const rnnSigmaMax = spectralNorm(rnnWeights);
export const rnnSpectralRadius = spectralRadius(rnnWeights);
/**
 * ‖W_hh^(T−1)‖₂^(1/(T−1)): how much T − 1 products of the same matrix stretch a vector, per step. Between the
 * spectral radius and the largest singular value, and tending to the spectral radius as the power grows (Gelfand's
 * formula): a matrix power, not a product of independent draws, is what the linear part of BPTT computes.
 */
export const rnnPowerRate = spectralNorm(matrixPower(rnnWeights, length - 1)) ** (1 / (length - 1));

/** The GRU's update gate u_t over the batch, averaged over units and sequences, for t = 1 … T. */
export function meanUpdateGate(net: Gru, xs: readonly Matrix[], forward: RecurrentForwardResult): number[] {
  const m = xs[0].cols;
  const n = net.hiddenSize;
  const Whu = net.W_hu.value.data;
  const Wxu = net.W_xu.value.data;
  const bu = net.b_u!.value.data;
  return xs.map((x, t) => {
    const hPrev = t === 0 ? forward.h0 : forward.hs[t - 1];
    let sum = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let z = bu[i] + Wxu[i] * x.data[j];
        for (let k = 0; k < n; k++) z += Whu[i * n + k] * hPrev.data[k * m + j];
        sum += 1 / (1 + Math.exp(-z));
      }
    }
    return sum / (n * m);
  });
}
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
function gateAtStart(kind: 'gru' | 'carry'): number {
  const net = makeNetwork(kind) as Gru;
  return mean(meanUpdateGate(net, measureBatch.xs, runForward(net, measureBatch.xs)));
}
/** The mean update gate at initialization: about σ(0) = ½ and σ(3). */
export const gruGateStart = gateAtStart('gru');
export const carryGateStart = gateAtStart('carry');
/** σ(b_u): the gate of a unit whose other inputs are zero. */
export const carryGateBiasOnly = 1 / (1 + Math.exp(-carryBias));
/** The direct path alone: u multiplied T − 1 times, with u = σ(b_u). */
export const carryDirectPath = carryGateBiasOnly ** (length - 1);
export const gruDirectPath = 0.5 ** (length - 1);

// ------------------------------------------------------------------------------------------------- training

export const steps = 100;
export const batchSize = 16;
export const learningRate = 0.03;
/** Clipping by global norm, the standard companion of RNN training (the clipping lesson). */
export const clipNorm = 1;
export const testSamples = 256;
export const testBatch = memoryTask(2, testSamples);

export interface Run {
  /** The loss on each step's fresh batch, before that step's update. */
  readonly loss: Float64Array;
  /** The fraction of the test sequences whose answer has the sign of x_1. */
  readonly testAccuracy: number;
  /** The test loss after training. */
  readonly testLoss: number;
  /** The trained network. */
  readonly net: Rnn | Gru;
}

/** Adam with clipping by global norm, a fresh batch of the memory task at every step (seeds 100, 101, …). */
export function train(kind: Kind, options: { steps?: number } = {}): Run {
  const count = options.steps ?? steps;
  const net = makeNetwork(kind);
  const optimizer = adam({ learningRate });
  const loss = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const batch = memoryTask(100 + s, batchSize);
    loss[s] = lossAndBackward(net, batch.xs, batch.y).loss;
    clipGradNorm(net.params, clipNorm);
    optimizer.step(net.params);
  }
  const test = runForward(net, testBatch.xs);
  let right = 0;
  for (let j = 0; j < testSamples; j++) if (Math.sign(test.output!.data[j]) === testBatch.y.data[j]) right++;
  return {
    loss,
    testAccuracy: right / testSamples,
    testLoss: meanSquaredError.value(test.output!, testBatch.y),
    net,
  };
}

export const runs: Record<Kind, Run> = { rnn: train('rnn'), gru: train('gru'), carry: train('carry') };
export const rnnAccuracy = runs.rnn.testAccuracy;
export const gruAccuracy = runs.gru.testAccuracy;
export const carryAccuracy = runs.carry.testAccuracy;
export const rnnTestLoss = runs.rnn.testLoss;
export const gruTestLoss = runs.gru.testLoss;
export const carryTestLoss = runs.carry.testLoss;

/** After training: the GRU's gradient profile and mean update gate on the measurement batch. */
export const carryRatioTrained = gradientProfile(runs.carry.net, measureBatch)[0];
export const carryGateTrained = mean(
  meanUpdateGate(runs.carry.net as Gru, measureBatch.xs, runForward(runs.carry.net, measureBatch.xs)),
);

// ------------------------------------------------------------------ the prediction before the training run

/** A network "learns the task" when it answers three test sequences in four or more correctly (chance is one in two). */
export const learnedAccuracy = 0.75;
export const learnOptions = [
  'All three',
  'Both GRUs, not the vanilla RNN',
  'Only the GRU whose update gate starts near 1 (b_u = 3)',
  'None of them, in 100 steps',
] as const;
export const learnAnswer = (() => {
  const [r, g, c] = [rnnAccuracy, gruAccuracy, carryAccuracy].map((a) => a >= learnedAccuracy);
  if (r && g && c) return learnOptions[0];
  if (!r && g && c) return learnOptions[1];
  if (!r && !g && c) return learnOptions[2];
  if (!r && !g && !c) return learnOptions[3];
  throw new Error(
    `gating: no option describes the measured accuracies ${rnnAccuracy}, ${gruAccuracy}, ${carryAccuracy}`,
  );
})();

// ------------------------------------------------------------------------------- the TryThis edits' closed forms

/** σ(5)^(T−1): the direct path of a GRU started with b_u = 5. */
export const carryDirectPathFive = (1 / (1 + Math.exp(-5))) ** (length - 1);
/** σ(3)^(2T−1): the direct path of the b_u = 3 GRU over sequences twice as long. */
export const doubleLength = 2 * length;
export const carryDirectPathHundred = carryGateBiasOnly ** (doubleLength - 1);
/** A memory task short enough for the vanilla RNN (the second TryThis of the training example). */
export const shortLength = 20;
/** The third TryThis of the training example: a larger learning rate for fewer steps. */
export const fastLearningRate = 0.05;
export const fastSteps = 70;
