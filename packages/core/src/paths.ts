/**
 * Backpropagation as a sum over paths. For one example, the chain rule through a network of dense layers
 * z^[m] = W^[m]·a^[m−1] + b^[m], a^[m] = g(z^[m]) writes the gradient of one weight W^[l]_ij as a sum, over every
 * path i = u_l → u_{l+1} → … → u_L from unit i of layer l to a unit of the output, of the product of what the
 * path passes:
 *
 *     ∂L/∂W^[l]_ij = Σ_paths  a^[l−1]_j · g'(z^[l]_{u_l}) · Π_{m=l+1}^{L} W^[m]_{u_m u_{m−1}} · g'(z^[m]_{u_m}) · dA^[L]_{u_L}
 *
 * where dA^[L] = ∂L/∂a^[L]. Backpropagation computes the same sum without listing the paths (it adds the paths'
 * tails layer by layer), so the two agree to rounding; `weightGradientPaths` lists them, for small networks,
 * which is how a learner sees that the gradient is a sum of products, each of them a product of weights and
 * slopes. The number of paths is the product of the widths of layers l+1 … L: exponential in the depth.
 */

import { GradscopeArgumentError, expectKnownKeys, expectPositiveInteger } from './errors.js';
import type { DenseLayer } from './dense.js';
import { isMatrix, type Matrix } from './matrix.js';
import { expectNetwork, forward, type Network } from './network.js';

/**
 * One path of `weightGradientPaths`: the units it passes and the factors it multiplies.
 *
 * @example
 * ```ts
 * const [first] = weightGradientPaths(net, x, dOutput, { layer: 1, row: 0, col: 0 }).paths;
 * first.units; // [0, 0, 0]: unit 1 of layer 1, unit 1 of layer 2, the output unit
 * first.product; // input × slopes × weights × outputGradient
 * ```
 */
export interface GradientPath {
  /** The unit (0-based row of its layer) the path passes in each layer from `layer` to L: `units[0]` is `row`. */
  readonly units: readonly number[];
  /** The weights along it: W^[m]_{u_m, u_{m−1}} for m = layer + 1 … L. */
  readonly weights: readonly number[];
  /** The slopes g'(z^[m]_{u_m}) of the units it passes, for m = layer … L. */
  readonly slopes: readonly number[];
  /** a^[layer−1]_col, the input the weight multiplies. */
  readonly input: number;
  /** ∂L/∂a^[L] at the output unit where the path ends. */
  readonly outputGradient: number;
  /** input × every slope × every weight × outputGradient: this path's share of the gradient. */
  readonly product: number;
}

/**
 * Every path's share of one weight's gradient, and their sum (see `weightGradientPaths`).
 *
 * @example
 * ```ts
 * const { paths, total, count, open } = weightGradientPaths(net, x, dOutput, { layer: 1, row: 0, col: 0 });
 * ```
 */
export interface WeightGradientPaths {
  /** Every path from unit `row` of layer `layer` to the output, in order of the units they pass. */
  readonly paths: readonly GradientPath[];
  /** The sum of the paths' products: ∂L/∂W^[layer]_{row,col} for this example. */
  readonly total: number;
  /** How many paths there are: the product of the widths of layers layer + 1 … L. */
  readonly count: number;
  /** How many of them pass only units whose slope is not 0 (the others contribute exactly 0). */
  readonly open: number;
}

/** Which weight: W^[layer]_{row, col}, with `layer` 1-based as in W^[1] and `row`, `col` 0-based as in `get`. */
export interface WeightIndex {
  /** l, 1-based: W^[1] is the first layer's weight matrix. */
  readonly layer: number;
  /** The unit of layer l the weight feeds (0-based row of W^[l]). */
  readonly row: number;
  /** The unit of layer l − 1 (or the input entry) it reads (0-based column of W^[l]). */
  readonly col: number;
}

/** Options of `weightGradientPaths`. */
export interface WeightGradientPathsOptions {
  /** Refuse networks with more paths than this (default 100 000): the list grows exponentially with depth. */
  readonly maxPaths?: number;
}

const DEFAULT_MAX_PATHS = 100_000;

/**
 * The gradient of the loss with respect to one weight W^[layer]_{row,col}, for one example x, written out as a
 * sum over every path from that weight to the output (see the file header): each path's units, weights, slopes
 * and product, and their total, which is the weight's entry of dW^[layer] from a backward pass of `dOutput`. The
 * network must be made of dense layers (an `mlp` without normalization or residual blocks); it runs a forward
 * pass of x to read the slopes. A path through a unit whose slope is 0 (a ReLU with z ≤ 0) contributes exactly 0.
 *
 * @param dOutput ∂L/∂ŷ for this example (n_L × 1), e.g. ŷ − y for the loss ½‖ŷ − y‖².
 * @example
 * ```ts
 * const net = mlp({ sizes: [2, 2, 2, 1], activation: 'relu', bias: false, seed: 1 });
 * const x = column([1, 0.5]);
 * const { paths, total, count } = weightGradientPaths(net, x, column([1]), { layer: 1, row: 0, col: 0 });
 * count; // 2: through unit 1 or unit 2 of layer 2
 * total; // = net.params[0].grad's entry (0, 0) after backward(net, column([1])) on the same x
 * ```
 */
export function weightGradientPaths(
  net: Network,
  x: Matrix,
  dOutput: Matrix,
  weight: WeightIndex,
  options: WeightGradientPathsOptions = {},
): WeightGradientPaths {
  const context = 'weightGradientPaths';
  expectNetwork('net', net, context);
  const layers = net.layers.map((layer, i) => {
    const dense = layer as Partial<DenseLayer>;
    if (layer.kind !== 'dense' || !dense.W) {
      throw new GradscopeArgumentError(
        'net',
        net,
        `a network of dense layers only (layer ${i + 1} is ${layer.kind}): paths run through weight matrices`,
        context,
      );
    }
    return layer as DenseLayer;
  });
  const L = layers.length;
  if (!isMatrix(x) || x.cols !== 1 || x.rows !== net.inputSize) {
    throw new GradscopeArgumentError('x', x, `one example: a ${net.inputSize} × 1 column`, context);
  }
  const outputSize = layers[L - 1].outputSize;
  if (!isMatrix(dOutput) || dOutput.cols !== 1 || dOutput.rows !== outputSize) {
    throw new GradscopeArgumentError(
      'dOutput',
      dOutput,
      `∂L/∂ŷ for the one example: a ${outputSize} × 1 column`,
      context,
    );
  }
  expectKnownKeys('weight', weight, ['layer', 'row', 'col'], '{ layer: 1, row: 0, col: 0 }', context);
  const l = expectPositiveInteger('weight.layer', weight.layer, context);
  if (l > L) {
    throw new GradscopeArgumentError('weight.layer', l, `a layer number from 1 to ${L} (1-based)`, context);
  }
  const W = layers[l - 1].W.value;
  const row = expectIndex('weight.row', weight.row, W.rows, context);
  const col = expectIndex('weight.col', weight.col, W.cols, context);
  expectKnownKeys('options', options, ['maxPaths'], '{ maxPaths: 100000 }', context);
  const maxPaths = expectPositiveInteger('options.maxPaths', options.maxPaths ?? DEFAULT_MAX_PATHS, context);
  let count = 1;
  for (let m = l; m < L; m++) count *= layers[m].outputSize;
  if (count > maxPaths) {
    throw new GradscopeArgumentError(
      'net',
      `${count} paths from W^[${l}] to the output`,
      `at most options.maxPaths = ${maxPaths} paths (the count is the product of the widths above layer ${l})`,
      context,
    );
  }

  const trace = forward(net, x);
  // slope[m][u] = g'(z^[m+1]_u) for 0-based layer m, read from the trace this example produced.
  const slope = trace.layers.map((t, m) => {
    const g = layers[m].activation;
    return Array.from(t.z.data, (z, u) => (g ? g.derivative(z, t.a.data[u]) : 1));
  });
  const input = (l === 1 ? trace.input : trace.layers[l - 2].a).data[col];

  const paths: GradientPath[] = [];
  const units = [row];
  const weights: number[] = [];
  const walk = (m: number): void => {
    // units ends at a unit of 0-based layer m (the lecture's layer m + 1).
    if (m === L - 1) {
      const slopes = units.map((u, k) => slope[l - 1 + k][u]);
      const outputGradient = dOutput.data[units[units.length - 1]];
      let product = input * outputGradient;
      for (const s of slopes) product *= s;
      for (const w of weights) product *= w;
      paths.push({ units: [...units], weights: [...weights], slopes, input, outputGradient, product });
      return;
    }
    const next = layers[m + 1].W.value;
    const from = units[units.length - 1];
    for (let u = 0; u < next.rows; u++) {
      units.push(u);
      weights.push(next.data[u * next.cols + from]);
      walk(m + 1);
      units.pop();
      weights.pop();
    }
  };
  walk(l - 1);

  let total = 0;
  let open = 0;
  for (const path of paths) {
    total += path.product;
    if (path.slopes.every((s) => s !== 0)) open++;
  }
  return { paths, total, count, open };
}

function expectIndex(argument: string, value: unknown, size: number, context: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= size) {
    throw new GradscopeArgumentError(argument, value, `a 0-based index from 0 to ${size - 1}`, context);
  }
  return value as number;
}
