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
import { GradscopeArgumentError, expectKnownKeys } from './errors.js';
import {
  backwardLayers,
  createLayerBuffers,
  expectExamples,
  expectLayer,
  expectMode,
  forwardLayers,
  layerNumbering,
  type Layer,
  type LayerGradients,
  type LayerTrace,
  type Mode,
  type Param,
} from './layer.js';
import { roundInPlace, type Matrix } from './matrix.js';

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
  expectKnownKeys('options', options, ['inner', 'activation', 'index'], '{ inner: [layers] }', 'residual');
  if (!Array.isArray(options.inner) || options.inner.length === 0) {
    throw new GradscopeArgumentError(
      'options.inner',
      options.inner,
      'a non-empty array of layers',
      'residual',
    );
  }
  const inner: readonly Layer[] = options.inner.map((layer, i) =>
    expectLayer(`options.inner[${i}]`, layer, 'residual'),
  );
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
        'residual',
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
  const g = resolveActivation(options.activation ?? 'identity', 'options.activation', 'residual');
  const { labelPrefix } = layerNumbering(options.index, 'residual');
  const params: readonly Param[] = inner.flatMap((layer) => layer.params);
  const label =
    `${labelPrefix}residual x + F(x), ${size} wide` + (g.name === 'identity' ? '' : `, then ${g.label}`);
  const description = {
    kind: 'residual',
    label,
    inputSize: size,
    outputSize: size,
    dtype,
    params,
    activation: g,
  } as const;
  const buffers = createLayerBuffers(description);
  const forwardContext = `residual.forward (${label})`;
  // The inner records of reusing passes, kept like the block's own buffers; a fresh pass gets new arrays.
  const keptInnerTraces: LayerTrace[] = new Array(inner.length);
  const keptInnerGradients: LayerGradients[] = new Array(inner.length);

  const layer: ResidualLayer = {
    ...description,
    inner,
    get lastTrace() {
      return buffers.trace;
    },
    get lastGradients() {
      return buffers.gradients;
    },

    forward(x: Matrix, mode: Mode, reuse = false): LayerTrace {
      expectExamples('input', x, size, forwardContext);
      expectMode('mode', mode, forwardContext);
      const innerTraces = reuse ? keptInnerTraces : new Array<LayerTrace>(inner.length);
      const F = forwardLayers(inner, x, mode, innerTraces, reuse);
      const trace = buffers.traceFor(x, reuse, innerTraces);
      const xd = x.data;
      const fd = F.data;
      const zd = trace.z.data;
      for (let k = 0; k < zd.length; k++) zd[k] = xd[k] + fd[k];
      applyActivation(g, roundInPlace(trace.z), trace.a);
      return trace;
    },

    backward(dOutput: Matrix, reuse = false): LayerGradients {
      const innerGradients = reuse ? keptInnerGradients : new Array<LayerGradients>(inner.length);
      const gradients = buffers.gradientsFor(dOutput, reuse, innerGradients);
      const { z, a } = buffers.trace as LayerTrace;
      activationBackward(g, z, a, dOutput, gradients.delta);
      // dInput = delta (the skip path) + (∂F/∂x)ᵀ·delta (back through F).
      const throughF = backwardLayers(inner, gradients.delta, innerGradients, reuse);
      const dd = gradients.delta.data;
      const fd = throughF.data;
      const dx = gradients.dInput.data;
      for (let k = 0; k < dx.length; k++) dx[k] = dd[k] + fd[k];
      roundInPlace(gradients.dInput);
      return gradients;
    },
  };
  return layer;
}
