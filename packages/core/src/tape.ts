/**
 * Backpropagation through time as a tape, after Andrej Karpathy's recurrentjs `Graph`: every operation of the
 * forward pass computes its value and *records* a closure that knows how to push a gradient back through it;
 * `backward()` replays the closures in reverse order. Each operation's backward rule sits right beside its forward
 * rule, so the whole of BPTT is six small rules plus the order in which they ran.
 *
 * A node holds a value and the gradient of the loss with respect to it, `grad` (same shape). Closures *accumulate*
 * into `grad` (+=): a value used twice, like W_hh at every step or h_{t−1} by both gates of a GRU, receives the
 * sum of its uses' gradients, which is the multivariable chain rule.
 *
 * For the recurrent networks of rnn.ts and gru.ts, with x_t (inputSize × m, one sequence per column) and a step
 * h_t = f(h_{t−1}, x_t; θ), t = 1 … T, the replay computes (Werbos, "Backpropagation through time: what it does
 * and how to do it", Proc. IEEE 78(10), 1990):
 *   dh_T     = ∂ℓ_T/∂h_T + W_hyᵀ · dy                       (a loss on the last state and on the readout y)
 *   dh_{t−1} = ∂ℓ_{t−1}/∂h_{t−1} + (∂h_t/∂h_{t−1})ᵀ · dh_t  (back one step)
 *   dθ       = Σ_t (∂h_t/∂θ)ᵀ · dh_t                         (a parameter collects every step's share)
 * so the gradient reaching h_t from a loss at step T is multiplied by the T − t Jacobians ∂h_s/∂h_{s−1}: for the
 * vanilla RNN ∂h_t/∂h_{t−1} = diag(g'(z_t))·W_hh, and the product shrinks or grows geometrically (Bengio, Simard &
 * Frasconi, IEEE Trans. Neural Networks 5(2), 1994; Pascanu, Mikolov & Bengio, ICML 2013, eq. 5–7). The norms
 * ‖dh_t‖ that `recurrentBackward` returns as `hiddenGradNorms` are that decay, or growth, measured.
 *
 * The nodes, their values and their gradients belong to one forward pass: a second forward pass builds a new tape,
 * so a result is never overwritten behind a lesson's back. Parameter nodes are the exception by design: their
 * `grad` is the Param's own `grad`, which `recurrentBackward` overwrites (zeroes, then fills), like every layer.
 */

import { activationBackward, applyActivation, type Activation } from './activations.js';
import { expectDType, type DType } from './dtype.js';
import { GradscopeArgumentError, expectBoolean, expectObject, expectPositiveInteger } from './errors.js';
import { gradientCheck } from './gradcheck.js';
import { resolveInitializer, type Initializer, type InitializerSpec } from './initializers.js';
import { createParam, type Param } from './layer.js';
import { frobeniusNorm } from './linalg.js';
import { matmul, matmulTransA, matmulTransB } from './matmul.js';
import { isMatrix, roundInPlace, shapeOf, zeros, type Matrix } from './matrix.js';
import { randomFromSpec, type Random } from './random.js';

// ---------------------------------------------------------------------------------------------------------------
// The tape
// ---------------------------------------------------------------------------------------------------------------

/**
 * A value on the tape and the gradient of the loss with respect to it (same shape, filled by `backward`).
 *
 * @example
 * ```ts
 * const x = tape.leaf(column([1, 2]));
 * x.value; // the matrix
 * x.grad; // ∂L/∂x after tape.backward()
 * ```
 */
export interface TapeNode {
  readonly value: Matrix;
  readonly grad: Matrix;
}

/**
 * A recorder of operations (recurrentjs's `Graph`). Each operation returns a new node and records its backward
 * closure; `backward()` runs the closures in reverse order of recording. All nodes of one tape share its dtype.
 *
 * @example
 * ```ts
 * const tape = createTape();
 * const a = tape.leaf(column([0.5]));
 * const b = tape.hadamard(a, a); // a²
 * b.grad.data[0] = 1;
 * tape.backward(); // a.grad = 2a = [[1]]
 * ```
 */
export interface Tape {
  readonly dtype: DType;
  /** The names of the recorded operations, in forward order (`'matmul'`, `'add'`, `'addBias'`, `'tanh'`, …). */
  readonly operations: readonly string[];
  /** A leaf: a value that no recorded operation produced (an input x_t, h_0). Its grad is a fresh zero matrix. */
  leaf(value: Matrix): TapeNode;
  /** The leaf of a Param: its value, with the Param's own `grad` as the gradient (one node per Param). */
  param(p: Param): TapeNode;
  /** A·B. Backward: dA += dC·Bᵀ, dB += Aᵀ·dC. */
  matmul(A: TapeNode, B: TapeNode): TapeNode;
  /** A + B (same shape). Backward: dA += dC, dB += dC. */
  add(A: TapeNode, B: TapeNode): TapeNode;
  /** Z + b with the column b (n×1) added to every column of Z. Backward: dZ += dC, db += Σ_columns dC. */
  addBias(Z: TapeNode, b: TapeNode): TapeNode;
  /** A ⊙ B (elementwise). Backward: dA += dC ⊙ B, dB += dC ⊙ A. */
  hadamard(A: TapeNode, B: TapeNode): TapeNode;
  /** 1 − A (elementwise), the GRU's (1 − u). Backward: dA −= dC. */
  oneMinus(A: TapeNode): TapeNode;
  /** g(Z) (elementwise). Backward: dZ += dA ⊙ g'(Z). The operation is recorded under g's name. */
  activation(g: Activation, Z: TapeNode): TapeNode;
  /** Sets every node's gradient to zero, the Params' included (before seeding a new backward pass). */
  zeroGrad(): void;
  /** Replays the recorded closures in reverse order: gradients seeded into nodes' `grad` flow to every node. */
  backward(): void;
}

/**
 * A new, empty tape whose nodes have the given dtype (default `'float64'`).
 *
 * @example
 * ```ts
 * const tape = createTape();
 * const W = tape.leaf(matrix([[2, 0], [0, 3]]));
 * const x = tape.leaf(column([1, 1]));
 * const y = tape.activation(activation('tanh'), tape.matmul(W, x));
 * y.grad.data.fill(1); // seed ∂L/∂y for L = Σ y
 * tape.backward(); // x.grad = Wᵀ·(1 − y²), W.grad = (1 − y²)·xᵀ
 * tape.operations; // ['matmul', 'tanh']
 * ```
 */
export function createTape(dtype: DType = 'float64'): Tape {
  const checkedDType = expectDType('dtype', dtype, 'createTape');
  const nodes: TapeNode[] = [];
  const closures: (() => void)[] = [];
  const operations: string[] = [];
  const paramNodes = new Map<Param, TapeNode>();
  // One scratch matrix per shape for the products of the backward rules, shared by all closures: they run one at a
  // time, and each adds its scratch into a gradient before the next closure starts.
  const scratch = new Map<string, Matrix>();
  const scratchOf = (rows: number, cols: number): Matrix => {
    const key = `${rows}x${cols}`;
    let s = scratch.get(key);
    if (s === undefined) {
      s = zeros(rows, cols, checkedDType);
      scratch.set(key, s);
    }
    return s;
  };

  const node = (value: Matrix, grad: Matrix = zeros(value.rows, value.cols, checkedDType)): TapeNode => {
    const n = { value, grad };
    nodes.push(n);
    return n;
  };
  const expectNode = (argument: string, n: unknown, context: string): TapeNode => {
    const candidate = n as Partial<TapeNode> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      !isMatrix(candidate.value) ||
      !isMatrix(candidate.grad)
    ) {
      throw new GradscopeArgumentError(
        argument,
        n,
        'a TapeNode ({ value, grad }) made by this tape',
        context,
      );
    }
    if (candidate.value.dtype !== checkedDType) {
      throw new GradscopeArgumentError(argument, n, `a node of the tape's dtype (${checkedDType})`, context);
    }
    return candidate as TapeNode;
  };
  // The elementwise operations' common start: checked operands of one shape, and a result node of that shape.
  const expectPair = (context: string, A: TapeNode, B: TapeNode): void => {
    expectNode('A', A, context);
    expectNode('B', B, context);
    if (A.value.rows !== B.value.rows || A.value.cols !== B.value.cols) {
      throw new GradscopeArgumentError(
        'B',
        B.value,
        `a matrix of shape ${shapeOf(A.value)}, like A`,
        context,
      );
    }
  };
  const nodeLike = (A: TapeNode): TapeNode => node(zeros(A.value.rows, A.value.cols, checkedDType));
  const accumulate = (target: Matrix, source: Matrix): void => {
    const t = target.data;
    const s = source.data;
    for (let i = 0; i < t.length; i++) t[i] += s[i];
    roundInPlace(target);
  };
  const record = (operation: string, backward: () => void): void => {
    operations.push(operation);
    closures.push(backward);
  };

  const tape: Tape = {
    dtype: checkedDType,
    operations,

    leaf(value) {
      if (!isMatrix(value)) throw new GradscopeArgumentError('value', value, 'a Matrix', 'tape.leaf');
      if (value.dtype !== checkedDType) {
        throw new GradscopeArgumentError(
          'value',
          value,
          `a ${checkedDType} matrix (the tape's dtype)`,
          'tape.leaf',
        );
      }
      return node(value);
    },

    param(p) {
      const known = paramNodes.get(p);
      if (known !== undefined) return known;
      if (
        typeof p !== 'object' ||
        p === null ||
        !isMatrix(p.value) ||
        !isMatrix(p.grad) ||
        p.value.dtype !== checkedDType ||
        p.grad.data.length !== p.value.data.length
      ) {
        throw new GradscopeArgumentError(
          'p',
          p,
          `a Param { name, value, grad } of the tape's dtype (${checkedDType})`,
          'tape.param',
        );
      }
      const n = node(p.value, p.grad);
      paramNodes.set(p, n);
      return n;
    },

    matmul(A, B) {
      expectNode('A', A, 'tape.matmul');
      expectNode('B', B, 'tape.matmul');
      const C = node(matmul(A.value, B.value));
      record('matmul', () => {
        const dA = matmulTransB(C.grad, B.value, scratchOf(A.value.rows, A.value.cols));
        accumulate(A.grad, dA);
        const dB = matmulTransA(A.value, C.grad, scratchOf(B.value.rows, B.value.cols));
        accumulate(B.grad, dB);
      });
      return C;
    },

    add(A, B) {
      expectPair('tape.add', A, B);
      const C = nodeLike(A);
      const a = A.value.data;
      const b = B.value.data;
      const c = C.value.data;
      for (let i = 0; i < c.length; i++) c[i] = a[i] + b[i];
      roundInPlace(C.value);
      record('add', () => {
        accumulate(A.grad, C.grad);
        accumulate(B.grad, C.grad);
      });
      return C;
    },

    addBias(Z, b) {
      expectNode('Z', Z, 'tape.addBias');
      expectNode('b', b, 'tape.addBias');
      const rows = Z.value.rows;
      const cols = Z.value.cols;
      if (b.value.rows !== rows || b.value.cols !== 1) {
        throw new GradscopeArgumentError('b', b.value, `a column of shape ${rows}×1`, 'tape.addBias');
      }
      const C = node(zeros(rows, cols, checkedDType));
      const z = Z.value.data;
      const c = C.value.data;
      for (let i = 0; i < rows; i++) {
        const bi = b.value.data[i];
        for (let j = i * cols; j < (i + 1) * cols; j++) c[j] = z[j] + bi;
      }
      roundInPlace(C.value);
      record('addBias', () => {
        accumulate(Z.grad, C.grad);
        const dC = C.grad.data;
        for (let i = 0; i < rows; i++) {
          let sum = 0;
          for (let j = i * cols; j < (i + 1) * cols; j++) sum += dC[j];
          b.grad.data[i] += sum;
        }
        roundInPlace(b.grad);
      });
      return C;
    },

    hadamard(A, B) {
      expectPair('tape.hadamard', A, B);
      const C = nodeLike(A);
      const a = A.value.data;
      const b = B.value.data;
      const c = C.value.data;
      for (let i = 0; i < c.length; i++) c[i] = a[i] * b[i];
      roundInPlace(C.value);
      record('hadamard', () => {
        const dC = C.grad.data;
        const dA = A.grad.data;
        const dB = B.grad.data;
        for (let i = 0; i < dC.length; i++) {
          dA[i] += dC[i] * b[i];
          dB[i] += dC[i] * a[i];
        }
        roundInPlace(A.grad);
        roundInPlace(B.grad);
      });
      return C;
    },

    oneMinus(A) {
      expectNode('A', A, 'tape.oneMinus');
      const C = nodeLike(A);
      const a = A.value.data;
      const c = C.value.data;
      for (let i = 0; i < c.length; i++) c[i] = 1 - a[i];
      roundInPlace(C.value);
      record('oneMinus', () => {
        const dC = C.grad.data;
        const dA = A.grad.data;
        for (let i = 0; i < dC.length; i++) dA[i] -= dC[i];
        roundInPlace(A.grad);
      });
      return C;
    },

    activation(g, Z) {
      expectNode('Z', Z, 'tape.activation');
      const A = node(applyActivation(g, Z.value));
      record(g.name, () => {
        const dZ = activationBackward(g, Z.value, A.value, A.grad, scratchOf(Z.value.rows, Z.value.cols));
        accumulate(Z.grad, dZ);
      });
      return A;
    },

    zeroGrad() {
      for (const n of nodes) n.grad.data.fill(0);
    },

    backward() {
      // Gradients seeded by a raw write (grad.data.fill(1), .set(dOutput.data)) become numbers of the dtype first.
      for (const n of nodes) roundInPlace(n.grad);
      for (let i = closures.length - 1; i >= 0; i--) closures[i]();
    },
  };
  return tape;
}

// ---------------------------------------------------------------------------------------------------------------
// Recurrent networks on the tape: what rnn.ts and gru.ts share (options, readout, BPTT)
// ---------------------------------------------------------------------------------------------------------------

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

/**
 * What `resolveRecurrentSpec` returns: the shared options, validated, with defaults filled in.
 *
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
 * @example
 * ```ts
 * const spec = resolveRecurrentSpec({ inputSize: 2, hiddenSize: 4, outputSize: 1, seed: 3 }, 'myCell');
 * const W_hh = spec.weight('W_hh', 'recurrent', 4); // 4×4, orthogonal
 * const readout = spec.createReadout(); // W_hy 1×4, b_y 1×1
 * ```
 */
export function resolveRecurrentSpec(spec: RecurrentSpec, context: string): ResolvedRecurrentSpec {
  expectObject('spec', spec, '{ inputSize, hiddenSize, outputSize }', context);
  const inputSize = expectPositiveInteger('spec.inputSize', spec.inputSize, context);
  const hiddenSize = expectPositiveInteger('spec.hiddenSize', spec.hiddenSize, context);
  const outputSize =
    spec.outputSize === undefined ? null : expectPositiveInteger('spec.outputSize', spec.outputSize, context);
  const init = resolveInitializer(spec.init ?? RECURRENT_DEFAULTS.init, 'spec.init');
  const recurrentInit = resolveInitializer(
    spec.recurrentInit ?? RECURRENT_DEFAULTS.recurrentInit,
    'spec.recurrentInit',
  );
  const readoutInit = resolveInitializer(
    spec.readoutInit ?? RECURRENT_DEFAULTS.readoutInit,
    'spec.readoutInit',
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

/** Throws unless `value` looks like a RecurrentNetwork. */
function expectRecurrentNetwork(argument: string, value: unknown, context: string): RecurrentNetwork {
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
 * @param context the caller's name in error messages (`'rnnForward'`).
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
  context = 'recurrentForward',
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
 * @param context the caller's name in error messages (`'rnnBackward'`).
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
  context = 'recurrentBackward',
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
  expectObject('gradients', gradients, '{ dOutput } or { dHs }', context);
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

// ---------------------------------------------------------------------------------------------------------------
// Checking BPTT against finite differences
// ---------------------------------------------------------------------------------------------------------------

/**
 * A scalar loss of a forward pass, with its upstream gradients (∂L/∂y and/or ∂ℓ_t/∂h_t).
 *
 * @example
 * ```ts
 * const objective: RecurrentObjective = (f) => ({
 *   value: meanSquaredError.value(f.output!, y),
 *   gradients: { dOutput: meanSquaredError.gradient(f.output!, y) },
 * });
 * ```
 */
export type RecurrentObjective = (forward: RecurrentForwardResult) => {
  readonly value: number;
  readonly gradients: RecurrentGradients;
};

/**
 * Options of `recurrentGradientCheck`.
 *
 * @example
 * ```ts
 * recurrentGradientCheck(rnn, xs, objective, { h0: full(8, 4, 0.1), tolerance: 1e-6 });
 * ```
 */
export interface RecurrentGradientCheckOptions {
  /** The initial state (default zeros); its gradient is checked too. */
  readonly h0?: Matrix;
  /** Passed on to `gradientCheck` (defaults ε = 1e−5, tolerance 1e−6). */
  readonly epsilon?: number;
  readonly tolerance?: number;
}

/**
 * One checked quantity: a parameter (by name), an input `xs[t]`, or `h0`.
 *
 * @example
 * ```ts
 * display(recurrentGradientCheck(rnn, xs, objective)); // a table: name, maxRelativeError, largest, passed
 * ```
 */
export interface RecurrentGradientCheckRow {
  readonly name: string;
  /** The largest relative error between backpropagated and centred finite-difference entries. */
  readonly maxRelativeError: number;
  /** max |backpropagated entry|: a check of an all-zero gradient would prove nothing. */
  readonly largest: number;
  readonly passed: boolean;
}

/**
 * Checks BPTT for a (float64) recurrent network: the gradient of `objective` with respect to every parameter, every
 * input x_t and h_0, backpropagated through the tape, against centred finite differences (`gradientCheck`). Any
 * cell built on the tape can be checked this way.
 *
 * @example
 * ```ts
 * const rows = recurrentGradientCheck(rnn, xs, (f) => ({
 *   value: meanSquaredError.value(f.output!, y),
 *   gradients: { dOutput: meanSquaredError.gradient(f.output!, y) },
 * }));
 * rows.every((r) => r.passed); // true
 * ```
 */
export function recurrentGradientCheck(
  network: RecurrentNetwork,
  xs: readonly Matrix[],
  objective: RecurrentObjective,
  options: RecurrentGradientCheckOptions = {},
): RecurrentGradientCheckRow[] {
  const context = 'recurrentGradientCheck';
  const net = expectRecurrentNetwork('network', network, context);
  if (net.dtype !== 'float64') {
    throw new GradscopeArgumentError(
      'network',
      net.label,
      'a float64 network (finite differences need float64)',
      context,
    );
  }
  if (typeof objective !== 'function') {
    throw new GradscopeArgumentError(
      'objective',
      objective,
      'a function (forward) => { value, gradients }',
      context,
    );
  }
  expectObject('options', options, '{ h0, tolerance }', context);
  const first = recurrentForward(net, xs, options.h0, context);
  const h0 = first.h0; // the same matrix on every run, so its entries can be perturbed too
  recurrentBackward(net, first, objective(first).gradients, context);
  const f = (): number => objective(recurrentForward(net, xs, h0, context)).value;
  const checkOptions = { epsilon: options.epsilon, tolerance: options.tolerance };
  const row = (name: string, x: Matrix, analytic: Float64Array): RecurrentGradientCheckRow => {
    const { maxRelativeError, passed } = gradientCheck(f, x.data as Float64Array, analytic, checkOptions);
    let largest = 0;
    for (let i = 0; i < analytic.length; i++) largest = Math.max(largest, Math.abs(analytic[i]));
    return { name, maxRelativeError, largest, passed };
  };
  // Snapshots: the finite-difference runs are forward passes only, but the Params' grads belong to whichever
  // backward pass runs next.
  const params = net.params.map((p) => ({ p, analytic: Float64Array.from(p.grad.data) }));
  const inputs = first.nodes.xs.map((n) => Float64Array.from(n.grad.data));
  const initial = Float64Array.from(first.nodes.h0.grad.data);
  return [
    ...params.map(({ p, analytic }) => row(p.name, p.value, analytic)),
    ...xs.map((x, t) => row(`xs[${t}]`, x, inputs[t])),
    row('h0', h0, initial),
  ];
}
