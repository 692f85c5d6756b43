/**
 * The gated recurrent unit (GRU) of Cho et al., "Learning phrase representations using RNN encoder–decoder for
 * statistical machine translation", EMNLP 2014, §2.3, in its original convention (also PyTorch's):
 *   u_t = σ(W_hu·h_{t−1} + W_xu·x_t + b_u)             update gate: the fraction of the old state KEPT
 *   r_t = σ(W_hr·h_{t−1} + W_xr·x_t + b_r)             reset gate
 *   c_t = tanh(W_hh·(r_t ⊙ h_{t−1}) + W_xh·x_t + b_h)  candidate state h̃_t (the reset acts before W_hh, as in Cho
 *                                                      et al.; cuDNN and PyTorch apply it after: r ⊙ (W_hh·h))
 *   h_t = u_t ⊙ h_{t−1} + (1 − u_t) ⊙ c_t
 * Chung et al. 2014 ("Empirical evaluation of gated recurrent neural networks on sequence modeling") write the
 * other convention, h_t = (1 − u_t) ⊙ h_{t−1} + u_t ⊙ c_t: their u is our 1 − u, and a bias that favours
 * carrying the state has the opposite sign there.
 *
 * Why it helps the gradient: ∂h_t/∂h_{t−1} = diag(u_t) + (terms through the gates and the candidate). The first
 * term is a direct path that multiplies the gradient by u_t, not by diag(g'(z_t))·W_hh as in the vanilla RNN (see
 * rnn.ts), so with u_t near 1 the gradient crosses many steps almost intact. `updateGateBias` sets b_u at
 * initialization: 0 leaves u_t ≈ 1/2; a positive value, e.g. 3 (σ(3) ≈ 0.95 of the state kept per step), favours
 * carrying the state, the GRU's counterpart of the LSTM forget-gate bias of 1 (Gers, Schmidhuber & Cummins 2000;
 * Jozefowicz, Zaremba & Sutskever, ICML 2015) and of chrono initialization (Tallec & Ollivier, ICLR 2018).
 *
 * Backward is the tape's (tape.ts): every operation above records its own backward rule, so the GRU needs no
 * hand-derived BPTT; the gradient check in gru.test.ts verifies the composition.
 */

import { activation, type Activation } from './activations.js';
import { GradscopeArgumentError, expectFiniteNumber } from './errors.js';
import type { Param } from './layer.js';
import { roundInPlace, type Matrix } from './matrix.js';
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
 * Options of `gru` (the shared ones are documented on `RecurrentSpec`).
 *
 * @example
 * ```ts
 * const spec: GruSpec = { inputSize: 2, hiddenSize: 16, outputSize: 1, updateGateBias: 3, seed: 1 };
 * ```
 */
export interface GruSpec extends RecurrentSpec {
  /**
   * The initial value of every entry of the update gate's bias b_u (default 0; needs `bias: true`). Positive values
   * make u_t = σ(…) start near 1: the state is carried and the gradient decays slowly through time.
   */
  readonly updateGateBias?: number;
}

/**
 * The defaults of `gru`: the shared recurrent defaults and an update-gate bias of 0 (u_t ≈ 1/2).
 *
 * @example
 * ```ts
 * GRU_DEFAULTS.updateGateBias; // 0
 * ```
 */
export const GRU_DEFAULTS = { ...RECURRENT_DEFAULTS, updateGateBias: 0 } as const;

/**
 * A GRU, with its weights exposed by name.
 *
 * @example
 * ```ts
 * const cell = gru({ inputSize: 2, hiddenSize: 4, updateGateBias: 2 });
 * cell.b_u!.value; // 4×1, every entry 2
 * ```
 */
export interface Gru extends RecurrentNetwork {
  readonly kind: 'gru';
  /** W_xu, W_xr, W_xh: hiddenSize × inputSize. */
  readonly W_xu: Param;
  readonly W_xr: Param;
  readonly W_xh: Param;
  /** W_hu, W_hr, W_hh: hiddenSize × hiddenSize. */
  readonly W_hu: Param;
  readonly W_hr: Param;
  readonly W_hh: Param;
  /** b_u, b_r, b_h: hiddenSize × 1, or null without biases. */
  readonly b_u: Param | null;
  readonly b_r: Param | null;
  readonly b_h: Param | null;
  readonly readout: Readout | null;
}

const sigmoid: Activation = activation('sigmoid');
const tanh: Activation = activation('tanh');

/**
 * A GRU cell (Cho et al. 2014; see the file header for the equations and the update-gate convention) with an
 * optional readout y = W_hy·h_T + b_y. Parameters, in order: W_xu, W_hu, b_u, W_xr, W_hr, b_r, W_xh, W_hh, b_h,
 * then W_hy, b_y. Weights are drawn in the order W_xu, W_hu, W_xr, W_hr, W_xh, W_hh, W_hy (input weights from
 * `init`, recurrent ones from `recurrentInit`, see `GRU_DEFAULTS`); b_u starts at `updateGateBias`, other biases 0.
 *
 * @example
 * ```ts
 * // A GRU that starts out carrying its state (u_t ≈ σ(3) ≈ 0.95):
 * const cell = gru({ inputSize: 2, hiddenSize: 16, outputSize: 1, updateGateBias: 3, seed: 1 });
 * ```
 */
export function gru(spec: GruSpec): Gru {
  const context = 'gru';
  const shared = resolveRecurrentSpec(spec, context, ['updateGateBias']);
  const { inputSize, hiddenSize, outputSize, dtype, bias } = shared;
  let updateGateBias: number = GRU_DEFAULTS.updateGateBias;
  if (spec.updateGateBias !== undefined) {
    updateGateBias = expectFiniteNumber('spec.updateGateBias', spec.updateGateBias, context);
    if (!bias) {
      throw new GradscopeArgumentError(
        'spec.updateGateBias',
        spec.updateGateBias,
        'left out when spec.bias is false (there is no b_u to set)',
        context,
      );
    }
  }

  const W_xu = shared.weight('W_xu', 'input', hiddenSize);
  const W_hu = shared.weight('W_hu', 'recurrent', hiddenSize);
  const W_xr = shared.weight('W_xr', 'input', hiddenSize);
  const W_hr = shared.weight('W_hr', 'recurrent', hiddenSize);
  const W_xh = shared.weight('W_xh', 'input', hiddenSize);
  const W_hh = shared.weight('W_hh', 'recurrent', hiddenSize);
  const b_u = shared.biasParam('b_u', hiddenSize);
  const b_r = shared.biasParam('b_r', hiddenSize);
  const b_h = shared.biasParam('b_h', hiddenSize);
  if (b_u) {
    b_u.value.data.fill(updateGateBias);
    roundInPlace(b_u.value);
  }
  const readout = shared.createReadout();
  const params: Param[] = [];
  for (const p of [W_xu, W_hu, b_u, W_xr, W_hr, b_r, W_xh, W_hh, b_h]) if (p) params.push(p);
  if (readout) params.push(readout.W_hy, ...(readout.b_y ? [readout.b_y] : []));

  return {
    kind: 'gru',
    label: `GRU ${inputSize}→${hiddenSize}${outputSize === null ? '' : `→${outputSize}`}`,
    inputSize,
    hiddenSize,
    outputSize,
    dtype,
    params,
    readout,
    W_xu,
    W_xr,
    W_xh,
    W_hu,
    W_hr,
    W_hh,
    b_u,
    b_r,
    b_h,
    step(tape: Tape, x: TapeNode, hPrev: TapeNode): TapeNode {
      const u = tape.activation(sigmoid, recurrentAffine(tape, W_hu, hPrev, W_xu, x, b_u));
      const r = tape.activation(sigmoid, recurrentAffine(tape, W_hr, hPrev, W_xr, x, b_r));
      const c = tape.activation(tanh, recurrentAffine(tape, W_hh, tape.hadamard(r, hPrev), W_xh, x, b_h));
      return tape.add(tape.hadamard(u, hPrev), tape.hadamard(tape.oneMinus(u), c));
    },
  };
}

function expectGru(cell: unknown, context: string): Gru {
  if (typeof cell !== 'object' || cell === null || (cell as Partial<Gru>).kind !== 'gru') {
    const kind = typeof cell === 'object' && cell !== null ? (cell as { kind?: unknown }).kind : undefined;
    const hint = kind === 'rnn' ? ' (this is a vanilla RNN: use rnnForward / rnnBackward)' : '';
    throw new GradscopeArgumentError('cell', cell, `a GRU from gru(spec)${hint}`, context);
  }
  return cell as Gru;
}

/**
 * Runs the GRU over `xs` (T matrices of inputSize × m, one sequence per column) from `h0` (default zeros), recording
 * the tape that `gruBackward` replays. Same result shape as `rnnForward`.
 *
 * @example
 * ```ts
 * const { xs, y } = addingProblem({ length: 30, samples: 32, random: createRandom(1) });
 * const cell = gru({ inputSize: 2, hiddenSize: 16, outputSize: 1, updateGateBias: 3, seed: 2 });
 * const forward = gruForward(cell, xs);
 * ```
 */
export function gruForward(cell: Gru, xs: readonly Matrix[], h0?: Matrix): RecurrentForwardResult {
  return recurrentForwardPass(expectGru(cell, 'gruForward'), xs, h0, 'gruForward');
}

/**
 * Backpropagation through time for `gruForward`'s result: writes ∂L/∂θ into every parameter's `grad` and returns
 * `hiddenGradNorms` (‖∂L/∂h_t‖ per step), `dXs` and `dH0`, exactly as `rnnBackward` does.
 *
 * @example
 * ```ts
 * const forward = gruForward(cell, xs);
 * const { hiddenGradNorms } = gruBackward(cell, forward, {
 *   dOutput: meanSquaredError.gradient(forward.output!, y),
 * });
 * hiddenGradNorms[0] / hiddenGradNorms[xs.length - 1]; // far larger than a tanh RNN's
 * ```
 */
export function gruBackward(
  cell: Gru,
  forwardResult: RecurrentForwardResult,
  gradients: RecurrentGradients,
): RecurrentBackwardResult {
  return recurrentBackwardPass(expectGru(cell, 'gruBackward'), forwardResult, gradients, 'gruBackward');
}
