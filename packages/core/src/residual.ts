/**
 * A residual block (He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition", CVPR 2016, eq. 1):
 * the input skips over a stack of layers F and is added back to its output.
 *
 * Forward, for the input x (n × m):
 *   F(x) = the inner layers applied in order (each traced as usual)
 *   z    = x + s·F(x)      (s, the branch scale, is 1 unless `scale` is given)
 *   a    = g(z)            (g is the identity unless `activation` is given; the original ResNet used ReLU here,
 *                           He et al.'s "Identity Mappings in Deep Residual Networks" (2016) argue for none)
 * Backward, given dA:
 *   delta  = dA ⊙ g'(z)                       (∂L/∂z, the gradient at the sum)
 *   dInput = delta + (∂F/∂x)ᵀ·(s·delta)       (the skip path carries delta unchanged, whatever F does to it)
 * which is why gradients survive depth in residual networks: the identity term cannot vanish.
 *
 * A branch scale s < 1 keeps a deep stack of blocks near the identity at initialization: with an uncorrelated
 * branch each block multiplies the signal's second moment by about 1 + s²·c (c the branch's own gain) instead of
 * 1 + c, so L blocks grow it like (1 + s²·c)^L. Hanin & Rolnick ("How to start training: the effect of
 * initialization and architecture", NeurIPS 2018) prove that ResNets avoid exploding activation lengths when the
 * residual modules are scaled correctly; ReZero (Bachlechner et al., 2020) starts s at 0 and learns it.
 */

import {
  resolveActivation,
  applyActivation,
  activationBackward,
  type ActivationSpec,
} from './activations.js';
import { GradscopeArgumentError, expectFiniteNumber, expectKnownKeys } from './errors.js';
import {
  backwardLayers,
  createLayerBuffers,
  expectExamples,
  expectLayer,
  expectMode,
  forwardLayers,
  layerNumbering,
  reuseMatrix,
  type Layer,
  type LayerGradients,
  type LayerTrace,
  type Mode,
  type Param,
} from './layer.js';
import { roundInPlace, zeros, type Matrix } from './matrix.js';

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
  /** g, applied after the sum x + s·F(x) (default `'identity'`). */
  readonly activation?: ActivationSpec;
  /** s, the branch scale: z = x + s·F(x) (default 1). */
  readonly scale?: number;
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
  /** s, the branch scale of z = x + s·F(x). */
  readonly scale: number;
}

/**
 * A residual block a = g(x + s·F(x)) around the given inner layers (s = `scale`, default 1).
 *
 * @example
 * ```ts
 * const block = residual({ inner: [dense({ inputSize: 4, outputSize: 4, activation: 'tanh', random })] });
 * const { z, inner } = block.forward(X, 'train'); // z = X + tanh(W·X + b); inner[0] is the dense layer's trace
 * const damped = residual({ inner: [dense({ inputSize: 4, outputSize: 4, random })], scale: 0.1 }); // x + 0.1·F(x)
 * ```
 */
export function residual(options: ResidualOptions): ResidualLayer {
  expectKnownKeys(
    'options',
    options,
    ['inner', 'activation', 'scale', 'index'],
    '{ inner: [layers] }',
    'residual',
  );
  const scale = expectFiniteNumber('options.scale', options.scale ?? 1, 'residual');
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
  const branch = scale === 1 ? 'F(x)' : `${scale}·F(x)`;
  const label =
    `${labelPrefix}residual x + ${branch}, ${size} wide` + (g.name === 'identity' ? '' : `, then ${g.label}`);
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
  // s·delta, the gradient handed to F's last layer when s ≠ 1 (kept like the other buffers for reusing passes).
  let keptScaledDelta: Matrix | null = null;

  const layer: ResidualLayer = {
    ...description,
    inner,
    scale,
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
      if (scale === 1) for (let k = 0; k < zd.length; k++) zd[k] = xd[k] + fd[k];
      else for (let k = 0; k < zd.length; k++) zd[k] = xd[k] + scale * fd[k];
      applyActivation(g, roundInPlace(trace.z), trace.a);
      return trace;
    },

    backward(dOutput: Matrix, reuse = false, parameters = true): LayerGradients {
      const innerGradients = reuse ? keptInnerGradients : new Array<LayerGradients>(inner.length);
      const gradients = buffers.gradientsFor(dOutput, reuse, innerGradients);
      const { z, a } = buffers.trace as LayerTrace;
      activationBackward(g, z, a, dOutput, gradients.delta);
      // dInput = delta (the skip path) + (∂F/∂x)ᵀ·(s·delta) (back through F).
      let branchDelta = gradients.delta;
      if (scale !== 1) {
        const { rows, cols, dtype: deltaType } = gradients.delta;
        branchDelta = reuse
          ? (keptScaledDelta = reuseMatrix(keptScaledDelta, rows, cols, deltaType))
          : zeros(rows, cols, deltaType);
        const dd = gradients.delta.data;
        const sd = branchDelta.data;
        for (let k = 0; k < sd.length; k++) sd[k] = scale * dd[k];
        roundInPlace(branchDelta);
      }
      const throughF = backwardLayers(inner, branchDelta, innerGradients, reuse, parameters);
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
