/**
 * What batch normalization (batchnorm.ts) and layer normalization (layernorm.ts) share: their options, and the
 * learnable γ and β with which both scale and shift each feature i of the normalized input,
 *   z_ij = γ_i·x̂_ij + β_i
 * Where they differ is the axis of the statistics in x̂ = (x − μ)/√(σ² + ε): batch norm takes μ and σ² of feature
 * i over the examples of the batch (row i; Ioffe & Szegedy, ICML 2015, Algorithm 1), layer norm those of example
 * j over its features (column j; Ba, Kiros & Hinton 2016, eq. 4). Storage is row-major, so a row's sums are
 * contiguous reductions and a column's are accumulated while sweeping the rows: each layer keeps the loops that
 * suit its axis (one loop over a strided index, tried for both, ran batch norm 1.5–1.8 times slower).
 */

import { resolveActivation, type ActivationSpec } from './activations.js';
import { expectDType, type DType } from './dtype.js';
import { expectKnownKeys, expectPositiveInteger, expectPositiveNumber } from './errors.js';
import { createParam, layerNumbering, type Layer, type LayerDescription, type Param } from './layer.js';
import { full, zeros } from './matrix.js';

/**
 * The options batch norm and layer norm share (`BatchNormOptions` adds `momentum`).
 *
 * @example
 * ```ts
 * const options: NormalizationOptions = { size: 64, activation: 'relu', epsilon: 1e-3 };
 * ```
 */
export interface NormalizationOptions {
  /** n: features per example (rows); the output has the same size. */
  readonly size: number;
  /** g, applied after γ·x̂ + β (default `'identity'`). */
  readonly activation?: ActivationSpec;
  /** ε added to the variance before the square root (default 1e-5). */
  readonly epsilon?: number;
  /** Number format (default `'float64'`). */
  readonly dtype?: DType;
  /** The lecture's number of the dense layer this normalizes, used in the label and the parameter names. */
  readonly index?: number;
}

/**
 * The defaults batch norm and layer norm share.
 *
 * @example
 * ```ts
 * NORMALIZATION_DEFAULTS.epsilon; // 1e-5
 * ```
 */
export const NORMALIZATION_DEFAULTS = {
  activation: 'identity',
  epsilon: 1e-5,
  dtype: 'float64',
} as const;

/**
 * What a batch-norm or layer-norm layer exposes beyond a Layer: its γ, β and ε.
 *
 * @example
 * ```ts
 * const norm: NormalizationLayer = layerNorm({ size: 3 });
 * norm.gamma.value; // [[1], [1], [1]]
 * ```
 */
export interface NormalizationLayer extends Layer {
  /** γ (n × 1), initialized to 1. */
  readonly gamma: Param;
  /** β (n × 1), initialized to 0. */
  readonly beta: Param;
  readonly epsilon: number;
}

/**
 * The validated options of a normalization layer: the layer's description (label, sizes, dtype, its parameters
 * [γ, β] and its activation) and what the normalization itself needs.
 *
 * @internal
 * @example
 * ```ts
 * const { description, gamma } = resolveNormalization({ size: 3, index: 2 }, 'layerNorm');
 * description.label; // 'layer 2: layer norm 3, identity'
 * gamma.value; // 3×1 ones
 * ```
 */
export interface NormalizationSetup<K extends 'batchNorm' | 'layerNorm'> {
  readonly description: LayerDescription & { readonly kind: K };
  readonly size: number;
  readonly epsilon: number;
  /** γ (n × 1), initialized to 1, named `gamma` or `gamma[l]`. */
  readonly gamma: Param;
  /** β (n × 1), initialized to 0, named `beta` or `beta[l]`. */
  readonly beta: Param;
}

const TITLES = { batchNorm: 'batch norm', layerNorm: 'layer norm' } as const;

/**
 * The option names every normalization layer accepts (batch norm adds `momentum`).
 *
 * @internal
 * @example
 * ```ts
 * resolveNormalization(options, 'batchNorm', [...NORMALIZATION_KEYS, 'momentum']);
 * ```
 */
export const NORMALIZATION_KEYS: readonly string[] = ['size', 'activation', 'epsilon', 'dtype', 'index'];

/**
 * Validates the options `batchNorm` and `layerNorm` share (`kind` names the caller in messages) and creates γ,
 * β and the layer's description.
 *
 * @internal
 * @example
 * ```ts
 * const { description, size, epsilon, gamma, beta } = resolveNormalization({ size: 4 }, 'batchNorm');
 * description.params; // [gamma, beta]
 * ```
 */
export function resolveNormalization<K extends 'batchNorm' | 'layerNorm'>(
  options: NormalizationOptions,
  kind: K,
  keys: readonly string[] = NORMALIZATION_KEYS,
): NormalizationSetup<K> {
  expectKnownKeys('options', options, keys, '{ size, activation }', kind);
  const size = expectPositiveInteger('options.size', options.size, kind);
  const activation = resolveActivation(
    options.activation ?? NORMALIZATION_DEFAULTS.activation,
    'options.activation',
    kind,
  );
  const epsilon = expectPositiveNumber(
    'options.epsilon',
    options.epsilon ?? NORMALIZATION_DEFAULTS.epsilon,
    kind,
  );
  const dtype = expectDType('options.dtype', options.dtype, kind);
  const { labelPrefix, nameSuffix } = layerNumbering(options.index, kind);
  const gamma = createParam(`gamma${nameSuffix}`, full(size, 1, 1, dtype));
  const beta = createParam(`beta${nameSuffix}`, zeros(size, 1, dtype));
  const description = {
    kind,
    label: `${labelPrefix}${TITLES[kind]} ${size}, ${activation.label}`,
    inputSize: size,
    outputSize: size,
    dtype,
    params: [gamma, beta],
    activation,
  };
  return { description, size, epsilon, gamma, beta };
}
