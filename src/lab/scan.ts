/**
 * One seed through the scanner: a forward and a backward pass of the reader's network on one batch, and per layer
 * l what the figures show:
 *   the RMS of a^[l], √(Σ a_ij² / (n_l·m)), the size of one unit's signal (comparable across widths, and what
 *     mean-field theory predicts: √E[φ(z)²] with z ~ N(0, q^l));
 *   ‖δ^[l]‖_F, δ^[l] = ∂L/∂z^[l] over the batch (what every weight gradient dW^[l] = δ^[l]·(input)ᵀ is made of;
 *     dW itself is not computed, which spares half the backward pass's products);
 *   where values stopped being usable: the first layer whose forward values hold ∞ or NaN, the first whose z^[l]
 *   is exactly 0 everywhere (underflow), and the same for δ^[l] going backwards from the output.
 * Everything comes from the engine's `lossAndGradients`; this file only reads its traces.
 */
import {
  frobeniusNorm,
  lossAndGradients,
  type LayerGradients,
  type LayerTrace,
  type Matrix,
} from '@gradscope/core';

import { firstExamples, labData, type LabData } from './data.ts';
import { scanNetwork, type Block } from './network.ts';
import type { LabState } from './state.ts';

/** Where a pass stopped being usable: a layer number l, or null when it never did. */
export interface Limits {
  /** The first layer l (forwards) with ∞ or NaN in z^[l] or a^[l]. */
  readonly forwardNonFinite: number | null;
  /** The first layer l (forwards) whose z^[l] is exactly 0 in every entry. */
  readonly forwardZero: number | null;
  /** The first layer l met going backwards from the output whose δ^[l] holds ∞ or NaN. */
  readonly backwardNonFinite: number | null;
  /** The first layer l met going backwards whose δ^[l] is exactly 0 in every entry. */
  readonly backwardZero: number | null;
}

/** What one seed measured; every array has one entry per layer (entry l − 1 is layer l). */
export interface SeedScan extends Limits {
  readonly seed: number;
  readonly activationRms: Float64Array;
  readonly gradNorm: Float64Array;
  /** The mean of x² over the batch's entries: the input's ‖x‖²/n that the theory's q^1 starts from. */
  readonly inputSecondMoment: number;
  readonly loss: number;
}

/**
 * Measures one seed.
 *
 * @example
 * const scan = scanSeed(DEFAULT_STATE, 1);
 * scan.gradNorm[0] / scan.gradNorm[48]; // how much δ shrank from layer 49 down to layer 1
 */
export function scanSeed(state: LabState, seed: number): SeedScan {
  const lab = scanNetwork(state, seed);
  const { x, y } = scanBatch(state, seed);
  // The network's own buffers (read below, before the next scan rewrites them): no new arrays per scan.
  const { loss, trace, gradients } = lossAndGradients(lab.net, x, y, state.loss, {
    parameterGradients: false,
    reuseBuffers: true,
  });
  const L = state.depth;
  const activationRms = new Float64Array(L);
  const gradNorm = new Float64Array(L);
  const rows: PerLayer[] = [];
  for (let l = 0; l < L; l++) {
    const row = readBlock(lab.blocks[l], trace.layers, gradients.layers);
    activationRms[l] = rms(row.output);
    gradNorm[l] = frobeniusNorm(row.delta);
    rows.push(row);
  }
  return {
    seed,
    activationRms,
    gradNorm,
    inputSecondMoment: meanSquare(x),
    loss,
    ...limitsOf(rows),
  };
}

// The batches of the last few (seed, data) a worker scanned: moving a dial of the network (σ_w², the depth, …)
// leaves the data as it was, and drawing and labelling 512 examples costs a tenth of a scan. Never written to.
const BATCH_CACHE_SIZE = 8;
const batchCache = new Map<string, LabData>();

function scanBatch(state: LabState, seed: number): LabData {
  const key = JSON.stringify([seed, state.width, state.loss, state.dtype, state.batch]);
  let batch = batchCache.get(key);
  if (batch) batchCache.delete(key);
  else batch = firstExamples(labData(state, seed), state.batch);
  batchCache.set(key, batch);
  while (batchCache.size > BATCH_CACHE_SIZE) batchCache.delete(batchCache.keys().next().value!);
  return batch;
}

interface PerLayer {
  /** Everything the block computed forwards: its dense z, every inner z and a, its output. */
  readonly forward: readonly Matrix[];
  readonly z: Matrix;
  readonly output: Matrix;
  readonly delta: Matrix;
}

function readBlock(
  block: Block,
  traces: readonly LayerTrace[],
  gradients: readonly LayerGradients[],
): PerLayer {
  const [outer, inner] = block.dense;
  const denseTrace = inner === undefined ? traces[outer] : traces[outer].inner![inner];
  const denseGradients = inner === undefined ? gradients[outer] : gradients[outer].inner![inner];
  const forward: Matrix[] = [];
  for (let i = block.dense[0]; i <= block.output; i++) {
    const t = traces[i];
    for (const part of t.inner ?? []) forward.push(part.z, part.a);
    forward.push(t.z, t.a);
  }
  return { forward, z: denseTrace.z, output: traces[block.output].a, delta: denseGradients.delta };
}

/** The four limits of a pass, from its per-layer matrices. */
function limitsOf(rows: readonly PerLayer[]): Limits {
  const firstForward = (test: (row: PerLayer) => boolean) => {
    const i = rows.findIndex(test);
    return i < 0 ? null : i + 1;
  };
  const firstBackward = (test: (row: PerLayer) => boolean) => {
    for (let i = rows.length - 1; i >= 0; i--) if (test(rows[i])) return i + 1;
    return null;
  };
  return {
    forwardNonFinite: firstForward((row) => row.forward.some(hasNonFinite)),
    forwardZero: firstForward((row) => allZero(row.z)),
    backwardNonFinite: firstBackward((row) => hasNonFinite(row.delta)),
    backwardZero: firstBackward((row) => allZero(row.delta)),
  };
}

function rms(m: Matrix): number {
  return frobeniusNorm(m) / Math.sqrt(m.data.length);
}

function meanSquare(m: Matrix): number {
  let sum = 0;
  for (let i = 0; i < m.data.length; i++) sum += m.data[i] * m.data[i];
  return sum / m.data.length;
}

function hasNonFinite(m: Matrix): boolean {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (d[i] - d[i] !== 0) return true;
  return false;
}

function allZero(m: Matrix): boolean {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) return false;
  return true;
}
