/**
 * Dead units: a unit whose activation has slope 0 for every example of a batch, g'(z^[l]_i) = 0 in every column
 * (for ReLU, z ≤ 0 for every input). Backpropagation multiplies by that slope, so such a unit passes no gradient
 * back to the layers below, and its incoming weights and bias get a gradient of exactly 0 from this batch: every
 * path through it is closed. Unless the layers below move its inputs, it stays dead, since its own weights no
 * longer change.
 *
 * Not the same as `layerStats`' `fractionInactive`, which counts the entries (unit, example) with z ≤ 0: at a
 * ReLU network's initialization about half of them are, because each unit is off for about half of the inputs,
 * while few units are off for all of them.
 */

import { GradscopeArgumentError } from './errors.js';
import type { Activation } from './activations.js';
import type { LayerKind, LayerTrace } from './layer.js';
import type { ForwardTrace, Network } from './network.js';

/**
 * The dead units of one layer of a forward pass (see `deadUnits`).
 *
 * @example
 * ```ts
 * const rows: DeadUnits[] = deadUnits(forward(net, X), net);
 * rows.map((row) => row.fraction); // per layer: the share of units that pass no gradient for this batch
 * ```
 */
export interface DeadUnits {
  /** 1-based position in the network's layers (for a residual block's inner layer: the block's). */
  readonly layer: number;
  /** 1-based position inside a residual block, for its inner layers; absent otherwise. */
  readonly inner?: number;
  readonly label: string;
  readonly kind: LayerKind | undefined;
  /** n_l, the layer's units. */
  readonly units: number;
  /** How many units have slope 0 for every example of the batch. */
  readonly dead: number;
  /** dead / units. */
  readonly fraction: number;
  /** The 0-based indices of the dead units. */
  readonly indices: readonly number[];
}

/**
 * For every layer of a forward pass: the units whose slope g'(z) is exactly 0 for every example of the batch,
 * so that no gradient flows through them (see the file header). A layer without an activation, or with one
 * whose slope is never 0 (tanh, leaky ReLU), reports none; the identity's slope is 1. The network, when given,
 * supplies each layer's activation; otherwise the trace's own is used. Rows are numbered as in `layerStats`.
 *
 * @example
 * ```ts
 * const net = mlp({ sizes: [8, 16, 16, 1], activation: 'relu', init: 'heNormal', seed: 1 });
 * deadUnits(forward(net, X), net).map((row) => row.dead); // e.g. [0, 1, 0, 0]
 * ```
 */
export function deadUnits(trace: ForwardTrace, net?: Network): DeadUnits[] {
  const context = 'deadUnits';
  const layers: unknown = (trace as Partial<ForwardTrace> | null)?.layers;
  if (typeof trace !== 'object' || trace === null || !Array.isArray(layers)) {
    throw new GradscopeArgumentError('trace', trace, 'a ForwardTrace (the result of forward)', context);
  }
  if (net !== undefined && (!Array.isArray(net?.layers) || net.layers.length !== trace.layers.length)) {
    throw new GradscopeArgumentError(
      'net',
      net,
      `the Network that produced the trace (${trace.layers.length} layers), or left out`,
      context,
    );
  }
  const rows: DeadUnits[] = [];
  trace.layers.forEach((t, l) => {
    const layer = net?.layers[l];
    t.inner?.forEach((innerTrace, j) => {
      rows.push(countDead(innerTrace, l + 1, j + 1, layer?.inner?.[j]?.activation ?? innerTrace.activation));
    });
    rows.push(countDead(t, l + 1, undefined, layer?.activation ?? t.activation));
  });
  return rows;
}

function countDead(
  t: LayerTrace,
  layer: number,
  inner: number | undefined,
  g: Activation | undefined,
): DeadUnits {
  const { rows, cols, data: z } = t.z;
  const a = t.a.data;
  const indices: number[] = [];
  if (g) {
    for (let i = 0; i < rows; i++) {
      let dead = true;
      for (let j = 0; j < cols && dead; j++) dead = g.derivative(z[i * cols + j], a[i * cols + j]) === 0;
      if (dead) indices.push(i);
    }
  }
  return {
    layer,
    ...(inner === undefined ? {} : { inner }),
    label: t.label ?? `layer ${layer}`,
    kind: t.kind,
    units: rows,
    dead: indices.length,
    fraction: indices.length / rows,
    indices,
  };
}
