/**
 * A residual block (He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, eq. 1):
 * the input skips over a stack of layers F and is added back to its output.
 *
 * Forward, for the input x (n × m):
 *   F(x) = the inner layers applied in order (each traced as usual)
 *   z    = x + F(x)
 *   a    = g(z)            (g is the identity unless `activation` is given; the original ResNet used ReLU here,
 *                           He et al.'s "Identity Mappings in Deep Residual Networks" (2016) argue for none)
 * Backward, given dA:
 *   delta  = dA ⊙ g'(z)                       (∂L/∂z, the gradient at the sum)
 *   dInput = delta + (∂F/∂x)ᵀ·delta           (the skip path carries delta unchanged, whatever F does to it)
 * which is why gradients survive depth in residual networks: the identity term cannot vanish.
 *
 * The block's trace has z = x + F(x), a = g(z) and `inner`, the traces of F's layers in order; its gradients
 * have `inner` likewise. The statistics (stats.ts) list a block's inner layers, numbered `inner: 1, 2, …`, and
 * then the block itself, in the order the forward pass computes them.
 */

import {
  resolveActivation,
  applyActivation,
  activationBackward,
  type ActivationSpec,
} from './activations.js';
import { GradscopeArgumentError, expectPositiveInteger } from './errors.js';
import {
  expectExamples,
  expectLayer,
  expectUpstreamGradient,
  reuseMatrix,
  type Layer,
  type LayerGradients,
  type LayerTrace,
  type Mode,
  type Param,
} from './layer.js';
import { zeros, type Matrix } from './matrix.js';

/**
 * Options of `residual()`.
 *
 * @example
 * ```ts
 * residual({ inner: [dense({ inputSize: 8, outputSize: 8, activation: 'relu', random })], activation: 'relu' });
 * ```
 */
export interface ResidualOptions {
  /** The layers of F, applied in order; F must map n features to n features. */
  readonly inner: readonly Layer[];
  /** g, applied after the sum x + F(x) (default `'identity'`). */
  readonly activation?: ActivationSpec;
  /** The lecture's layer number, used in the label. */
  readonly index?: number;
}

/**
 * A residual block, with its inner layers exposed.
 *
 * @example
 * ```ts
 * const block = residual({ inner: [dense({ inputSize: 4, outputSize: 4 })] });
 * block.inner[0].label; // 'dense 4→4, identity'
 * ```
 */
export interface ResidualLayer extends Layer {
  readonly kind: 'residual';
  readonly inner: readonly Layer[];
}

/**
 * A residual block a = g(x + F(x)) around the given inner layers.
 *
 * @example
 * ```ts
 * const block = residual({ inner: [dense({ inputSize: 4, outputSize: 4, activation: 'tanh', random })] });
 * const { z, inner } = block.forward(X, 'train'); // z = X + tanh(W·X + b); inner[0] is the dense layer's trace
 * ```
 */
export function residual(options: ResidualOptions): ResidualLayer {
  if (typeof options !== 'object' || options === null) {
    throw new GradscopeArgumentError('options', options, 'an object like { inner: [layers] }', 'residual');
  }
  if (!Array.isArray(options.inner) || options.inner.length === 0) {
    throw new GradscopeArgumentError(
      'options.inner',
      options.inner,
      'a non-empty array of layers',
      'residual',
    );
  }
  const inner: readonly Layer[] = options.inner.map((layer, i) => expectLayer(`options.inner[${i}]`, layer));
  const size = inner[0].inputSize;
  const dtype = inner[0].dtype;
  for (let i = 1; i < inner.length; i++) {
    if (inner[i].inputSize !== inner[i - 1].outputSize) {
      throw new GradscopeArgumentError(
        `options.inner[${i}]`,
        inner[i].label,
        `a layer with inputSize ${inner[i - 1].outputSize} (the outputSize of options.inner[${i - 1}])`,
        'residual',
      );
    }
  }
  inner.forEach((layer, i) => {
    if (layer.dtype !== dtype) {
      throw new GradscopeArgumentError(
        `options.inner[${i}]`,
        layer.label,
        `a ${dtype} layer, like options.inner[0]`,
      );
    }
  });
  const last = inner[inner.length - 1];
  if (last.outputSize !== size) {
    throw new GradscopeArgumentError(
      `options.inner[${inner.length - 1}]`,
      last.label,
      `a layer with outputSize ${size}: x + F(x) needs F to keep the width of its input`,
      'residual',
    );
  }
  const g = resolveActivation(options.activation ?? 'identity', 'options.activation');
  const index =
    options.index === undefined ? undefined : expectPositiveInteger('options.index', options.index);
  const params: readonly Param[] = inner.flatMap((layer) => layer.params);
  const label =
    `${index === undefined ? '' : `layer ${index}: `}residual x + F(x), ${size} wide` +
    (g.name === 'identity' ? '' : `, then ${g.label}`);

  let z: Matrix | null = null;
  let a: Matrix | null = null;
  let delta: Matrix | null = null;
  let dInput: Matrix | null = null;
  const innerTraces: LayerTrace[] = new Array(inner.length);
  const innerGradients: LayerGradients[] = new Array(inner.length);
  let trace: {
    input: Matrix;
    z: Matrix;
    a: Matrix;
    kind: 'residual';
    label: string;
    activation: typeof g;
    inner: LayerTrace[];
  } | null = null;
  let gradients: LayerGradients | null = null;

  const layer: ResidualLayer = {
    kind: 'residual',
    label,
    inputSize: size,
    outputSize: size,
    dtype,
    params,
    activation: g,
    inner,
    get lastTrace() {
      return trace;
    },
    get lastGradients() {
      return gradients;
    },

    forward(x: Matrix, mode: Mode): LayerTrace {
      expectExamples('input', x, size, label);
      const m = x.cols;
      let h = x;
      for (let i = 0; i < inner.length; i++) {
        innerTraces[i] = inner[i].forward(h, mode);
        h = innerTraces[i].a;
      }
      if (z === null || z.cols !== m) {
        z = zeros(size, m, dtype);
        a = zeros(size, m, dtype);
        trace = { input: x, z, a, kind: 'residual', label, activation: g, inner: innerTraces };
      }
      const xd = x.data;
      const fd = h.data;
      const zd = z.data;
      for (let k = 0; k < zd.length; k++) zd[k] = xd[k] + fd[k];
      applyActivation(g, z, a as Matrix);
      (trace as { input: Matrix }).input = x;
      return trace as LayerTrace;
    },

    backward(dOutput: Matrix): LayerGradients {
      expectUpstreamGradient(dOutput, a, label);
      const m = (z as Matrix).cols;
      const deltaBuffer = reuseMatrix(delta, size, m, dtype);
      const dInputBuffer = reuseMatrix(dInput, size, m, dtype);
      if (deltaBuffer !== delta || dInputBuffer !== dInput) {
        delta = deltaBuffer;
        dInput = dInputBuffer;
        gradients = { delta, dInput, params, kind: 'residual', label, inner: innerGradients };
      }
      activationBackward(g, z as Matrix, a as Matrix, dOutput, deltaBuffer);
      let upstream = deltaBuffer;
      for (let i = inner.length - 1; i >= 0; i--) {
        innerGradients[i] = inner[i].backward(upstream);
        upstream = innerGradients[i].dInput;
      }
      const dd = deltaBuffer.data;
      const fd = upstream.data;
      const dx = dInputBuffer.data;
      for (let k = 0; k < dx.length; k++) dx[k] = dd[k] + fd[k];
      return gradients as LayerGradients;
    },
  };
  return layer;
}
