/**
 * The finite networks that mean-field theory (meanfield.ts, correlation.ts) describes, and what to measure in them:
 * Poole et al. 2016 and Schoenholz et al. 2017 draw every weight W^[l]_ij ~ N(0, σ_w²/n_{l−1}) and every bias
 * b^[l]_i ~ N(0, σ_b²), so that σ_w² (a variance times the fan-in) and σ_b² (a variance) are the two dials of
 * their phase diagram. `meanFieldNetwork` builds such a network; `layerSecondMoments` and `layerCorrelations` read
 * from a forward trace the two quantities the theory predicts layer by layer:
 *     q^l    = (1/n_l)·Σ_i (z^[l]_i)²                                   the length map's q^l (Poole eq. 3),
 *     c^l_ab = Σ_i z^[l]_ia·z^[l]_ib / √(Σ_i (z^[l]_ia)² · Σ_i (z^[l]_ib)²)   the correlation map's c^l (Poole eq. 4–5).
 * Both are second moments about 0, not about the sample mean: the theory's q and c average over the random
 * weights, whose mean is 0, so a wide layer's units are samples of a zero-mean Gaussian.
 */

import { resolveActivation, type ActivationSpec } from './activations.js';
import {
  GradscopeArgumentError,
  expectKnownKeys,
  expectNonNegativeNumber,
  expectPositiveInteger,
} from './errors.js';
import type { DenseLayer } from './dense.js';
import { expectFans, type Initializer } from './initializers.js';
import { isMatrix, roundInPlace, zeros } from './matrix.js';
import { mlp, type ForwardTrace, type Network } from './network.js';
import { fillNormal, randomFromSpec, type Random } from './random.js';
import type { DType } from './dtype.js';

/**
 * Options of `meanFieldNetwork`.
 *
 * @example
 * ```ts
 * const options: MeanFieldNetworkOptions = { activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05,
 *   inputSize: 8, width: 200, depth: 30, seed: 1 };
 * ```
 */
export interface MeanFieldNetworkOptions {
  /** φ, the activation of every hidden layer. */
  readonly activation: ActivationSpec;
  /** σ_w² (a variance times the fan-in, not σ_w): every W^[l]_ij ~ N(0, σ_w²/n_{l−1}). */
  readonly weightVariance: number;
  /** σ_b² (a variance, not σ_b): every b^[l]_i ~ N(0, σ_b²). Default 0. */
  readonly biasVariance?: number;
  /** n_0, the input's size. */
  readonly inputSize: number;
  /** N, the width of every hidden layer. */
  readonly width: number;
  /** The number of hidden layers, each N units with activation φ. */
  readonly depth: number;
  /**
   * A linear read-out of this many units after the hidden layers (drawn with the same σ_w² and σ_b²), for
   * training; without it the last hidden layer is the output.
   */
  readonly outputSize?: number;
  /** Number format (default `'float64'`). */
  readonly dtype?: DType;
  /** Seed of the random source (default 0). Give `seed` or `random`, not both. */
  readonly seed?: number | string;
  /** The random source: every layer's W, then every layer's b, in layer order. */
  readonly random?: Random;
}

const NETWORK_KEYS = [
  'activation',
  'weightVariance',
  'biasVariance',
  'inputSize',
  'width',
  'depth',
  'outputSize',
  'dtype',
  'seed',
  'random',
];

/**
 * The mean-field initializer: entries N(0, σ_w²/fan_in). `weightVariance` is σ_w², so 1 is LeCun's variance and
 * 2 is He's; the theory's phase diagram is drawn in this σ_w².
 *
 * @example
 * ```ts
 * meanFieldInit(2).std!({ fanIn: 100, fanOut: 100 }); // √(2/100): He normal
 * ```
 */
export function meanFieldInit(weightVariance: number): Initializer {
  const context = 'meanFieldInit';
  const variance = expectNonNegativeNumber('weightVariance', weightVariance, context);
  const stdOf = (fanIn: number): number => Math.sqrt(variance / fanIn);
  return {
    name: 'meanField',
    label: `N(0, ${variance}/fan_in)`,
    create(rows, cols, random, dtype) {
      const W = zeros(rows, cols, dtype);
      fillNormal(W.data, random, 0, stdOf(cols));
      return roundInPlace(W);
    },
    std(fans) {
      return stdOf(expectFans(fans, `${context}(…).std`).fanIn);
    },
  };
}

/**
 * A random network as mean-field theory draws it: `depth` hidden layers of `width` units with activation φ,
 * W^[l]_ij ~ N(0, σ_w²/n_{l−1}), b^[l]_i ~ N(0, σ_b²), and optionally a linear read-out of `outputSize` units.
 * Its layers' q^l and c^l follow `forwardVariance` and `forwardCorrelation` more closely the wider it is.
 *
 * @example
 * ```ts
 * const net = meanFieldNetwork({ activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05,
 *   inputSize: 8, width: 200, depth: 30, seed: 1 });
 * layerSecondMoments(forward(net, X)); // ≈ forwardVariance(…) layer by layer
 * ```
 */
export function meanFieldNetwork(options: MeanFieldNetworkOptions): Network {
  const context = 'meanFieldNetwork';
  expectKnownKeys(
    'options',
    options,
    NETWORK_KEYS,
    '{ activation, weightVariance, biasVariance, inputSize, width, depth }',
    context,
  );
  const activation = resolveActivation(options.activation, 'options.activation', context);
  const weightVariance = expectNonNegativeNumber('options.weightVariance', options.weightVariance, context);
  const biasVariance = expectNonNegativeNumber('options.biasVariance', options.biasVariance ?? 0, context);
  const inputSize = expectPositiveInteger('options.inputSize', options.inputSize, context);
  const width = expectPositiveInteger('options.width', options.width, context);
  const depth = expectPositiveInteger('options.depth', options.depth, context);
  const outputSize =
    options.outputSize === undefined
      ? undefined
      : expectPositiveInteger('options.outputSize', options.outputSize, context);
  const random = randomFromSpec(options, 0, context);
  const hidden = new Array<number>(depth).fill(width);
  const net = mlp({
    sizes: outputSize === undefined ? [inputSize, ...hidden] : [inputSize, ...hidden, outputSize],
    activation,
    outputActivation: outputSize === undefined ? activation : 'identity',
    init: meanFieldInit(weightVariance),
    dtype: options.dtype,
    random,
  });
  // mlp starts every bias at 0; the theory's σ_b² is the variance of a random bias.
  const biasStd = Math.sqrt(biasVariance);
  for (const layer of net.layers) {
    const bias = (layer as DenseLayer).b;
    if (!bias) continue;
    fillNormal(bias.value.data, random, 0, biasStd);
    roundInPlace(bias.value);
  }
  return net;
}

/**
 * q^l = (1/n_l)·Σ_i (z^[l]_i)² for every layer l (entry l − 1), averaged over the examples of the trace: the
 * measured counterpart of `forwardVariance`'s q^l (a second moment about 0, see the file header).
 *
 * @example
 * ```ts
 * layerSecondMoments(forward(net, column(x))); // Float64Array: q^1, q^2, …
 * ```
 */
export function layerSecondMoments(trace: ForwardTrace): Float64Array {
  const layers = expectTrace(trace, 'layerSecondMoments', 1);
  const q = new Float64Array(layers.length);
  layers.forEach((layer, l) => {
    const { data } = layer.z;
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
    q[l] = sum / data.length;
  });
  return q;
}

/**
 * c^l = Σ_i z_i1·z_i2 / √(Σ_i z_i1² · Σ_i z_i2²) for every layer l (entry l − 1): the correlation between the
 * pre-activations of the trace's two examples (its batch must hold exactly two columns), the measured counterpart
 * of `forwardCorrelation`. NaN at a layer where one example's z is all 0.
 *
 * @example
 * ```ts
 * const X = matrix([[1, 0.9], [0, 0.4]]); // two examples, one per column
 * layerCorrelations(forward(net, X)); // c^1, c^2, …
 * ```
 */
export function layerCorrelations(trace: ForwardTrace): Float64Array {
  const layers = expectTrace(trace, 'layerCorrelations', 2);
  const c = new Float64Array(layers.length);
  layers.forEach((layer, l) => {
    const { data, cols, rows } = layer.z;
    let aa = 0;
    let bb = 0;
    let ab = 0;
    for (let i = 0; i < rows; i++) {
      const a = data[i * cols];
      const b = data[i * cols + 1];
      aa += a * a;
      bb += b * b;
      ab += a * b;
    }
    c[l] = ab / Math.sqrt(aa * bb);
  });
  return c;
}

function expectTrace(trace: ForwardTrace, context: string, examples: 1 | 2): ForwardTrace['layers'] {
  const layers = (trace as { layers?: unknown })?.layers;
  if (!Array.isArray(layers) || layers.length === 0 || !layers.every((t) => isMatrix(t?.z))) {
    throw new GradscopeArgumentError(
      'trace',
      trace,
      'a forward trace (what forward(net, X) returns)',
      context,
    );
  }
  const cols = (layers[0] as ForwardTrace['layers'][number]).z.cols;
  if (examples === 2 && cols !== 2) {
    throw new GradscopeArgumentError(
      'trace',
      `a batch of ${cols} examples`,
      'the trace of exactly two examples (X with two columns), the pair whose correlation is measured',
      context,
    );
  }
  return layers as ForwardTrace['layers'];
}
