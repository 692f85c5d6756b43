/**
 * Per-layer statistics: what the lessons plot to show a signal or a gradient vanishing or exploding with depth.
 *
 * - `layerStats(trace)`: for each layer l, the mean, standard deviation, min and max of z^[l] and a^[l] over all
 *   units and examples, the fraction of units that are inactive (saturated tanh/sigmoid units with g'(z) ≈ 0, or
 *   dead ReLUs with z ≤ 0, as the activation's `inactive` test defines), and the count of non-finite entries.
 * - `activationNorms(trace)`: for each layer, the Frobenius norms ‖z^[l]‖_F and ‖a^[l]‖_F over units and examples.
 * - `layerGradNorms(net)`: for each layer, the Frobenius norm ‖dW^[l]‖_F = √(Σ_ij dW_ij²) and ‖delta^[l]‖_F.
 * - `firstNonFinite(trace or gradients)`: where the first NaN or ±Infinity appeared.
 * - `firstAllZero(trace)`: the first layer whose values are all exactly 0 (a signal that underflowed, or a layer
 *   of dead ReLUs).
 *
 * NaN and ±Infinity are data here, never errors: an exploding network produces them and the lessons show where.
 * Means, standard deviations, minima and maxima are over the finite entries (the count of the others is given
 * beside them); a float32 network whose activations overflow at layer 219 reports exactly that.
 *
 * Rows are numbered by 1-based position in `net.layers` (`layer`). A residual block's inner layers get rows of
 * their own, with the block's number as `layer` and their 1-based position inside the block as `inner`; they
 * come before the block's own row, in the order the forward pass computes them. Note that with `norm`, an
 * `mlp`'s layers are dense, norm, dense, norm, …, so position l in `net.layers` is not the lecture's W^[l]: the
 * labels say which W^[l] a row belongs to (`layer 3: dense 8→8, identity`).
 */

import type { Activation } from './activations.js';
import { GradscopeArgumentError } from './errors.js';
import type { LayerGradients, LayerKind, LayerTrace, Param } from './layer.js';
import type { Matrix } from './matrix.js';
import type { BackwardResult, ForwardTrace, Network } from './network.js';

/**
 * Summary of the entries of one matrix; mean, std, min and max are over its finite entries.
 *
 * @example
 * ```ts
 * valueSummary([1, 2, 3]).std; // 0.816496580927726
 * ```
 */
export interface ValueSummary {
  readonly mean: number;
  /** Population standard deviation √((1/N) Σ (v − mean)²), N finite entries; NaN when there are none. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** The number of entries that are NaN or ±Infinity. */
  readonly nonFinite: number;
  /** All entries, finite or not. */
  readonly count: number;
}

/**
 * The statistics of one layer of a forward pass.
 *
 * @example
 * ```ts
 * layerStats(forward(net, X), net).map((s) => s.a.std); // the signal's spread, layer by layer
 * ```
 */
export interface LayerStats {
  /** 1-based position in `net.layers` (for an inner layer of a residual block: the block's). */
  readonly layer: number;
  /** 1-based position inside a residual block, for the block's inner layers; absent otherwise. */
  readonly inner?: number;
  readonly label: string;
  readonly kind: LayerKind | undefined;
  readonly z: ValueSummary;
  readonly a: ValueSummary;
  /** The fraction of entries of z (units × examples) the activation counts as inactive; 0 if it has no notion of it. */
  readonly fractionInactive: number;
  /** What inactive means for this layer's activation, or null (identity, or no activation known). */
  readonly inactiveKind: 'saturated' | 'dead' | null;
  /** Non-finite entries of z and a together. */
  readonly nonFinite: number;
}

/**
 * The gradient norms of one layer after a backward pass.
 *
 * @example
 * ```ts
 * layerGradNorms(net).map((r) => r.dW); // ‖dW^[l]‖_F for l = 1, …, L
 * ```
 */
export interface LayerGradNorm {
  readonly layer: number;
  readonly inner?: number;
  readonly label: string;
  readonly kind: LayerKind | undefined;
  /** ‖∂L/∂W‖_F of the layer's weight (γ for a normalization layer); NaN for a residual block (see its inner rows). */
  readonly dW: number;
  /** The norm of all the layer's parameter gradients together (for a residual block: all of F's). */
  readonly params: number;
  /** ‖delta‖_F = ‖∂L/∂z‖_F over the batch; NaN when unknown (no backward pass yet). */
  readonly delta: number;
}

/**
 * Where `firstNonFinite` found a NaN or ±Infinity.
 *
 * @example
 * ```ts
 * const where = firstNonFinite(trace);
 * if (where) console.log(`layer ${where.layer}: ${where.what} = ${where.value}`);
 * ```
 */
export interface NonFiniteLocation {
  readonly layer: number;
  readonly inner?: number;
  readonly what: 'z' | 'a' | 'delta' | 'dW';
  /** For `what: 'dW'`: the name of the parameter whose gradient it is (`'W[3]'`, `'b[3]'`, `'gamma[2]'`). */
  readonly param?: string;
  /** The offending value: NaN, Infinity or −Infinity. */
  readonly value: number;
  /** Its row (unit) and column (example; for a parameter gradient, the column of the parameter). */
  readonly row: number;
  readonly column: number;
}

/**
 * Where `firstAllZero` found a layer whose z or a is exactly 0 in every entry (every unit, every example).
 *
 * @example
 * ```ts
 * const trace = forward(linearNetwork(200, 0.5, 2, 'float32'), column([1, 1]));
 * trace.firstAllZero; // { layer: 150, what: 'z' }: 0.5^150 rounds to 0 in float32
 * ```
 */
export interface ZeroLocation {
  /** 1-based position in the network's layers (for a residual block's inner layer: the block's). */
  readonly layer: number;
  /** 1-based position inside a residual block, for its inner layers; absent otherwise. */
  readonly inner?: number;
  /** Which of the layer's matrices is all zero: z (then a = g(0) may not be), or a alone (dead ReLUs). */
  readonly what: 'z' | 'a';
}

/**
 * The norms of one layer's values in a forward pass.
 *
 * @example
 * ```ts
 * activationNorms(forward(net, X)).map((row) => row.a); // ‖a^[l]‖ for l = 1, …, L
 * ```
 */
export interface ActivationNorm {
  /** 1-based position in the network's layers (for a residual block's inner layer: the block's). */
  readonly layer: number;
  /** 1-based position inside a residual block, for its inner layers; absent otherwise. */
  readonly inner?: number;
  readonly label: string;
  readonly kind: LayerKind | undefined;
  /** ‖z^[l]‖_F over all units and examples (Infinity or NaN when an entry is). */
  readonly z: number;
  /** ‖a^[l]‖_F over all units and examples; for one example, the Euclidean length of a^[l]. */
  readonly a: number;
}

/**
 * Mean, std, min, max (over the finite entries) and the count of non-finite entries of a matrix or array.
 *
 * @example
 * ```ts
 * valueSummary(matrix([[1, 3, Infinity]])); // { mean: 2, std: 1, min: 1, max: 3, nonFinite: 1, count: 3 }
 * ```
 */
export function valueSummary(values: Matrix | ArrayLike<number>): ValueSummary {
  const data: ArrayLike<number> =
    typeof values === 'object' && values !== null && 'data' in values ? values.data : values;
  if (typeof data !== 'object' || data === null || typeof data.length !== 'number') {
    throw new GradscopeArgumentError('values', values, 'a Matrix or an array of numbers', 'valueSummary');
  }
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) continue; // NaN and ±Infinity (Infinity − Infinity is NaN)
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN, nonFinite: data.length, count: data.length };
  // The sum of finite values can still overflow (1e308 + 1e308); averaging scaled values keeps the mean finite.
  let mean = sum / n;
  if (!Number.isFinite(mean)) {
    mean = 0;
    for (let i = 0; i < data.length; i++) if (data[i] - data[i] === 0) mean += data[i] / n;
  }
  // Two passes (mean first) for a stable variance; squares are scaled by the largest deviation against overflow.
  const scale = Math.max(Math.abs(max - mean), Math.abs(min - mean));
  let squares = 0;
  if (scale > 0 && Number.isFinite(scale)) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) continue;
      const d = (v - mean) / scale;
      squares += d * d;
    }
  }
  const std = scale > 0 ? scale * Math.sqrt(squares / n) : 0;
  return { mean, std, min, max, nonFinite: data.length - n, count: data.length };
}

/**
 * The statistics of every layer of a forward pass (see the file header for the numbering of rows). The network,
 * when given, supplies each layer's activation; otherwise the trace's own (`trace.layers[l].activation`) is used.
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [100, 100, 100, 100], activation: 'tanh', init: normalInit(1), seed: 1 });
 * const stats = layerStats(forward(net, X), net);
 * stats.map((s) => s.fractionInactive); // most tanh units saturated: weights too large
 * ```
 */
export function layerStats(trace: ForwardTrace, net?: Network): LayerStats[] {
  expectForwardTrace(trace, 'layerStats');
  if (net !== undefined && (!Array.isArray(net?.layers) || net.layers.length !== trace.layers.length)) {
    throw new GradscopeArgumentError(
      'net',
      net,
      `the Network that produced the trace (${trace.layers.length} layers), or left out`,
      'layerStats',
    );
  }
  const rows: LayerStats[] = [];
  trace.layers.forEach((t, l) => {
    const layer = net?.layers[l];
    if (t.inner) {
      t.inner.forEach((innerTrace, j) => {
        rows.push(statsOf(innerTrace, l + 1, j + 1, layer?.inner?.[j]?.activation ?? innerTrace.activation));
      });
    }
    rows.push(statsOf(t, l + 1, undefined, layer?.activation ?? t.activation));
  });
  return rows;
}

function statsOf(
  t: LayerTrace,
  layer: number,
  inner: number | undefined,
  g: Activation | undefined,
): LayerStats {
  const z = valueSummary(t.z);
  const a = valueSummary(t.a);
  let inactive = 0;
  const test = g?.inactive;
  if (test) {
    const zd = t.z.data;
    const ad = t.a.data;
    for (let i = 0; i < zd.length; i++) if (test.test(zd[i], ad[i])) inactive++;
  }
  return {
    layer,
    ...(inner === undefined ? {} : { inner }),
    label: t.label ?? `layer ${layer}`,
    kind: t.kind,
    z,
    a,
    fractionInactive: test ? inactive / t.z.data.length : 0,
    inactiveKind: test ? test.kind : null,
    nonFinite: z.nonFinite + a.nonFinite,
  };
}

/**
 * The size of every layer's values in a forward pass: ‖z^[l]‖_F and ‖a^[l]‖_F, the Frobenius norms over all units
 * and examples (for one example, the Euclidean lengths), beside `layerGradNorms` for the gradients. Rows are
 * numbered as in `layerStats` (a residual block's inner layers first). Computed with scaling, so entries near the
 * float64 limit do not overflow the sum of squares; a non-finite entry gives a non-finite norm.
 *
 * @example
 * ```ts
 * const trace = forward(linearNetwork(50, 1.1), column([1, 1]));
 * activationNorms(trace).map((row) => row.a); // √2·1.1^l for l = 1 … 50
 * ```
 */
export function activationNorms(trace: ForwardTrace): ActivationNorm[] {
  expectForwardTrace(trace, 'activationNorms');
  const rows: ActivationNorm[] = [];
  const row = (t: LayerTrace, layer: number, inner: number | undefined): ActivationNorm => ({
    layer,
    ...(inner === undefined ? {} : { inner }),
    label: t.label ?? `layer ${layer}`,
    kind: t.kind,
    z: frobenius(t.z.data),
    a: frobenius(t.a.data),
  });
  trace.layers.forEach((t, l) => {
    t.inner?.forEach((innerTrace, j) => rows.push(row(innerTrace, l + 1, j + 1)));
    rows.push(row(t, l + 1, undefined));
  });
  return rows;
}

/**
 * The Frobenius norms of each layer's weight gradient and delta after a backward pass, from the network (its
 * layers keep their last gradients) or from a `backward` / `lossAndGradients` result. Norms are computed with
 * scaling, so entries near the float64 limit do not overflow the sum of squares; a non-finite entry gives a
 * non-finite norm.
 *
 * @example
 * ```ts
 * lossAndGradients(net, X, Y, 'mse');
 * layerGradNorms(net).map((r) => r.dW); // shrinking towards layer 1: vanishing gradients
 * ```
 */
export function layerGradNorms(source: Network | BackwardResult): LayerGradNorm[] {
  if (typeof source !== 'object' || source === null || !Array.isArray((source as Network).layers)) {
    throw new GradscopeArgumentError(
      'source',
      source,
      'a Network (after a backward pass) or the result of backward / lossAndGradients',
      'layerGradNorms',
    );
  }
  const rows: LayerGradNorm[] = [];
  const isNetwork = 'params' in source && 'inputSize' in source;
  source.layers.forEach((entry, l) => {
    if (isNetwork) {
      const layer = entry as Network['layers'][number];
      layer.inner?.forEach((innerLayer, j) => {
        rows.push(
          normsOf(
            l + 1,
            j + 1,
            innerLayer.label,
            innerLayer.kind,
            innerLayer.params,
            innerLayer.lastGradients,
          ),
        );
      });
      rows.push(normsOf(l + 1, undefined, layer.label, layer.kind, layer.params, layer.lastGradients));
    } else {
      const g = entry as LayerGradients;
      g.inner?.forEach((innerGradients, j) => {
        rows.push(
          normsOf(
            l + 1,
            j + 1,
            innerGradients.label,
            innerGradients.kind,
            innerGradients.params,
            innerGradients,
          ),
        );
      });
      rows.push(normsOf(l + 1, undefined, g.label, g.kind, g.params, g));
    }
  });
  return rows;
}

function normsOf(
  layer: number,
  inner: number | undefined,
  label: string | undefined,
  kind: LayerKind | undefined,
  params: readonly Param[] | undefined,
  gradients: LayerGradients | null | undefined,
): LayerGradNorm {
  const own = params ?? [];
  const norms = own.map((p) => frobenius(p.grad.data));
  return {
    layer,
    ...(inner === undefined ? {} : { inner }),
    label: label ?? `layer ${layer}`,
    kind,
    dW: kind === 'residual' || norms.length === 0 ? NaN : norms[0],
    params: norms.length === 0 ? NaN : frobenius(norms),
    delta: gradients ? frobenius(gradients.delta.data) : NaN,
  };
}

// √(Σ v²) computed as s·√(Σ (v/s)²) with s = max |v|, so 1e200-sized entries do not overflow to Infinity.
function frobenius(data: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i]);
    if (v !== v) return NaN;
    if (v > largest) largest = v;
  }
  if (largest === 0) return 0;
  if (largest === Infinity) return Infinity;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] / largest;
    sum += v * v;
  }
  return largest * Math.sqrt(sum);
}

/**
 * Where the first NaN or ±Infinity is. For a forward trace: layers in forward order, z before a (inner layers
 * of a residual block before the block's sum). For backward gradients (from `backward` or `lossAndGradients`):
 * in the order backpropagation computes them, from the last layer down, each layer's delta before its parameter
 * gradients ('dW', with `param` naming which); the first one found is where the gradient blew up, the rest are
 * its consequences. Returns null when everything is finite. The same as `trace.firstNonFinite` and
 * `gradients.firstNonFinite`.
 *
 * @example
 * ```ts
 * const net = linearNetwork(250, 1.5, 2, 'float32');
 * firstNonFinite(forward(net, column([1, 1]))); // { layer: 219, what: 'z', value: Infinity, row: 0, column: 0 }
 * ```
 */
export function firstNonFinite(source: ForwardTrace | BackwardResult): NonFiniteLocation | null {
  if (typeof source !== 'object' || source === null || !Array.isArray(source.layers)) {
    throw new GradscopeArgumentError(
      'source',
      source,
      'a ForwardTrace (from forward) or a BackwardResult (from backward or lossAndGradients(...).gradients)',
      'firstNonFinite',
    );
  }
  if ('output' in source) {
    const layers = source.layers;
    for (let l = 0; l < layers.length; l++) {
      const t = layers[l];
      if (t.inner) {
        for (let j = 0; j < t.inner.length; j++) {
          const found = scanTrace(t.inner[j], l + 1, j + 1);
          if (found) return found;
        }
      }
      const found = scanTrace(t, l + 1, undefined);
      if (found) return found;
    }
    return null;
  }
  const layers = (source as BackwardResult).layers;
  for (let l = layers.length - 1; l >= 0; l--) {
    const g = layers[l];
    const found = scanGradients(g, l + 1, undefined, g.kind !== 'residual');
    if (found) return found;
    if (g.inner) {
      for (let j = g.inner.length - 1; j >= 0; j--) {
        const innerFound = scanGradients(g.inner[j], l + 1, j + 1, true);
        if (innerFound) return innerFound;
      }
    }
  }
  return null;
}

/**
 * The first layer, in forward order (inner layers of a residual block before the block's sum), whose z or a is
 * exactly 0 in every entry, z checked before a: where a vanishing signal underflowed to nothing (every later
 * layer of a bias-free network is then 0 too), or a layer of dead ReLUs. Null when no layer is all zero, so a
 * lesson can print `trace.firstAllZero?.layer ?? 'none'`. Also available as `trace.firstAllZero`.
 *
 * @example
 * ```ts
 * firstAllZero(forward(linearNetwork(200, 0.5, 2, 'float32'), column([1, 1]))); // { layer: 150, what: 'z' }
 * firstAllZero(forward(linearNetwork(20, 0.5), column([1, 1]))); // null: 0.5^20 is far from 0 in float64
 * ```
 */
export function firstAllZero(trace: ForwardTrace): ZeroLocation | null {
  expectForwardTrace(trace, 'firstAllZero');
  const check = (t: LayerTrace, layer: number, inner: number | undefined): ZeroLocation | null => {
    const what = allZero(t.z) ? 'z' : allZero(t.a) ? 'a' : null;
    return what === null ? null : { layer, ...(inner === undefined ? {} : { inner }), what };
  };
  for (let l = 0; l < trace.layers.length; l++) {
    const t = trace.layers[l];
    if (t.inner) {
      for (let j = 0; j < t.inner.length; j++) {
        const found = check(t.inner[j], l + 1, j + 1);
        if (found) return found;
      }
    }
    const found = check(t, l + 1, undefined);
    if (found) return found;
  }
  return null;
}

function allZero(m: Matrix): boolean {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) return false;
  return true;
}

function scanTrace(t: LayerTrace, layer: number, inner: number | undefined): NonFiniteLocation | null {
  return scan(t.z, layer, inner, 'z') ?? scan(t.a, layer, inner, 'a');
}

function scanGradients(
  g: LayerGradients,
  layer: number,
  inner: number | undefined,
  withParams: boolean,
): NonFiniteLocation | null {
  const found = scan(g.delta, layer, inner, 'delta');
  if (found || !withParams || !g.params) return found;
  for (const p of g.params) {
    const inParam = scan(p.grad, layer, inner, 'dW', p.name);
    if (inParam) return inParam;
  }
  return null;
}

function scan(
  m: Matrix,
  layer: number,
  inner: number | undefined,
  what: NonFiniteLocation['what'],
  param?: string,
): NonFiniteLocation | null {
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      return {
        layer,
        ...(inner === undefined ? {} : { inner }),
        what,
        ...(param === undefined ? {} : { param }),
        value: v,
        row: Math.floor(i / m.cols),
        column: i % m.cols,
      };
    }
  }
  return null;
}

function expectForwardTrace(trace: unknown, context: string): ForwardTrace {
  const t = trace as Partial<ForwardTrace> | null;
  if (typeof t !== 'object' || t === null || !Array.isArray(t.layers) || t.output === undefined) {
    throw new GradscopeArgumentError('trace', trace, 'a ForwardTrace from forward(net, X)', context);
  }
  return t as ForwardTrace;
}
