/**
 * Recurrent networks on the tape (tape.ts): what rnn.ts and gru.ts share, and what a cell of one's own needs. A
 * recurrent network is a step h_t = step(h_{t−1}, x_t; θ) recorded on a tape at every t = 1 … T, and an optional
 * readout y = W_hy·h_T + b_y; backpropagation through time replays the tape.
 *
 * With x_t (inputSize × m, one sequence per column), the replay computes (Werbos, "Backpropagation through time:
 * what it does and how to do it", Proc. IEEE 78(10), 1990):
 *   dh_T     = ∂ℓ_T/∂h_T + W_hyᵀ · dy                       (a loss on the last state and on the readout y)
 *   dh_{t−1} = ∂ℓ_{t−1}/∂h_{t−1} + (∂h_t/∂h_{t−1})ᵀ · dh_t  (back one step)
 *   dθ       = Σ_t (∂h_t/∂θ)ᵀ · dh_t                         (a parameter collects every step's share)
 * so the gradient reaching h_t from a loss at step T is multiplied by the T − t Jacobians ∂h_s/∂h_{s−1}: for the
 * vanilla RNN ∂h_t/∂h_{t−1} = diag(g'(z_t))·W_hh, and the product shrinks or grows geometrically (Bengio, Simard &
 * Frasconi, IEEE Trans. Neural Networks 5(2), 1994; Pascanu, Mikolov & Bengio, ICML 2013, eq. 5–7). The norms
 * ‖dh_t‖ that `recurrentBackward` returns as `hiddenGradNorms` are that decay, or growth, measured.
 *
 * Each forward pass records a new tape, so its result is its own; the Params' `grad` is overwritten (zeroed, then
 * filled) by every backward pass, like every layer's.
 */

import { expectDType, type DType } from './dtype.js';
import { GradscopeArgumentError, expectBoolean, expectKnownKeys, expectPositiveInteger } from './errors.js';
import { resolveInitializer, type Initializer, type InitializerSpec } from './initializers.js';
import { createParam, type Param } from './layer.js';
import { frobeniusNorm } from './linalg.js';
import { isMatrix, shapeOf, zeros, type Matrix } from './matrix.js';
import { randomFromSpec, type Random } from './random.js';
import { createTape, type Tape, type TapeNode } from './tape.js';

/**
 * The readout y = W_hy·h_T + b_y of the last hidden state (outputSize × m).
 *
 * @example
 * ```ts
 * const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 8, outputSize: 1 });
 * rnn.readout!.W_hy.value; // 1×8
 * ```
 */
export interface Readout {
  /** W_hy, outputSize × hiddenSize. */
  readonly W_hy: Param;
  /** b_y, outputSize × 1, or null without biases. */
  readonly b_y: Param | null;
}

/**
 * A recurrent network: a cell applied at every step, h_t = step(h_{t−1}, x_t), and an optional readout of h_T.
 * `vanillaRnn` and `gru` make one; any object of this shape runs through `recurrentForward` / `recurrentBackward`.
 *
 * @example
 * ```ts
 * // A cell of one's own: h_t = tanh(W·h_{t−1} + U·x_t), built from tape operations, so BPTT comes for free.
 * const W = createParam('W', identity(3, 0.5));
 * const U = createParam('U', full(3, 1, 1));
 * const cell: RecurrentNetwork = {
 *   kind: 'mine', label: 'my cell', inputSize: 1, hiddenSize: 3, outputSize: null, dtype: 'float64',
 *   params: [W, U], readout: null,
 *   step: (tape, x, h) =>
 *     tape.activation(activation('tanh'), tape.add(tape.matmul(tape.param(W), h), tape.matmul(tape.param(U), x))),
 * };
 * const forward = recurrentForward(cell, [column([1]), column([-1])]);
 * ```
 */
export interface RecurrentNetwork {
  readonly kind: string;
  readonly label: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Outputs of the readout, or null when the network has none. */
  readonly outputSize: number | null;
  readonly dtype: DType;
  /** Every parameter, the cell's first, then the readout's. */
  readonly params: readonly Param[];
  readonly readout: Readout | null;
  /** One time step, recorded on the tape: returns the node of h_t (hiddenSize × m). */
  step(tape: Tape, x: TapeNode, hPrev: TapeNode): TapeNode;
}

/**
 * W_h·h + W_x·x (+ b, when the network has biases) recorded on the tape: the pre-activation of a vanilla RNN's
 * step and of each GRU gate and candidate, which share this form.
 *
 * @example
 * ```ts
 * // Inside a step: z_t = W_hh·h_{t−1} + W_xh·x_t + b_h, then h_t = tanh(z_t).
 * const z = recurrentAffine(tape, W_hh, hPrev, W_xh, x, b_h);
 * const h = tape.activation(activation('tanh'), z);
 * ```
 */
export function recurrentAffine(
  tape: Tape,
  W_h: Param,
  h: TapeNode,
  W_x: Param,
  x: TapeNode,
  b: Param | null,
): TapeNode {
  if (typeof tape !== 'object' || tape === null || typeof (tape as Partial<Tape>).matmul !== 'function') {
    throw new GradscopeArgumentError('tape', tape, 'a Tape from createTape()', 'recurrentAffine');
  }
  const z = tape.add(tape.matmul(tape.param(W_h), h), tape.matmul(tape.param(W_x), x));
  return b ? tape.addBias(z, tape.param(b)) : z;
}

/**
 * The options every recurrent network takes (see `vanillaRnn` and `gru` for their own).
 *
 * @example
 * ```ts
 * const spec: RecurrentSpec = { inputSize: 2, hiddenSize: 16, outputSize: 1, recurrentInit: 'xavierNormal', seed: 1 };
 * ```
 */
export interface RecurrentSpec {
  /** Features of x_t. */
  readonly inputSize: number;
  /** Units of the hidden state h_t. */
  readonly hiddenSize: number;
  /** Outputs of the readout y = W_hy·h_T + b_y; leave out for a network without a readout. */
  readonly outputSize?: number;
  /** How the input weights W_x· are drawn (default `'xavierNormal'`). */
  readonly init?: InitializerSpec;
  /** How the recurrent weights W_h· are drawn (default `'orthogonal'`). */
  readonly recurrentInit?: InitializerSpec;
  /** How W_hy is drawn (default `'xavierNormal'`). */
  readonly readoutInit?: InitializerSpec;
  /** Whether the network has biases (default true; they start at zero unless a network says otherwise). */
  readonly bias?: boolean;
  /** Number format (default `'float64'`). */
  readonly dtype?: DType;
  /** Seed of the weights' random source (default 0). Give `seed` or `random`, not both. */
  readonly seed?: number | string;
  /** The weights' random source. */
  readonly random?: Random;
}

/**
 * The defaults every recurrent network shares. Input weights: Xavier (Glorot & Bengio 2010). Recurrent weights:
 * orthogonal (Saxe et al. 2014; the default of Keras's recurrent layers): every singular value of W_hh is 1, so the
 * only thing that shrinks the backward signal at initialization is the activation's slope g'(z), which is what the
 * lessons want to isolate. (`scaledIdentityInit(k)` gives the lessons' k·I; Le, Jaitly & Hinton 2015 use I.)
 * A consequence worth knowing: with small inputs (the adding problem's are in [0, 1)) a tanh unit stays near its
 * linear regime, so a default tanh RNN barely loses gradient over 30 steps at initialization. To show the classic
 * vanishing, give it PyTorch's default weights, `uniformInit(1 / Math.sqrt(hiddenSize))`, whose W_hh has spectral
 * radius ≈ 1/√3 (rnn.test.ts measures ‖∂L/∂h_1‖/‖∂L/∂h_30‖ below 1e-4).
 *
 * @internal
 * @example
 * ```ts
 * RECURRENT_DEFAULTS.recurrentInit; // 'orthogonal'
 * ```
 */
export const RECURRENT_DEFAULTS = {
  init: 'xavierNormal',
  recurrentInit: 'orthogonal',
  readoutInit: 'xavierNormal',
  bias: true,
  dtype: 'float64',
  seed: 0,
} as const;

const RECURRENT_KEYS = [
  'inputSize',
  'hiddenSize',
  'outputSize',
  'init',
  'recurrentInit',
  'readoutInit',
  'bias',
  'dtype',
  'seed',
  'random',
];

/**
 * What `resolveRecurrentSpec` returns: the shared options, validated, with defaults filled in.
 *
 * @internal
 * @example
 * ```ts
 * const { hiddenSize, dtype, random } = resolveRecurrentSpec({ inputSize: 2, hiddenSize: 4 }, 'myCell');
 * ```
 */
export interface ResolvedRecurrentSpec {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number | null;
  readonly init: Initializer;
  readonly recurrentInit: Initializer;
  readonly readoutInit: Initializer;
  readonly bias: boolean;
  readonly dtype: DType;
  readonly random: Random;
  /**
   * A weight drawn from `init` (for W_x·, rows × inputSize) or `recurrentInit` (for W_h·, rows × hiddenSize),
   * checked to have the requested shape and dtype.
   */
  weight(name: string, kind: 'input' | 'recurrent', rows: number): Param;
  /** A zero bias of `rows` units, or null when the network has no biases. */
  biasParam(name: string, rows: number): Param | null;
  /** The readout drawn from `readoutInit` (after the cell's weights), or null without `outputSize`. */
  createReadout(): Readout | null;
}

/**
 * Validates the options every recurrent network shares (`context` names the caller in messages) and returns them
 * with the defaults filled in, plus factories for weights, biases and the readout. Draws happen in call order.
 *
 * @internal
 * @example
 * ```ts
 * const spec = resolveRecurrentSpec({ inputSize: 2, hiddenSize: 4, outputSize: 1, seed: 3 }, 'myCell');
 * const W_hh = spec.weight('W_hh', 'recurrent', 4); // 4×4, orthogonal
 * const readout = spec.createReadout(); // W_hy 1×4, b_y 1×1
 * ```
 */
export function resolveRecurrentSpec(
  spec: RecurrentSpec,
  context: string,
  extraKeys: readonly string[] = [],
): ResolvedRecurrentSpec {
  expectKnownKeys(
    'spec',
    spec,
    [...RECURRENT_KEYS, ...extraKeys],
    '{ inputSize, hiddenSize, outputSize }',
    context,
  );
  const inputSize = expectPositiveInteger('spec.inputSize', spec.inputSize, context);
  const hiddenSize = expectPositiveInteger('spec.hiddenSize', spec.hiddenSize, context);
  const outputSize =
    spec.outputSize === undefined ? null : expectPositiveInteger('spec.outputSize', spec.outputSize, context);
  const init = resolveInitializer(spec.init ?? RECURRENT_DEFAULTS.init, 'spec.init', context);
  const recurrentInit = resolveInitializer(
    spec.recurrentInit ?? RECURRENT_DEFAULTS.recurrentInit,
    'spec.recurrentInit',
    context,
  );
  const readoutInit = resolveInitializer(
    spec.readoutInit ?? RECURRENT_DEFAULTS.readoutInit,
    'spec.readoutInit',
    context,
  );
  const bias = expectBoolean('spec.bias', spec.bias ?? RECURRENT_DEFAULTS.bias, context);
  const dtype = expectDType('spec.dtype', spec.dtype, context);
  const random = randomFromSpec(spec, RECURRENT_DEFAULTS.seed, context);

  const draw = (
    name: string,
    initializer: Initializer,
    argument: string,
    rows: number,
    cols: number,
  ): Param => {
    const value = initializer.create(rows, cols, random, dtype);
    if (!isMatrix(value) || value.rows !== rows || value.cols !== cols || value.dtype !== dtype) {
      throw new GradscopeArgumentError(
        argument,
        initializer.name,
        `an initializer that returns a ${rows}×${cols} ${dtype} matrix (for ${name})`,
        context,
      );
    }
    return createParam(name, value);
  };
  const biasParam = (name: string, rows: number): Param | null =>
    bias ? createParam(name, zeros(rows, 1, dtype)) : null;

  return {
    inputSize,
    hiddenSize,
    outputSize,
    init,
    recurrentInit,
    readoutInit,
    bias,
    dtype,
    random,
    weight(name, kind, rows) {
      return kind === 'input'
        ? draw(name, init, 'spec.init', rows, inputSize)
        : draw(name, recurrentInit, 'spec.recurrentInit', rows, hiddenSize);
    },
    biasParam,
    createReadout() {
      if (outputSize === null) return null;
      return {
        W_hy: draw('W_hy', readoutInit, 'spec.readoutInit', outputSize, hiddenSize),
        b_y: biasParam('b_y', outputSize),
      };
    },
  };
}

/**
 * What `recurrentForward` returns. Indices are 0-based: `hs[t]` is the state after reading `xs[t]`.
 *
 * @example
 * ```ts
 * const { hs, output, tape } = rnnForward(rnn, xs);
 * tape.operations.length; // the operations BPTT will replay
 * ```
 */
export interface RecurrentForwardResult {
  /** The network that ran (backward checks it is given the same one). */
  readonly network: RecurrentNetwork;
  /** The hidden states: hs[t] = h_{t+1} in the lessons' 1-based notation, hiddenSize × m each. */
  readonly hs: readonly Matrix[];
  /** The readout of the last state, outputSize × m, or null when the network has none. */
  readonly output: Matrix | null;
  /** The initial state h_0 that was used (zeros unless given). */
  readonly h0: Matrix;
  /** The recorded tape; `recurrentBackward` replays it. */
  readonly tape: Tape;
  /** The tape's nodes for the inputs, h_0, the states and the output (their `grad` is filled by backward). */
  readonly nodes: {
    readonly xs: readonly TapeNode[];
    readonly h0: TapeNode;
    readonly hs: readonly TapeNode[];
    readonly output: TapeNode | null;
  };
}

/**
 * The upstream gradients of a backward pass: give `dOutput`, `dHs`, or both.
 *
 * @example
 * ```ts
 * rnnBackward(rnn, forward, { dOutput: meanSquaredError.gradient(forward.output!, y) });
 * rnnBackward(rnn, forward, { dHs: forward.hs.map((h, t) => (t === 3 ? full(h.rows, h.cols, 1) : null)) });
 * ```
 */
export interface RecurrentGradients {
  /** ∂L/∂y for the readout y (outputSize × m). */
  readonly dOutput?: Matrix;
  /**
   * ∂ℓ_t/∂h_t of losses placed directly on the states: one entry per step (hiddenSize × m), or null/undefined for
   * a step without one.
   */
  readonly dHs?: readonly (Matrix | null | undefined)[];
}

/**
 * What `recurrentBackward` returns; parameter gradients are in each Param's `grad`.
 *
 * @example
 * ```ts
 * const { hiddenGradNorms, dXs, dH0 } = rnnBackward(rnn, forward, { dOutput });
 * rnn.W_hh.grad; // ∂L/∂W_hh, summed over the steps
 * ```
 */
export interface RecurrentBackwardResult {
  /**
   * ‖∂L/∂h_t‖ for every step (index t as in `hs`): the Frobenius norm over the hiddenSize × m matrix, i.e. over
   * the units and the examples. This is the curve the lessons plot: how the gradient decays or grows going back.
   */
  readonly hiddenGradNorms: Float64Array;
  /** ∂L/∂h_t for every step, the total that flowed into the state (hiddenSize × m). */
  readonly dHs: readonly Matrix[];
  /** ∂L/∂x_t for every step (inputSize × m). */
  readonly dXs: readonly Matrix[];
  /** ∂L/∂h_0 (hiddenSize × m). */
  readonly dH0: Matrix;
  /** The network's parameters, whose `grad` this pass wrote. */
  readonly params: readonly Param[];
}

/**
 * Throws unless `value` looks like a RecurrentNetwork.
 *
 * @internal
 * @example
 * ```ts
 * expectRecurrentNetwork('network', rnn, 'recurrentForward');
 * ```
 */
export function expectRecurrentNetwork(argument: string, value: unknown, context: string): RecurrentNetwork {
  const net = value as Partial<RecurrentNetwork> | null;
  if (
    typeof net !== 'object' ||
    net === null ||
    typeof net.step !== 'function' ||
    !Number.isInteger(net.inputSize) ||
    !Number.isInteger(net.hiddenSize) ||
    !Array.isArray(net.params)
  ) {
    throw new GradscopeArgumentError(
      argument,
      value,
      'a recurrent network (from vanillaRnn or gru)',
      context,
    );
  }
  return net as RecurrentNetwork;
}

/**
 * Runs a recurrent network over a sequence, recording every operation on a fresh tape: h_t = step(h_{t−1}, x_t)
 * for t = 1 … T, then the readout of h_T when the network has one. `xs[t]` is inputSize × m (one sequence per
 * column) and must have the network's dtype; `h0` defaults to zeros. The inputs are kept by reference.
 *
 * @example
 * ```ts
 * const net = vanillaRnn({ inputSize: 2, hiddenSize: 8, outputSize: 1, seed: 1 });
 * const { hs, output } = recurrentForward(net, [column([1, 0]), column([0, 1])]);
 * ```
 */
export function recurrentForward(
  network: RecurrentNetwork,
  xs: readonly Matrix[],
  h0?: Matrix,
): RecurrentForwardResult {
  return recurrentForwardPass(network, xs, h0, 'recurrentForward');
}

/**
 * `recurrentForward`, with `context` naming the caller in error messages (`'rnnForward'`).
 *
 * @internal
 * @example
 * ```ts
 * recurrentForwardPass(expectRnn(rnn, 'rnnForward'), xs, h0, 'rnnForward');
 * ```
 */
export function recurrentForwardPass(
  network: RecurrentNetwork,
  xs: readonly Matrix[],
  h0: Matrix | undefined,
  context: string,
): RecurrentForwardResult {
  const net = expectRecurrentNetwork('network', network, context);
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new GradscopeArgumentError(
      'xs',
      xs,
      `a non-empty array of matrices (one ${net.inputSize} × m input per time step)`,
      context,
    );
  }
  let m = 0;
  xs.forEach((x, t) => {
    if (!isMatrix(x) || x.rows !== net.inputSize) {
      const transposed =
        isMatrix(x) && x.cols === net.inputSize ? ` (it looks transposed: ${shapeOf(x)})` : '';
      throw new GradscopeArgumentError(
        `xs[${t}]`,
        x,
        `a matrix with ${net.inputSize} rows (inputSize), one sequence per column${transposed}`,
        context,
      );
    }
    if (t === 0) m = x.cols;
    else if (x.cols !== m) {
      throw new GradscopeArgumentError(
        `xs[${t}]`,
        x,
        `a matrix with ${m} columns, like xs[0] (every step holds the same m sequences)`,
        context,
      );
    }
    if (x.dtype !== net.dtype) {
      throw new GradscopeArgumentError(
        `xs[${t}]`,
        x,
        `a ${net.dtype} matrix, the network's dtype (convert with clone(x, '${net.dtype}'))`,
        context,
      );
    }
  });
  let initial: Matrix;
  if (h0 === undefined) initial = zeros(net.hiddenSize, m, net.dtype);
  else {
    if (!isMatrix(h0) || h0.rows !== net.hiddenSize || h0.cols !== m || h0.dtype !== net.dtype) {
      throw new GradscopeArgumentError(
        'h0',
        h0,
        `a ${net.dtype} matrix of shape ${net.hiddenSize}×${m} (hiddenSize × the sequences in xs)`,
        context,
      );
    }
    initial = h0;
  }

  const tape = createTape(net.dtype);
  const xNodes = xs.map((x) => tape.leaf(x));
  const h0Node = tape.leaf(initial);
  const hNodes: TapeNode[] = [];
  let h = h0Node;
  for (const x of xNodes) {
    h = net.step(tape, x, h);
    if (
      typeof h !== 'object' ||
      h === null ||
      !isMatrix(h.value) ||
      h.value.rows !== net.hiddenSize ||
      h.value.cols !== m
    ) {
      throw new GradscopeArgumentError(
        'network.step',
        h,
        `a function returning the tape node of h_t, a ${net.hiddenSize}×${m} matrix`,
        context,
      );
    }
    hNodes.push(h);
  }
  let outputNode: TapeNode | null = null;
  if (net.readout) {
    const y = tape.matmul(tape.param(net.readout.W_hy), h);
    outputNode = net.readout.b_y ? tape.addBias(y, tape.param(net.readout.b_y)) : y;
  }
  return {
    network: net,
    hs: hNodes.map((n) => n.value),
    output: outputNode ? outputNode.value : null,
    h0: initial,
    tape,
    nodes: { xs: xNodes, h0: h0Node, hs: hNodes, output: outputNode },
  };
}

/**
 * Backpropagation through time: seeds ∂L/∂y (`dOutput`) and ∂ℓ_t/∂h_t (`dHs`) into the forward result's nodes,
 * replays its tape in reverse, and writes ∂L/∂θ into every Param's `grad` (overwriting). Returns ‖∂L/∂h_t‖ per step
 * and the gradients of the inputs and h_0. Calling it again on the same result gives the same numbers.
 *
 * @example
 * ```ts
 * const result = recurrentForward(net, xs);
 * const dOutput = meanSquaredError.gradient(result.output!, y);
 * const { hiddenGradNorms, dH0 } = recurrentBackward(net, result, { dOutput });
 * ```
 */
export function recurrentBackward(
  network: RecurrentNetwork,
  result: RecurrentForwardResult,
  gradients: RecurrentGradients,
): RecurrentBackwardResult {
  return recurrentBackwardPass(network, result, gradients, 'recurrentBackward');
}

/**
 * `recurrentBackward`, with `context` naming the caller in error messages (`'rnnBackward'`).
 *
 * @internal
 * @example
 * ```ts
 * recurrentBackwardPass(expectRnn(rnn, 'rnnBackward'), forward, { dOutput }, 'rnnBackward');
 * ```
 */
export function recurrentBackwardPass(
  network: RecurrentNetwork,
  result: RecurrentForwardResult,
  gradients: RecurrentGradients,
  context: string,
): RecurrentBackwardResult {
  const net = expectRecurrentNetwork('network', network, context);
  if (typeof result !== 'object' || result === null || result.network !== net || !result.tape) {
    throw new GradscopeArgumentError(
      'result',
      result,
      `the result of a forward pass of this network (${net.label})`,
      context,
    );
  }
  expectKnownKeys('gradients', gradients, ['dOutput', 'dHs'], '{ dOutput } or { dHs }', context);
  const { dOutput, dHs } = gradients;
  const { nodes, tape } = result;
  const steps = nodes.hs.length;
  const m = result.h0.cols;
  if (dOutput === undefined && dHs === undefined) {
    throw new GradscopeArgumentError(
      'gradients',
      gradients,
      'an object with dOutput (∂L/∂y of the readout), dHs (∂ℓ_t/∂h_t per step), or both',
      context,
    );
  }
  if (dOutput !== undefined) {
    if (nodes.output === null) {
      throw new GradscopeArgumentError(
        'gradients.dOutput',
        dOutput,
        'left out: this network has no readout (give it an outputSize, or pass dHs)',
        context,
      );
    }
    const out = nodes.output.value;
    if (!isMatrix(dOutput) || dOutput.rows !== out.rows || dOutput.cols !== out.cols) {
      throw new GradscopeArgumentError(
        'gradients.dOutput',
        dOutput,
        `a matrix of shape ${shapeOf(out)} (the shape of the output)`,
        context,
      );
    }
  }
  if (dHs !== undefined) {
    if (!Array.isArray(dHs) || dHs.length !== steps) {
      throw new GradscopeArgumentError(
        'gradients.dHs',
        dHs,
        `an array of ${steps} entries, one per time step (a matrix or null)`,
        context,
      );
    }
    dHs.forEach((d, t) => {
      if (d !== null && d !== undefined && (!isMatrix(d) || d.rows !== net.hiddenSize || d.cols !== m)) {
        throw new GradscopeArgumentError(
          `gradients.dHs[${t}]`,
          d,
          `null or a matrix of shape ${net.hiddenSize}×${m} (hiddenSize × m)`,
          context,
        );
      }
    });
  }

  // Zeroing the Params too covers one the tape never touched (its gradient is then exactly zero, not stale).
  for (const p of net.params) p.grad.data.fill(0);
  tape.zeroGrad();
  if (dOutput !== undefined && nodes.output !== null) nodes.output.grad.data.set(dOutput.data);
  if (dHs !== undefined) {
    dHs.forEach((d, t) => {
      if (d !== null && d !== undefined) nodes.hs[t].grad.data.set(d.data);
    });
  }
  tape.backward();

  const hiddenGradNorms = new Float64Array(steps);
  for (let t = 0; t < steps; t++) hiddenGradNorms[t] = frobeniusNorm(nodes.hs[t].grad);
  return {
    hiddenGradNorms,
    dHs: nodes.hs.map((n) => n.grad),
    dXs: nodes.xs.map((n) => n.grad),
    dH0: nodes.h0.grad,
    params: net.params,
  };
}
