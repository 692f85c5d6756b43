/**
 * Backpropagation as a tape, after Andrej Karpathy's recurrentjs `Graph`: every operation of the forward pass
 * computes its value and *records* a closure that knows how to push a gradient back through it; `backward()`
 * replays the closures in reverse order. Each operation's backward rule sits right beside its forward rule, so the
 * whole of backpropagation through time (recurrent.ts) is six small rules plus the order in which they ran.
 *
 * A node holds a value and the gradient of the loss with respect to it, `grad` (same shape). Closures *accumulate*
 * into `grad` (+=): a value used twice, like W_hh at every step or h_{t−1} by both gates of a GRU, receives the
 * sum of its uses' gradients, which is the multivariable chain rule.
 *
 * The nodes, their values and their gradients belong to one tape: a second forward pass builds a new tape, so a
 * result is never overwritten behind a lesson's back. Parameter nodes are the exception by design: their `grad` is
 * the Param's own `grad`, which a backward pass through a network overwrites, like every layer's.
 */

import { activationBackward, applyActivation, type Activation } from './activations.js';
import { expectDType, type DType } from './dtype.js';
import { GradscopeArgumentError } from './errors.js';
import type { Param } from './layer.js';
import { matmul, matmulTransA, matmulTransB } from './matmul.js';
import { isMatrix, roundInPlace, shapeOf, zeros, type Matrix } from './matrix.js';
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
