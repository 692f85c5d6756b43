/**
 * The network a Lab state describes, built from the engine's layers (dense, batch norm, layer norm, residual
 * blocks), and where to find each of its L weight layers inside it.
 *
 * Layer l of the reader's network is a block of engine layers; the Lab measures two things per block: its output
 * a^[l] (what the next block receives) and the gradient δ^[l] = ∂L/∂z^[l] at its dense layer, z^[l] = W^[l]·(the
 * block's input to W) + b^[l], which is what dW^[l] = δ^[l]·(that input)ᵀ is made of. `LabNetwork.blocks` says
 * where both are. The blocks, for a hidden layer (the output layer is always a plain dense layer):
 *
 *   plain                      dense(g)
 *   norm before g              dense → norm(g)
 *   norm after g               dense(g) → norm
 *   residual                   residual[dense(g)], scale s          a + s·g(W·a + b)
 *   residual, pre-norm         residual[norm → dense(g)], scale s   a + s·g(W·norm(a) + b)
 *   residual, post-norm        residual[dense(g)], scale s → norm   norm(a + s·g(W·a + b))
 *
 * Random draws: each seed has its own sources for weights, biases and data (data.ts), named after the seed, so
 * the same state and seed give the same network in every browser and at build time. Weights are drawn once per
 * seed and shape at unit scale and multiplied by the scale σ_w² asks for: moving the σ_w² slider rescales the same
 * draws (the figures change only by what σ_w² does) and costs no new random numbers. Orthogonal draws are the
 * engine's `orthogonalInit`.
 */
import {
  batchNorm,
  createRandom,
  dense,
  fillNormal,
  fillUniform,
  layerNorm,
  network,
  orthogonalInit,
  residual,
  rounderFor,
  type ActivationName,
  type DenseLayer,
  type Layer,
  type Matrix,
  type Network,
} from '@gradscope/core';

import { outputSize, type LabLoss, type LabState } from './state.ts';

/** Where layer l's measurements are inside the engine's network. */
export interface Block {
  /** Index in `net.layers` of the engine layer whose output is a^[l]. */
  readonly output: number;
  /** The dense layer of W^[l]: [index in net.layers] or [index of its residual block, index inside it]. */
  readonly dense: readonly [number] | readonly [number, number];
}

/** A network and its L blocks. */
export interface LabNetwork {
  readonly net: Network;
  /** blocks[l − 1] is layer l. */
  readonly blocks: readonly Block[];
  /** The dense layer of each layer l (entry l − 1). */
  readonly denseLayers: readonly DenseLayer[];
}

/** The activation of the output layer for a loss: probabilities for binary cross-entropy, else raw values. */
export function outputActivation(loss: LabLoss): ActivationName {
  return loss === 'bce' ? 'sigmoid' : 'identity';
}

/**
 * The settings that decide the network's shape and draws, but not the scales σ_w² and σ_b²: two states with the
 * same key give the same network up to the values `writeParameters` puts in its weights and biases. (The loss
 * decides the output layer's size and activation.)
 */
const STRUCTURE_FIELDS = [
  'depth',
  'width',
  'activation',
  'init',
  'bias',
  'norm',
  'normPlace',
  'residual',
  'branchScale',
  'dtype',
  'loss',
] as const satisfies readonly (keyof LabState)[];

function structureKey(state: LabState, seed: number): string {
  return JSON.stringify([seed, ...STRUCTURE_FIELDS.map((field) => state[field])]);
}

/**
 * The reader's network for one seed.
 *
 * @example
 * const { net, blocks } = buildNetwork(DEFAULT_STATE, 1);
 * net.layers.length; // 50: plain dense layers, one block each
 */
export function buildNetwork(state: LabState, seed: number): LabNetwork {
  const lab = buildStructure(state, seed);
  writeParameters(lab, state, seed);
  return lab;
}

// The scanner's networks for the last few (seed, structure)s a worker scanned. Moving the σ_w² or σ_b² slider
// changes only the values in W and b, and a fresh network of the default size is 13 MB of new arrays (weights and
// their gradients) per seed: in a browser's worker, allocating and collecting them took longer than the scan's
// arithmetic. Three networks at most (a worker scans up to three seeds of the eight a reader may ask for), and no
// more weights than SCAN_CACHE_WEIGHTS between them, besides the one just scanned.
const SCAN_CACHE_SIZE = 3;
const SCAN_CACHE_WEIGHTS = 2 ** 22;
const scanCache = new Map<string, LabNetwork>();

/**
 * The reader's network for one seed, as `buildNetwork` makes it, but reusing the network this worker last built
 * for the same structure (everything but σ_w² and σ_b²): its weights and biases are rewritten. For a scan, which
 * reads everything it needs before the next call: the next call rewrites the same network.
 *
 * @example
 * const { net } = scanNetwork({ ...DEFAULT_STATE, weightVariance: 1.2 }, 1); // the object made for σ_w² = 1
 */
export function scanNetwork(state: LabState, seed: number): LabNetwork {
  const key = structureKey(state, seed);
  let lab = scanCache.get(key);
  if (lab) scanCache.delete(key);
  else lab = buildStructure(state, seed);
  scanCache.set(key, lab);
  const weights = () => [...scanCache.values()].reduce((sum, cached) => sum + weightCount(cached), 0);
  while (scanCache.size > 1 && (scanCache.size > SCAN_CACHE_SIZE || weights() > SCAN_CACHE_WEIGHTS))
    scanCache.delete(scanCache.keys().next().value!);
  writeParameters(lab, state, seed);
  return lab;
}

function weightCount(lab: LabNetwork): number {
  return lab.denseLayers.reduce((sum, layer) => sum + layer.W.value.data.length, 0);
}

/** The layers and blocks of the reader's network, with zeros for parameters (`writeParameters` fills them). */
function buildStructure(state: LabState, seed: number): LabNetwork {
  const { depth: L, width: n, dtype } = state;
  const layers: Layer[] = [];
  const blocks: Block[] = [];
  const denseLayers: DenseLayer[] = [];

  for (let l = 1; l <= L; l++) {
    const isOutput = l === L;
    const rows = isOutput ? outputSize(state.loss) : n;
    const g = isOutput ? outputActivation(state.loss) : state.activation;
    const makeDense = (activation: ActivationName): DenseLayer => {
      const layer = dense({
        inputSize: n,
        outputSize: rows,
        activation,
        init: 'zeros',
        bias: state.bias,
        dtype,
        index: l,
      });
      denseLayers.push(layer);
      return layer;
    };
    const norm = (activation: ActivationName): Layer => {
      const options = { size: n, activation, dtype, index: l };
      return state.norm === 'batch' ? batchNorm(options) : layerNorm(options);
    };
    const here = layers.length;

    if (isOutput || (state.norm === 'none' && !state.residual)) {
      layers.push(makeDense(g));
      blocks.push({ output: here, dense: [here] });
    } else if (!state.residual) {
      if (state.normPlace === 'pre') layers.push(makeDense('identity'), norm(g));
      else layers.push(makeDense(g), norm('identity'));
      blocks.push({ output: here + 1, dense: [here] });
    } else {
      const pre = state.norm !== 'none' && state.normPlace === 'pre';
      const inner = pre ? [norm('identity'), makeDense(g)] : [makeDense(g)];
      layers.push(residual({ inner, scale: state.branchScale, index: l }));
      if (state.norm !== 'none' && state.normPlace === 'post') layers.push(norm('identity'));
      blocks.push({ output: layers.length - 1, dense: [here, pre ? 1 : 0] });
    }
  }
  return { net: network(layers, { label: `the Lab's network, seed ${seed}` }), blocks, denseLayers };
}

/**
 * Writes W^[l] = (the factor σ_w² asks for) · (the seed's unit draw for layer l), and b^[l] ~ N(0, σ_b²) drawn
 * from the seed's bias source in layer order (zero when σ_b² = 0), each rounded to the network's format.
 */
function writeParameters(lab: LabNetwork, state: LabState, seed: number): void {
  const draws = unitDraws(state, seed);
  const scale = weightScale(state, state.width);
  const biases = createRandom(`lab-biases-${seed}`);
  const biasStd = Math.sqrt(state.biasVariance);
  const round = rounderFor(state.dtype);
  lab.denseLayers.forEach((layer, i) => {
    writeScaled(layer.W.value, draws[i], scale, round);
    if (!layer.b) return;
    const b = layer.b.value.data;
    if (biasStd > 0) {
      fillNormal(b as Float64Array, biases, 0, biasStd);
      for (let j = 0; j < b.length; j++) b[j] = round(b[j]);
    } else b.fill(0);
  });
}

/** The factor a unit draw is multiplied by: Var(W_ij) = σ_w²/fan_in, or the gain √σ_w² of orthogonal and k·I. */
function weightScale(state: LabState, fanIn: number): number {
  return state.init === 'normal' || state.init === 'uniform'
    ? Math.sqrt(state.weightVariance / fanIn)
    : Math.sqrt(state.weightVariance);
}

/** Writes `scale` times a unit draw into W (rounded to W's format); null is the scaled identity k·I. */
function writeScaled(
  W: Matrix,
  unit: Float64Array | null,
  scale: number,
  round: (x: number) => number,
): void {
  const data = W.data;
  if (unit === null) {
    // Scaled identity k·I (on the leading square for a last layer of another width).
    data.fill(0);
    for (let i = 0; i < Math.min(W.rows, W.cols); i++) data[i * W.cols + i] = round(scale);
  } else if (W.dtype === 'float64') {
    // The Lab's usual case gets a loop of its own: a call through `round` here, which sees every format's
    // rounder in one worker, cost a fifth of a scan.
    for (let i = 0; i < data.length; i++) data[i] = scale * unit[i];
  } else {
    for (let i = 0; i < data.length; i++) data[i] = round(scale * unit[i]);
  }
}

// Unit draws of the last few (seed, shape, distribution)s a worker asked for: a worker computes the same seeds
// over and over as the reader moves a slider.
const DRAW_CACHE_SIZE = 4;
const drawCache = new Map<string, (Float64Array | null)[]>();

/**
 * For each layer l, W^[l] at unit scale (entry l − 1): N(0, 1) entries, U(−√3, √3) entries (variance 1), an
 * orthogonal matrix, or null for the scaled identity. Drawn from the seed's weight source in layer order.
 */
function unitDraws(state: LabState, seed: number): (Float64Array | null)[] {
  const { depth: L, width: n, init } = state;
  const last = outputSize(state.loss);
  const key = JSON.stringify([seed, L, n, last, init]);
  const cached = drawCache.get(key);
  if (cached) {
    drawCache.delete(key);
    drawCache.set(key, cached);
    return cached;
  }
  const random = createRandom(`lab-weights-${seed}`);
  const draws: (Float64Array | null)[] = [];
  for (let l = 1; l <= L; l++) {
    const rows = l === L ? last : n;
    if (init === 'identity') draws.push(null);
    else if (init === 'orthogonal')
      draws.push(orthogonalInit(1).create(rows, n, random).data as Float64Array);
    else {
      const unit = new Float64Array(rows * n);
      if (init === 'normal') fillNormal(unit, random);
      else fillUniform(unit, random, -Math.sqrt(3), Math.sqrt(3));
      draws.push(unit);
    }
  }
  drawCache.set(key, draws);
  while (drawCache.size > DRAW_CACHE_SIZE) drawCache.delete(drawCache.keys().next().value!);
  return draws;
}
