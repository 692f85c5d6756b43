/**
 * The vanilla (Elman) recurrent network, the lessons' model of vanishing and exploding gradients through time.
 *
 * Forward, for inputs x_t (inputSize × m, one sequence per column), t = 1 … T, from h_0 (zeros unless given):
 *   z_t = W_hh·h_{t−1} + W_xh·x_t + b_h     W_hh is hiddenSize × hiddenSize, W_xh hiddenSize × inputSize
 *   h_t = g(z_t)                            g ∈ {tanh, ReLU, identity}
 *   y   = W_hy·h_T + b_y                    the optional readout of the last state
 * Backward (BPTT, replayed from the tape of tape.ts), with dh_t = ∂L/∂h_t:
 *   delta_t  = dh_t ⊙ g'(z_t)                                  (∂L/∂z_t)
 *   dh_{t−1} = W_hhᵀ·delta_t + ∂ℓ_{t−1}/∂h_{t−1}
 *   dW_hh = Σ_t delta_t·h_{t−1}ᵀ,  dW_xh = Σ_t delta_t·x_tᵀ,  db_h = Σ_t Σ_columns delta_t
 * Hence ∂h_t/∂h_{t−1} = diag(g'(z_t))·W_hh, and a gradient from step T reaches step t multiplied by T − t such
 * Jacobians (Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks", ICML 2013,
 * eq. 5–7). For the linear RNN with W_hh = k·I this is exact: dh_t = k^{T−t}·dh_T, vanishing for k < 1 and
 * exploding for k > 1 (Bengio, Simard & Frasconi 1994). `recurrentJacobianNorms` measures ‖∂h_t/∂h_{t−1}‖₂ per
 * step; `rnnBackward`'s `hiddenGradNorms` measures ‖dh_t‖ itself.
 *
 * Elman, "Finding structure in time", Cognitive Science 14, 1990.
 */

import { resolveActivation, type Activation } from './activations.js';
import { GradscopeArgumentError, expectKnownKeys, expectNonNegativeInteger, expectOneOf } from './errors.js';
import type { Param } from './layer.js';
import { spectralNorm } from './linalg.js';
import { zeros, type Matrix } from './matrix.js';
import {
  RECURRENT_DEFAULTS,
  recurrentAffine,
  recurrentBackwardPass,
  recurrentForwardPass,
  resolveRecurrentSpec,
  type RecurrentBackwardResult,
  type RecurrentForwardResult,
  type RecurrentGradients,
  type RecurrentNetwork,
  type RecurrentSpec,
  type Readout,
} from './recurrent.js';
import type { Tape, TapeNode } from './tape.js';

/**
 * The activations a vanilla RNN accepts.
 *
 * @example
 * ```ts
 * const g: RnnActivationName = 'relu';
 * ```
 */
export type RnnActivationName = 'tanh' | 'relu' | 'identity';

/**
 * Every activation a vanilla RNN accepts, for validation and menus.
 *
 * @example
 * ```ts
 * RNN_ACTIVATIONS.map((activation) => vanillaRnn({ inputSize: 2, hiddenSize: 8, activation }));
 * ```
 */
export const RNN_ACTIVATIONS: readonly RnnActivationName[] = ['tanh', 'relu', 'identity'];

/**
 * Options of `vanillaRnn` (the shared ones are documented on `RecurrentSpec`).
 *
 * @example
 * ```ts
 * const spec: RnnSpec = { inputSize: 2, hiddenSize: 16, outputSize: 1, activation: 'relu', seed: 4 };
 * ```
 */
export interface RnnSpec extends RecurrentSpec {
  /** g in h_t = g(W_hh·h_{t−1} + W_xh·x_t + b_h) (default `'tanh'`). */
  readonly activation?: RnnActivationName;
}

/**
 * The defaults of `vanillaRnn`: tanh, Xavier input weights, orthogonal recurrent weights, zero biases.
 *
 * @example
 * ```ts
 * RNN_DEFAULTS.recurrentInit; // 'orthogonal'
 * ```
 */
export const RNN_DEFAULTS = { ...RECURRENT_DEFAULTS, activation: 'tanh' } as const;

/**
 * A vanilla RNN, with its weights exposed by name.
 *
 * @example
 * ```ts
 * const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 4 });
 * rnn.W_hh.value.data.set(identity(4, 0.9).data); // make W_hh = 0.9·I by hand
 * ```
 */
export interface Rnn extends RecurrentNetwork {
  readonly kind: 'rnn';
  readonly activation: Activation;
  /** W_xh, hiddenSize × inputSize. */
  readonly W_xh: Param;
  /** W_hh, hiddenSize × hiddenSize. */
  readonly W_hh: Param;
  /** b_h, hiddenSize × 1, or null without biases. */
  readonly b_h: Param | null;
  /** The readout W_hy, b_y, or null without an outputSize. */
  readonly readout: Readout | null;
}

/**
 * A vanilla RNN h_t = g(W_hh·h_{t−1} + W_xh·x_t + b_h) with an optional readout y = W_hy·h_T + b_y. Parameters,
 * in order: W_xh, W_hh, b_h, then W_hy, b_y (drawn in that order from `seed` or `random`; biases start at 0).
 * Defaults: `RNN_DEFAULTS` (tanh; input weights Xavier normal; recurrent weights orthogonal, so that at
 * initialization only g' shrinks the backward signal).
 *
 * @example
 * ```ts
 * const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 16, outputSize: 1, activation: 'tanh', seed: 1 });
 * // The lessons' linear RNN with W_hh = 0.9·I:
 * const linear = vanillaRnn({ inputSize: 2, hiddenSize: 4, outputSize: 1, activation: 'identity',
 *   recurrentInit: scaledIdentityInit(0.9) });
 * ```
 */
export function vanillaRnn(spec: RnnSpec): Rnn {
  const context = 'vanillaRnn';
  const shared = resolveRecurrentSpec(spec, context, ['activation']);
  const name = expectOneOf(
    'spec.activation',
    spec.activation ?? RNN_DEFAULTS.activation,
    RNN_ACTIVATIONS,
    context,
  );
  const g = resolveActivation(name, 'spec.activation', context);
  const { inputSize, hiddenSize, outputSize, dtype } = shared;

  const W_xh = shared.weight('W_xh', 'input', hiddenSize);
  const W_hh = shared.weight('W_hh', 'recurrent', hiddenSize);
  const b_h = shared.biasParam('b_h', hiddenSize);
  const readout = shared.createReadout();
  const params: Param[] = [W_xh, W_hh];
  if (b_h) params.push(b_h);
  if (readout) params.push(readout.W_hy, ...(readout.b_y ? [readout.b_y] : []));

  return {
    kind: 'rnn',
    label: `vanilla RNN ${inputSize}→${hiddenSize}${outputSize === null ? '' : `→${outputSize}`}, ${g.label}`,
    inputSize,
    hiddenSize,
    outputSize,
    dtype,
    params,
    readout,
    activation: g,
    W_xh,
    W_hh,
    b_h,
    step(tape: Tape, x: TapeNode, hPrev: TapeNode): TapeNode {
      return tape.activation(g, recurrentAffine(tape, W_hh, hPrev, W_xh, x, b_h));
    },
  };
}

function expectRnn(rnn: unknown, context: string): Rnn {
  if (typeof rnn !== 'object' || rnn === null || (rnn as Partial<Rnn>).kind !== 'rnn') {
    const kind = typeof rnn === 'object' && rnn !== null ? (rnn as { kind?: unknown }).kind : undefined;
    const hint = kind === 'gru' ? ' (this is a GRU: use gruForward / gruBackward)' : '';
    throw new GradscopeArgumentError('rnn', rnn, `a vanilla RNN from vanillaRnn(spec)${hint}`, context);
  }
  return rnn as Rnn;
}

/**
 * Runs the RNN over `xs` (T matrices of inputSize × m, one sequence per column) from `h0` (default zeros), recording
 * the tape that `rnnBackward` replays. `hs[t]` is the state after reading `xs[t]` (h_{t+1} in 1-based notation);
 * `output` is the readout of the last state (null without a readout).
 *
 * @example
 * ```ts
 * const { xs, y } = addingProblem({ length: 20, samples: 32, random: createRandom(1) });
 * const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 16, outputSize: 1, seed: 2 });
 * const forward = rnnForward(rnn, xs);
 * meanSquaredError.value(forward.output!, y);
 * ```
 */
export function rnnForward(rnn: Rnn, xs: readonly Matrix[], h0?: Matrix): RecurrentForwardResult {
  return recurrentForwardPass(expectRnn(rnn, 'rnnForward'), xs, h0, 'rnnForward');
}

/**
 * Backpropagation through time for `rnnForward`'s result: writes ∂L/∂θ into every parameter's `grad` and returns
 * `hiddenGradNorms` (‖∂L/∂h_t‖ for every step: the decay or growth of the gradient going back in time), `dXs` and
 * `dH0`. Give `dOutput` = ∂L/∂y for a loss on the readout, `dHs` for losses on the states, or both.
 *
 * @example
 * ```ts
 * const forward = rnnForward(rnn, xs);
 * const { hiddenGradNorms } = rnnBackward(rnn, forward, {
 *   dOutput: meanSquaredError.gradient(forward.output!, y),
 * });
 * hiddenGradNorms[0] / hiddenGradNorms[xs.length - 1]; // ≪ 1: the gradient vanished on its way back
 * ```
 */
export function rnnBackward(
  rnn: Rnn,
  forwardResult: RecurrentForwardResult,
  gradients: RecurrentGradients,
): RecurrentBackwardResult {
  return recurrentBackwardPass(expectRnn(rnn, 'rnnBackward'), forwardResult, gradients, 'rnnBackward');
}

/**
 * Options of `recurrentJacobianNorms`.
 *
 * @example
 * ```ts
 * recurrentJacobianNorms(rnn, forward, { example: 5 });
 * ```
 */
export interface RecurrentJacobianOptions {
  /** The column (sequence) whose Jacobians are measured (default 0). */
  readonly example?: number;
}

/**
 * The spectral norms ‖∂h_t/∂h_{t−1}‖₂ = ‖diag(g'(z_t))·W_hh‖₂ for every step of a forward pass, for one sequence
 * (column `example`). Index t matches `hs`. Their product from step t + 1 to T bounds how much a gradient at h_T
 * can grow on its way back to h_t: with a single sequence and a loss only on the readout,
 * hiddenGradNorms[t] ≤ hiddenGradNorms[T − 1]·Π_{s>t} norms[s] (Pascanu et al. 2013, eq. 7). For the linear RNN
 * with W_hh = k·I every entry is |k|.
 *
 * @example
 * ```ts
 * const forward = rnnForward(rnn, xs);
 * const norms = recurrentJacobianNorms(rnn, forward); // tanh: below ‖W_hh‖₂ wherever units saturate
 * ```
 */
export function recurrentJacobianNorms(
  rnn: Rnn,
  forwardResult: RecurrentForwardResult,
  options: RecurrentJacobianOptions = {},
): Float64Array {
  const context = 'recurrentJacobianNorms';
  const net = expectRnn(rnn, context);
  if (typeof forwardResult !== 'object' || forwardResult === null || forwardResult.network !== net) {
    throw new GradscopeArgumentError(
      'forwardResult',
      forwardResult,
      `the result of rnnForward with this network (${net.label})`,
      context,
    );
  }
  expectKnownKeys('options', options, ['example'], '{ example }', context);
  const m = forwardResult.h0.cols;
  const example = expectNonNegativeInteger('options.example', options.example ?? 0, context);
  if (example >= m) {
    throw new GradscopeArgumentError('options.example', example, `a column index below ${m}`, context);
  }
  const n = net.hiddenSize;
  const inputSize = net.inputSize;
  const W = net.W_hh.value.data;
  const U = net.W_xh.value.data;
  const b = net.b_h ? net.b_h.value.data : null;
  const J = zeros(n, n, 'float64');
  const xs = forwardResult.nodes.xs;
  const norms = new Float64Array(xs.length);
  for (let t = 0; t < xs.length; t++) {
    const hPrev = t === 0 ? forwardResult.h0 : forwardResult.hs[t - 1];
    const h = forwardResult.hs[t];
    const x = xs[t].value;
    for (let i = 0; i < n; i++) {
      // z_t is recomputed (in float64) rather than stored: the tape keeps only what backward needs.
      let z = b ? b[i] : 0;
      for (let k = 0; k < n; k++) z += W[i * n + k] * hPrev.data[k * m + example];
      for (let k = 0; k < inputSize; k++) z += U[i * inputSize + k] * x.data[k * m + example];
      const slope = net.activation.derivative(z, h.data[i * m + example]);
      for (let k = 0; k < n; k++) J.data[i * n + k] = slope * W[i * n + k];
    }
    norms[t] = spectralNorm(J);
  }
  return norms;
}
