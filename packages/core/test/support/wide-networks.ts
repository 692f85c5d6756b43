/**
 * The wide random networks of the Monte Carlo tests (montecarlo.test.ts, correlation-montecarlo.test.ts): N units in
 * every layer, the input too, φ in every layer (the output layer included), and weights written from standard
 * normal draws shared by every configuration of a seed, W^[l] = (σ_w/√N)·G^[l] and b^[l] = σ_b·(N draws), so two
 * configurations differ only by their σ_w², σ_b² and φ, not by their luck.
 */
import type { ActivationName } from '../../src/activations.js';
import { zeroInit } from '../../src/initializers.js';
import { mlp, type Network } from '../../src/network.js';

/** What a configuration of the Monte Carlo tests sets: φ, σ_w² and σ_b². */
export interface WideNetworkConfig {
  readonly activation: ActivationName;
  readonly weightVariance: number;
  readonly biasVariance: number;
}

/** A network of `depth` layers of `width` units, φ in every layer, its weights zero until `writeScaledDraws`. */
export function wideNetwork(width: number, depth: number, config: WideNetworkConfig): Network {
  return mlp({
    sizes: Array<number>(depth + 1).fill(width),
    activation: config.activation,
    outputActivation: config.activation,
    init: zeroInit(), // the weights are written by writeScaledDraws, from the shared draws
    bias: config.biasVariance > 0,
  });
}

/**
 * Writes W^[l] = (σ_w/√N)·G^[l] and b^[l] = σ_b·biasDraws[N·l … N·(l + 1) − 1] into the network of `width` N,
 * layer by layer: `G` holds one N × N block of standard normal draws per layer, `biasDraws` N per layer.
 */
export function writeScaledDraws(
  net: Network,
  width: number,
  config: WideNetworkConfig,
  G: readonly Float64Array[],
  biasDraws: Float64Array,
): void {
  const weightStd = Math.sqrt(config.weightVariance / width);
  const biasStd = Math.sqrt(config.biasVariance);
  let layer = 0;
  let biasLayer = 0;
  for (const param of net.params) {
    const target = param.value.data;
    if (param.name.startsWith('W')) {
      const source = G[layer++];
      for (let i = 0; i < target.length; i++) target[i] = weightStd * source[i];
    } else {
      const offset = width * biasLayer++;
      for (let i = 0; i < width; i++) target[i] = biasStd * biasDraws[offset + i];
    }
  }
}
