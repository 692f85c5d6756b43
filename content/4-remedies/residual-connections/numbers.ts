/**
 * Every number the lesson "Residual connections: a path the gradient keeps" states, computed by @gradscope/core
 * when the page builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/residual-connections.test.ts
 * checks each one against a closed form or an independent computation, and against the lesson's examples.
 *
 * Notation (the course's): z^[l] = W^[l]·a^[l−1] + b^[l], a^[l] = g(z^[l]); delta^[l] = ∂L/∂z^[l]. A residual
 * block l computes a^[l] = a^[l−1] + s·F(a^[l−1]) with nothing applied after the sum, so there z^[l] = a^[l] and
 * delta^[l] = ∂L/∂a^[l]. Norms are Frobenius norms; everything is float64.
 */
import {
  backward,
  column,
  createRandom,
  dense,
  fit,
  forward,
  frobeniusNorm,
  linearNetwork,
  lossAndGradients,
  network,
  normalInit,
  residual,
  scaledIdentityInit,
  sgd,
  teacherRegression,
  type FitResult,
  type Layer,
  type Network,
} from '@gradscope/core';

// ------------------------------------------------------------------ the lecture's network, with a skip

/**
 * The linear networks' depth: L layers (or blocks) of width 2, one input x = (1, 1), and the loss ŷ₁ + ŷ₂, whose
 * gradient at the output is (1, 1) whatever ŷ is (in a linear network the ratio below is the same for every loss;
 * this one keeps δ^[L] of size one, so the plain networks' δ^[1] does not underflow float64).
 */
export const linearDepth = 100;

/** L residual blocks a^[l] = a^[l−1] + ε·I·a^[l−1]: the branch is one linear layer with weights ε·I, no bias. */
export function linearResidualNetwork(epsilon: number, depth = linearDepth): Network {
  return network(
    Array.from({ length: depth }, (_, i) =>
      residual({
        inner: [dense({ inputSize: 2, outputSize: 2, init: scaledIdentityInit(epsilon), bias: false })],
        index: i + 1,
      }),
    ),
  );
}

/** ‖delta^[1]‖ / ‖delta^[L]‖ after one forward and backward pass, with (1, 1) as the gradient at the output. */
export function firstOverLast(net: Network): number {
  forward(net, column([1, 1]));
  const { layers } = backward(net, column([1, 1]));
  return frobeniusNorm(layers[0].delta) / frobeniusNorm(layers[layers.length - 1].delta);
}

/** ε = 0.5: the plain network of 0.5·I layers vanishes; with the skip each block is 1.5·I, the lecture's k. */
export const halfEpsilon = 0.5;
export const plainRatioHalf = firstOverLast(linearNetwork(linearDepth, halfEpsilon));
export const residualRatioHalf = firstOverLast(linearResidualNetwork(halfEpsilon));
/** ε = 0.1: a branch ten times smaller than the identity still compounds over a hundred blocks. */
export const smallEpsilon = 0.1;
export const residualRatioSmall = firstOverLast(linearResidualNetwork(smallEpsilon));
/** ε = 1/L: the product (1 + 1/L)^(L−1) stays below e however deep the network. */
export const inverseDepthEpsilon = 1 / linearDepth;
export const residualRatioInverseDepth = firstOverLast(linearResidualNetwork(inverseDepthEpsilon));

// --------------------------------------------------------------- random ReLU networks, with and without skips

/**
 * B blocks of two dense layers each, F(a) = W₂·relu(W₁·a + b₁) + b₂ (He et al.'s basic block without batch
 * normalization, and, following their second paper, nothing after the sum), then one linear output unit. Every
 * weight matrix is drawn with variance 1/n (Xavier's for square layers, the engine's default); biases start at 0.
 */
export const blocks = 25;
export const width = 16;
export const weightLayers = 2 * blocks + 1;
export const weightVariance = 1; // n·Var(W_ij)
export const seed = 1;
/** The branch scale that keeps the product of the blocks' factors bounded: s = 1/√B. */
export const scaledBranch = 1 / Math.sqrt(blocks);

export type Kind = 'plain' | 'residual' | 'scaled';
export const kinds: readonly Kind[] = ['plain', 'residual', 'scaled'];
export const kindLabel: Record<Kind, string> = {
  plain: 'plain',
  residual: 'residual, s = 1',
  scaled: `residual, s = 1/√${blocks}`,
};

/**
 * The network of one kind, from the same draw of weights for every kind: the plain one is the residual one with
 * the skips removed.
 */
export function reluNetwork(kind: Kind, options: { blocks?: number; seed?: number } = {}): Network {
  const count = options.blocks ?? blocks;
  const random = createRandom(options.seed ?? seed);
  const init = normalInit({ variance: weightVariance / width });
  const layers: Layer[] = [];
  for (let b = 1; b <= count; b++) {
    const inner = dense({
      inputSize: width,
      outputSize: width,
      activation: 'relu',
      init,
      random,
      index: 2 * b - 1,
    });
    const outer = dense({ inputSize: width, outputSize: width, init, random, index: 2 * b });
    if (kind === 'plain') layers.push(inner, outer);
    else
      layers.push(
        residual({ inner: [inner, outer], scale: kind === 'scaled' ? 1 / Math.sqrt(count) : 1, index: b }),
      );
  }
  layers.push(dense({ inputSize: width, outputSize: 1, init, random, index: 2 * count + 1 }));
  return network(layers);
}

/** 32 examples of 16 standard normal inputs; the targets come from a small random tanh network. */
export const samples = 32;
export const data = teacherRegression({ inputSize: width, samples, random: createRandom(2) });

/**
 * ‖delta‖ at the output of each block b = 1 … B, divided by the last block's: the book's vanishing ratio. In the
 * plain network a block's output is its second (linear) layer's a = z, so both kinds measure ∂L/∂a there.
 */
export function blockGradientRatios(net: Network): number[] {
  const { gradients } = lossAndGradients(net, data.x, data.y, 'mse');
  const perBlock = net.layers[0].kind === 'residual' ? 1 : 2; // a residual block is one layer of the network
  const count = (net.layers.length - 1) / perBlock;
  const norms = Array.from({ length: count }, (_, i) =>
    frobeniusNorm(gradients.layers[perBlock * (i + 1) - 1].delta),
  );
  return norms.map((v) => v / norms[count - 1]);
}

/**
 * The mean-square prediction of the same ratio: each block multiplies E‖delta‖² by 1 + s²·c (residual) or by c
 * (plain), where c = σ₁²·σ₂²/2 is the branch's own gain (the ReLU keeps half of W₁'s variance). Its square root.
 */
export const branchGain = (weightVariance * weightVariance) / 2;
export function meanSquareRatio(kind: Kind, b: number, count = blocks): number {
  const factor = kind === 'plain' ? branchGain : 1 + (kind === 'scaled' ? 1 / count : 1) * branchGain;
  return Math.sqrt(factor ** (count - b));
}

export const profiles: Record<Kind, number[]> = {
  plain: blockGradientRatios(reluNetwork('plain')),
  residual: blockGradientRatios(reluNetwork('residual')),
  scaled: blockGradientRatios(reluNetwork('scaled')),
};
/** ‖delta^[1]‖ / ‖delta^[B]‖, measured on the one draw, and its mean-square prediction. */
export const plainRatio = profiles.plain[0];
export const residualRatio = profiles.residual[0];
export const scaledRatio = profiles.scaled[0];
export const plainRatioTheory = meanSquareRatio('plain', 1);
export const residualRatioTheory = meanSquareRatio('residual', 1);
export const scaledRatioTheory = meanSquareRatio('scaled', 1);

// ---------------------------------------------------------------------------------------- training them

export const steps = 150;
export const learningRate = 0.02;

/** Full-batch gradient descent on the lesson's data, from the network of one kind. */
export function train(kind: Kind): FitResult {
  return fit(reluNetwork(kind), data, { optimizer: sgd({ learningRate }), steps });
}

export const runs: Record<Kind, FitResult> = {
  plain: train('plain'),
  residual: train('residual'),
  scaled: train('scaled'),
};
/** The loss of predicting the targets' mean, (1/2m)·Σ(y − ȳ)²: what a network that learnt nothing reaches. */
export const meanPredictorLoss = (() => {
  const y = Array.from(data.y.data);
  const mean = y.reduce((sum, v) => sum + v, 0) / y.length;
  return y.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (2 * y.length);
})();
const last = (run: FitResult) => run.history.loss[run.history.loss.length - 1];
export const plainLossStart = runs.plain.history.loss[0];
export const plainLossEnd = last(runs.plain);
export const scaledLossStart = runs.scaled.history.loss[0];
export const scaledLossEnd = last(runs.scaled);
export const residualLossStart = runs.residual.history.loss[0];
/** The step at which the unscaled residual network's run stopped (Infinity if it completed). */
export const residualStopStep =
  runs.residual.stopped.reason === 'non-finite' ? runs.residual.stopped.step : Infinity;
/** A learning rate two hundred times smaller does not save the unscaled residual network. */
export const tinyLearningRate = 1e-4;
export const residualTinyStopStep = (() => {
  const run = fit(reluNetwork('residual'), data, {
    optimizer: sgd({ learningRate: tinyLearningRate }),
    steps,
  });
  return run.stopped.reason === 'non-finite' ? run.stopped.step : Infinity;
})();

// ---------------------------------------------------------------------- the prediction before the profile

/** Within a factor of ten of the last block's gradient counts as "kept"; beyond it, vanishing or exploding. */
export const keptFactor = 10;
const verdict = (ratio: number) =>
  ratio < 1 / keptFactor ? 'vanishes' : ratio > keptFactor ? 'explodes' : 'kept';
export const profileOptions = [
  'All three keep it within a factor of ten',
  'The plain one vanishes; both residual ones keep it within a factor of ten',
  'The plain one vanishes; the residual one with s = 1 explodes; the scaled one keeps it',
  'All three vanish',
] as const;
export const profileAnswer = (() => {
  const [p, r, s] = [plainRatio, residualRatio, scaledRatio].map(verdict);
  if (p === 'kept' && r === 'kept' && s === 'kept') return profileOptions[0];
  if (p === 'vanishes' && r === 'kept' && s === 'kept') return profileOptions[1];
  if (p === 'vanishes' && r === 'explodes' && s === 'kept') return profileOptions[2];
  if (p === 'vanishes' && r === 'vanishes' && s === 'vanishes') return profileOptions[3];
  throw new Error(`residual-connections: no option describes the measured ratios ${p}, ${r}, ${s}`);
})();

/** How far one draw's first block lies below the mean-square line (theory / measured) in the two exponential cases. */
export const plainTheoryGap = plainRatioTheory / plainRatio;
export const residualTheoryGap = residualRatioTheory / residualRatio;

// ------------------------------------------------------------------ the gradients over training, per block

/**
 * Row of `history.gradNormsByLayer` that holds ‖dW‖ of block b's first layer W₁ (b = 1 … B), or of the output
 * layer (b = B + 1): every dense layer is a row of the plain network's, one row per block of the residual ones'.
 */
export function firstLayerRow(kind: Kind, b: number): number {
  return kind === 'plain' ? 2 * (b - 1) : b - 1;
}

/**
 * ‖dW‖ of every block's first layer W₁ and of the output layer (B + 1 values) at the j-th recorded step (0-based)
 * of a run: what the engine records for a residual block is its first inner layer's ‖dW‖, so the plain network's
 * second layers are left out to compare like with like.
 */
export function weightGradientsAt(kind: Kind, j: number): number[] {
  const { data, cols } = runs[kind].history.gradNormsByLayer;
  return Array.from({ length: blocks + 1 }, (_, i) => data[firstLayerRow(kind, i + 1) * cols + j]);
}
const plainStep1 = weightGradientsAt('plain', 0);
const scaledStep1 = weightGradientsAt('scaled', 0);
/** At the first step: the smallest and largest of those ‖dW‖ in the plain and in the scaled residual network. */
export const plainWeightGradientMin = Math.min(...plainStep1);
export const plainWeightGradientMax = Math.max(...plainStep1);
export const scaledWeightGradientMin = Math.min(...scaledStep1);
export const scaledWeightGradientMax = Math.max(...scaledStep1);
const plainLast = weightGradientsAt('plain', steps - 1);
const scaledLast = weightGradientsAt('scaled', steps - 1);
/** The same at the last step. */
export const plainWeightGradientEndMin = Math.min(...plainLast);
export const plainWeightGradientEndMax = Math.max(...plainLast);
export const scaledWeightGradientEndMin = Math.min(...scaledLast);
export const scaledWeightGradientEndMax = Math.max(...scaledLast);
/** The output layer's ‖dW‖ at the first step, in both. */
export const plainOutputWeightGradient = plainStep1[blocks];
export const scaledOutputWeightGradient = scaledStep1[blocks];
