/**
 * What every layer of a network is: a forward rule, a backward rule beside it, its parameters, and the trace it
 * keeps between the two (as convnetjs's `FullyConnLayer` keeps its input and output for its backward pass).
 *
 * Notation of the lessons, for a layer l and a batch of m examples (one example per column):
 *   input a^[l−1] (n_{l−1} × m) → z^[l] (n_l × m, pre-activation) → a^[l] = g(z^[l]) (n_l × m, the output).
 * Backward receives dA = ∂L/∂a^[l] and returns delta = ∂L/∂z^[l] and dInput = ∂L/∂a^[l−1]; it writes
 * ∂L/∂θ into `param.grad` for each parameter θ of the layer (overwriting, never accumulating).
 *
 * Every pass returns fresh matrices by default: a trace (z, a) or gradients (delta, dInput) a caller holds is never
 * overwritten by a later pass, so "before" and "after" are two objects. Training loops pass `reuse = true` instead:
 * the layer then writes into buffers it keeps for that purpose (`createLayerBuffers`, shared by every kind of
 * layer), allocated again only when the batch size changes, which keeps the heap flat over thousands of steps.
 * Those buffers are never handed out by a fresh pass, so a reusing pass cannot overwrite a trace a caller kept.
 * Parameter gradients are the exception by design: `param.grad` is the parameter's own matrix, which every backward
 * pass overwrites (it is what optimizers read).
 */

import type { Activation } from './activations.js';
import type { DType } from './dtype.js';
import { GradscopeArgumentError, expectOneOf, expectPositiveInteger } from './errors.js';
import { clone, expectMatrix, isMatrix, shapeOf, zeros, type Matrix } from './matrix.js';

/**
 * A learnable parameter: its current value and the gradient of the loss with respect to it (same shape), as
 * written by the last backward pass. Optimizers read `grad` and update `value` in place.
 *
 * @example
 * ```ts
 * const [W, b] = dense({ inputSize: 2, outputSize: 3, random: createRandom(1) }).params;
 * W.name; // 'W'
 * ```
 */
export interface Param {
  readonly name: string;
  readonly value: Matrix;
  readonly grad: Matrix;
}

/**
 * `'train'` uses the statistics of the current batch (batch norm) and updates running statistics; `'eval'` uses
 * the running statistics and changes nothing. Layers without batch statistics behave the same in both.
 *
 * @example
 * ```ts
 * forward(net, X, { mode: 'eval' });
 * ```
 */
export type Mode = 'train' | 'eval';

/**
 * Every mode, for validation.
 *
 * @example
 * ```ts
 * MODES.includes('eval'); // true
 * ```
 */
export const MODES: readonly Mode[] = ['train', 'eval'];

/**
 * The kinds of layer the engine has.
 *
 * @example
 * ```ts
 * net.layers.filter((l) => l.kind === 'batchNorm').length;
 * ```
 */
export type LayerKind = 'dense' | 'batchNorm' | 'layerNorm' | 'residual';

/**
 * What a forward pass through one layer leaves behind: its input, its pre-activation z and its output a.
 * The statistics and the lessons' plots read exactly this.
 *
 * z and a are fresh matrices (the input is the caller's matrix, not a copy), unless the pass was asked to reuse
 * the layer's buffers, as training loops do: then the next reusing pass overwrites them.
 *
 * A residual block's trace has z = x + F(x) and a = g(z) (g is identity unless the block was given an
 * activation), and `inner` holds the traces of the layers of F in order.
 *
 * @example
 * ```ts
 * const t = layer.forward(X, 'train');
 * t.z; // n_l × m, before the activation
 * ```
 */
export interface LayerTrace {
  readonly input: Matrix;
  readonly z: Matrix;
  readonly a: Matrix;
  /** The kind of layer that produced this trace. */
  readonly kind?: LayerKind;
  /** The producing layer's label, for plots and tables. */
  readonly label?: string;
  /** The activation g with a = g(z): the statistics use it to count saturated or dead units. */
  readonly activation?: Activation;
  /** Residual blocks only: the traces of the inner layers F, in forward order. */
  readonly inner?: readonly LayerTrace[];
}

/**
 * What a backward pass through one layer returns: delta = ∂L/∂z (same shape as z) and dInput = ∂L/∂input
 * (same shape as the input). Parameter gradients are written into `params[i].grad`; `params` lists them again
 * here so a gradient result can be inspected on its own. delta and dInput are fresh matrices, unless the pass was
 * asked to reuse the layer's buffers (as a trace's).
 *
 * @example
 * ```ts
 * const { delta, dInput } = layer.backward(dA);
 * ```
 */
export interface LayerGradients {
  readonly delta: Matrix;
  readonly dInput: Matrix;
  /** The kind of layer that produced these gradients. */
  readonly kind?: LayerKind;
  /** The producing layer's label. */
  readonly label?: string;
  /** The parameters whose `grad` this pass wrote (the layer's `params`). */
  readonly params?: readonly Param[];
  /** Residual blocks only: the gradients of the inner layers F, in forward order. */
  readonly inner?: readonly LayerGradients[];
}

/**
 * A layer: forward and backward side by side, its parameters, and the shapes it maps between.
 * `forward` must run before `backward`; backward uses what forward kept.
 *
 * @example
 * ```ts
 * const layer = dense({ inputSize: 2, outputSize: 2, activation: 'tanh', random: createRandom(1) });
 * const trace = layer.forward(column([1, -1]), 'train');
 * const grads = layer.backward(full(2, 1, 1));
 * ```
 */
export interface Layer {
  readonly kind: LayerKind;
  readonly label: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly params: readonly Param[];
  /** The activation applied last, a = g(z), when the layer has one. */
  readonly activation?: Activation;
  /** Residual blocks only: the inner layers F. */
  readonly inner?: readonly Layer[];
  /**
   * Runs the layer on `input` and returns its trace, in fresh matrices; with `reuse` true (what training loops
   * pass), in buffers the layer keeps, which its next reusing pass overwrites.
   */
  forward(input: Matrix, mode: Mode, reuse?: boolean): LayerTrace;
  /**
   * Backpropagates through the last forward pass; `reuse` as in `forward`. Overwrites each `param.grad`, unless
   * `parameters` is false: then only the deltas and dInput are computed and every `param.grad` is left as it was
   * (for measuring how a gradient flows, which does not need dW: half a dense layer's backward products).
   */
  backward(dOutput: Matrix, reuse?: boolean, parameters?: boolean): LayerGradients;
  /** The trace of the last forward pass (null before the first). */
  readonly lastTrace?: LayerTrace | null;
  /** The gradients of the last backward pass (null before the first). */
  readonly lastGradients?: LayerGradients | null;
}

/**
 * A parameter with the given value and a zero gradient of the same shape and dtype.
 *
 * @example
 * ```ts
 * const W = createParam('W[1]', identity(2, 1.5));
 * ```
 */
export function createParam(name: string, value: Matrix): Param {
  if (typeof name !== 'string') throw new GradscopeArgumentError('name', name, 'a string', 'createParam');
  expectMatrix('value', value, 'createParam');
  return { name, value, grad: zeros(value.rows, value.cols, value.dtype) };
}

/**
 * Returns `buffer` when it already has the wanted shape and dtype, else a fresh zero matrix: how layers keep one
 * set of buffers while the batch size stays the same.
 *
 * @internal
 * @example
 * ```ts
 * let z: Matrix | null = null;
 * z = reuseMatrix(z, 4, 32, 'float64'); // allocated once, then returned as is
 * ```
 */
export function reuseMatrix(
  buffer: Matrix | null | undefined,
  rows: number,
  cols: number,
  dtype: DType,
): Matrix {
  if (buffer && buffer.rows === rows && buffer.cols === cols && buffer.dtype === dtype) return buffer;
  return zeros(rows, cols, dtype);
}

/**
 * Validates a layer's optional lecture number `options.index` and returns how it shows: the label prefix
 * `'layer l: '` and the parameter-name suffix `'[l]'` (`W[l]`, `gamma[l]`), both empty without a number.
 *
 * @internal
 * @example
 * ```ts
 * layerNumbering(2, 'dense'); // { labelPrefix: 'layer 2: ', nameSuffix: '[2]' }
 * layerNumbering(undefined, 'dense'); // { labelPrefix: '', nameSuffix: '' }
 * ```
 */
export function layerNumbering(
  index: unknown,
  context: string,
): {
  readonly labelPrefix: string;
  readonly nameSuffix: string;
} {
  if (index === undefined) return { labelPrefix: '', nameSuffix: '' };
  const l = expectPositiveInteger('options.index', index, context);
  return { labelPrefix: `layer ${l}: `, nameSuffix: `[${l}]` };
}

/**
 * What a layer is, apart from its behaviour: the fields every layer object starts with, and what its traces and
 * gradients say about it.
 *
 * @internal
 * @example
 * ```ts
 * const description = { kind: 'dense', label, inputSize: 2, outputSize: 3, dtype, params, activation: g } as const;
 * const layer = { ...description, forward, backward };
 * ```
 */
export interface LayerDescription {
  readonly kind: LayerKind;
  readonly label: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly params: readonly Param[];
  readonly activation: Activation;
}

/**
 * A layer's trace and gradients records: fresh matrices for each pass, or (with `reuse`) the buffers the layer keeps
 * for training loops: z and a (outputSize × m), delta (outputSize × m) and dInput (inputSize × m), allocated again
 * only when the batch size m changes. A fresh pass never hands those buffers out.
 *
 * @internal
 * @example
 * ```ts
 * forward(x, mode, reuse) {
 *   const trace = buffers.traceFor(x, reuse); // z and a to fill, input = x
 *   matmul(W.value, x, trace.z);
 *   applyActivation(g, trace.z, trace.a);
 *   return trace;
 * }
 * ```
 */
export interface LayerBuffers {
  /** The trace of the last forward pass, null before the first: the layer's `lastTrace`. */
  readonly trace: LayerTrace | null;
  /** The gradients of the last backward pass, null before the first: the layer's `lastGradients`. */
  readonly gradients: LayerGradients | null;
  /**
   * The trace for a forward pass of x, with x as its input and z and a for the layer to fill: fresh, or the kept
   * buffers when `reuse` is true. A residual block passes the traces of its inner layers as `inner`.
   */
  traceFor(x: Matrix, reuse: boolean, inner?: readonly LayerTrace[]): LayerTrace;
  /**
   * The gradients for a backward pass, with delta and dInput for the layer to fill (fresh, or kept with `reuse`),
   * after checking that a forward pass has run and that dOutput has the shape of its output
   * (`expectUpstreamGradient`).
   */
  gradientsFor(dOutput: Matrix, reuse: boolean, inner?: readonly LayerGradients[]): LayerGradients;
}

type MutableTrace = { -readonly [K in keyof LayerTrace]: LayerTrace[K] };
type MutableGradients = { -readonly [K in keyof LayerGradients]: LayerGradients[K] };

/**
 * The records every layer keeps between its forward and backward passes (see `LayerBuffers`).
 *
 * @internal
 * @example
 * ```ts
 * const buffers = createLayerBuffers({ kind: 'dense', label, inputSize, outputSize, dtype, params, activation: g });
 * const trace = buffers.traceFor(x, false); // trace.z, trace.a: fresh outputSize × x.cols matrices
 * const { delta, dInput } = buffers.gradientsFor(dA, false);
 * ```
 */
export function createLayerBuffers(spec: LayerDescription): LayerBuffers {
  const { kind, label, inputSize, outputSize, dtype, params, activation } = spec;
  const backwardContext = `${kind}.backward (${label})`;
  let trace: LayerTrace | null = null;
  let gradients: LayerGradients | null = null;
  // The buffers of reusing passes: never returned by a fresh pass, so they overwrite nothing a caller kept.
  let keptTrace: MutableTrace | null = null;
  let keptGradients: MutableGradients | null = null;
  const newTrace = (x: Matrix): MutableTrace => ({
    input: x,
    z: zeros(outputSize, x.cols, dtype),
    a: zeros(outputSize, x.cols, dtype),
    kind,
    label,
    activation,
  });
  const newGradients = (m: number): MutableGradients => ({
    delta: zeros(outputSize, m, dtype),
    dInput: zeros(inputSize, m, dtype),
    params,
    kind,
    label,
  });
  return {
    get trace() {
      return trace;
    },
    get gradients() {
      return gradients;
    },
    traceFor(x, reuse, inner) {
      let current: MutableTrace;
      if (reuse) {
        if (keptTrace === null || keptTrace.z.cols !== x.cols) keptTrace = newTrace(x);
        current = keptTrace;
        current.input = x;
      } else current = newTrace(x);
      if (inner) current.inner = inner;
      trace = current;
      return current;
    },
    gradientsFor(dOutput, reuse, inner) {
      expectUpstreamGradient(dOutput, trace === null ? null : trace.a, backwardContext);
      const m = (trace as LayerTrace).z.cols;
      let current: MutableGradients;
      if (reuse) {
        if (keptGradients === null || keptGradients.delta.cols !== m) keptGradients = newGradients(m);
        current = keptGradients;
      } else current = newGradients(m);
      if (inner) current.inner = inner;
      gradients = current;
      return current;
    },
  };
}

/**
 * Runs x through the layers in order, writing each layer's trace into `traces`, and returns the last output:
 * how a network, and a residual block's F, chain their layers. `reuse` is handed to every layer.
 *
 * @internal
 * @example
 * ```ts
 * const traces: LayerTrace[] = [];
 * const output = forwardLayers(net.layers, X, 'train', traces, false); // traces[l] = the trace of layer l + 1
 * ```
 */
export function forwardLayers(
  layers: readonly Layer[],
  x: Matrix,
  mode: Mode,
  traces: LayerTrace[],
  reuse: boolean,
): Matrix {
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    traces[l] = layers[l].forward(h, mode, reuse);
    h = traces[l].a;
  }
  return h;
}

/**
 * Backpropagates dOutput through the layers in reverse order, writing each layer's gradients into `gradients`,
 * and returns ∂L/∂input of the first layer. `reuse` and `parameters` are handed to every layer.
 *
 * @internal
 * @example
 * ```ts
 * const gradients: LayerGradients[] = [];
 * const dX = backwardLayers(net.layers, dOutput, gradients, false); // after forwardLayers on the same layers
 * ```
 */
export function backwardLayers(
  layers: readonly Layer[],
  dOutput: Matrix,
  gradients: LayerGradients[],
  reuse: boolean,
  parameters = true,
): Matrix {
  let upstream = dOutput;
  for (let l = layers.length - 1; l >= 0; l--) {
    gradients[l] = layers[l].backward(upstream, reuse, parameters);
    upstream = gradients[l].dInput;
  }
  return upstream;
}

/**
 * Validates a mode argument (default `'train'`).
 *
 * @internal
 * @example
 * ```ts
 * expectMode('options.mode', undefined, 'forward'); // 'train'
 * ```
 */
export function expectMode(argument: string, value: unknown, context: string): Mode {
  if (value === undefined) return 'train';
  return expectOneOf(argument, value, MODES, context);
}

/**
 * Throws unless `value` looks like a Layer (kind, sizes, params, forward and backward).
 *
 * @internal
 * @example
 * ```ts
 * expectLayer('layers[0]', dense({ inputSize: 2, outputSize: 2 }), 'network');
 * ```
 */
export function expectLayer(argument: string, value: unknown, context: string): Layer {
  const layer = value as Partial<Layer> | null;
  if (
    typeof layer !== 'object' ||
    layer === null ||
    typeof layer.forward !== 'function' ||
    typeof layer.backward !== 'function' ||
    !Number.isInteger(layer.inputSize) ||
    !Number.isInteger(layer.outputSize) ||
    !Array.isArray(layer.params)
  ) {
    throw new GradscopeArgumentError(
      argument,
      value,
      'a Layer (from dense, batchNorm, layerNorm or residual)',
      context,
    );
  }
  return layer as Layer;
}

/**
 * Throws unless `input` is a matrix with `rows` rows (one example per column).
 *
 * @internal
 * @example
 * ```ts
 * expectExamples('input', X, 2, 'dense 2→3');
 * ```
 */
export function expectExamples(argument: string, input: unknown, rows: number, context: string): Matrix {
  if (!isMatrix(input) || input.rows !== rows) {
    const transposed =
      isMatrix(input) && input.cols === rows ? ` (it looks transposed: ${shapeOf(input)})` : '';
    throw new GradscopeArgumentError(
      argument,
      input,
      `a matrix with ${rows} rows (features), one example per column${transposed}`,
      context,
    );
  }
  return input;
}

/**
 * Throws unless a backward pass can run: a forward pass has run, and `dOutput` has the shape of its output.
 *
 * @internal
 * @example
 * ```ts
 * expectUpstreamGradient(dA, lastA, 'dense.backward (dense 2→3, tanh)');
 * ```
 */
export function expectUpstreamGradient(dOutput: unknown, output: Matrix | null, context: string): Matrix {
  if (output === null) {
    throw new GradscopeArgumentError(
      'dOutput',
      dOutput,
      'given after a forward pass (backward uses what forward kept; none has run yet)',
      context,
    );
  }
  if (!isMatrix(dOutput) || dOutput.rows !== output.rows || dOutput.cols !== output.cols) {
    throw new GradscopeArgumentError(
      'dOutput',
      dOutput,
      `a matrix of shape ${shapeOf(output)} (the shape of the last forward pass's output)`,
      context,
    );
  }
  return dOutput;
}

/**
 * A deep copy of a layer trace (input, z, a and any inner traces), safe from the next forward pass. Pass `input`
 * to use an already-copied matrix as the copy's input (how `copyTrace` chains a^[l−1] into layer l).
 *
 * @internal
 * @example
 * ```ts
 * const kept = copyLayerTrace(layer.forward(X, 'eval'));
 * ```
 */
export function copyLayerTrace(trace: LayerTrace, input: Matrix = clone(trace.input)): LayerTrace {
  const copy: LayerTrace = { ...trace, input, z: clone(trace.z), a: clone(trace.a) };
  if (!trace.inner) return copy;
  const inner: LayerTrace[] = [];
  for (const t of trace.inner)
    inner.push(copyLayerTrace(t, inner.length > 0 ? inner[inner.length - 1].a : input));
  return { ...copy, inner };
}
