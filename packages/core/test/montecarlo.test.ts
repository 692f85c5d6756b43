/**
 * Monte Carlo against theory: wide random networks, measured layer by layer, against the mean-field
 * predictions of theory.ts (Poole et al. 2016; Schoenholz et al. 2017).
 *
 * Set-up. N = 500 units per layer (the input too, so every fan-in is N), L = 10 layers, φ in every layer (the
 * output layer included), W_ij ~ N(0, σ_w²/N), b_i ~ N(0, σ_b²). Each of S = 4 seeds draws one set of
 * standard normal matrices G^[l] and m = 8 inputs, each rescaled to ‖x‖²/N = 1 (so q^1 = σ_w² + σ_b²
 * exactly); every configuration then uses W^[l] = (σ_w/√N)·G^[l], so the weights are drawn once per seed, not
 * once per network. Backward, dA^[L] has independent N(0, 1) entries, and delta^[l] = dL/dz^[l] is what
 * `backward` returns.
 *
 * Measured: Q^l = mean of (z^[l]_i)² over units, examples and seeds, against q^l of `forwardVariance`; and
 * R^l = Σ‖delta^[l]‖² / Σ‖delta^[L]‖² (sums over seeds), against `backwardGradientGrowth`.
 *
 * Tolerances, from finite-width fluctuations. Conditional on layer l − 1, the N entries z^[l]_i are
 * independent N(0, s_l) with s_l = σ_w²·‖φ(z^[l−1])‖²/N + σ_b². So:
 * - forward: s_{l+1} = σ_w²·(1/N)Σφ(√s_l·g_i)² + σ_b² has relative variance ρ_l²·κ_l/N per layer, with
 *   κ_l = E[φ⁴]/E[φ²]² − 1 at q^l (identity 2, ReLU 5, tanh ≤ 2) and ρ_l = σ_w²E[φ²]/q^{l+1} ≤ 1 (the share
 *   of q^{l+1} that is not bias); measuring Q^l = s_l·χ²_N/N adds 2/N. These relative errors add up over the
 *   layers, each passed on with a log-slope d log q^{l+1}/d log q^l ≤ 1 (equal to 1 for the identity and
 *   ReLU; taking 1 for tanh is conservative): Var(log Q^l/q^l) ≈ (Σ_{k<l} ρ_k²κ_k + 2)/N.
 * - backward: given delta^[l+1], (W^[l+1])ᵀdelta^[l+1] has independent N(0, σ_w²‖delta^[l+1]‖²/N) entries
 *   (treating W as independent of the forward pass: the gradient-independence assumption, exact as N → ∞),
 *   and ⊙φ'(z^[l]) gives ‖delta^[l]‖² a relative variance (3·E[φ'⁴]/E[φ'²]² − 1)/N per layer (identity 2,
 *   ReLU 5): Var(log R^l/r^l) ≈ Σ_{k=l}^{L−1}(3E[φ'⁴]/E[φ'²]² − 1)_{q^k}/N, with r^l the predicted ratio.
 * Averaging divides these by S·m_eff. With an odd φ and (nearly) no bias, random inputs stay nearly
 * orthogonal layer after layer, so an input's fluctuations are nearly independent of another's: m_eff = m.
 * ReLU's outputs are positive, which correlates the examples (its correlation map sends 0 to 1/π and on
 * towards 1), so for ReLU we take m_eff = 1, the fully correlated bound. The test allows 4 standard
 * deviations, plus l/N for the O(1/N) per-layer biases (E[log X] < log E[X]; gradient independence fails at
 * O(1/N)). At layer 10 that allows |log(measured/predicted)| up to ~0.16 for the identity and tanh and ~0.65
 * for ReLU: far below the factors (0.75^9 ≈ 0.08 against 1.25^9 ≈ 7.5) that separate vanishing from
 * exploding. (Over other seeds the largest deviation, over all layers, stays under 0.7 of its allowance;
 * ReLU's under 0.25, its bound being loose.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activation as activation_, type ActivationName } from '../src/activations.js';
import { zeros } from '../src/matrix.js';
import { backward, forward, type Network } from '../src/network.js';
import { gaussianExpectationPiecewise } from '../src/quadrature.js';
import { createRandom, fillNormal } from '../src/random.js';
import { backwardGradientGrowth, forwardVariance } from '../src/meanfield.js';
import { wideNetwork, writeScaledDraws } from './support/wide-networks.js';

const N = 500;
const L = 10;
const EXAMPLES = 8;
const SEEDS = 4;
const STANDARD_DEVIATIONS = 4;

interface Config {
  readonly activation: ActivationName;
  readonly weightVariance: number;
  readonly biasVariance: number;
  readonly regime: string;
}

const CONFIGS: readonly Config[] = [
  { activation: 'identity', weightVariance: 0.8, biasVariance: 0, regime: 'vanishing' },
  { activation: 'identity', weightVariance: 1.25, biasVariance: 0, regime: 'exploding' },
  { activation: 'relu', weightVariance: 1.5, biasVariance: 0, regime: 'vanishing' },
  { activation: 'relu', weightVariance: 2.5, biasVariance: 0, regime: 'exploding' },
  { activation: 'tanh', weightVariance: 0.8, biasVariance: 0, regime: 'ordered, vanishing' },
  { activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05, regime: 'chaotic, exploding' },
];

interface Measurement {
  /** Σ (z^[l])² over units, examples and seeds, per layer. */
  readonly forwardSums: Float64Array;
  /** Σ ‖delta^[l]‖² over examples and seeds, per layer. */
  readonly backwardSums: Float64Array;
}

/** Runs every configuration on the same seeded weights and inputs; returns the pooled sums per configuration. */
function measure(): Measurement[] {
  const nets: Network[] = CONFIGS.map((c) => wideNetwork(N, L, c));
  const results = CONFIGS.map(() => ({
    forwardSums: new Float64Array(L),
    backwardSums: new Float64Array(L),
  }));
  for (let seed = 0; seed < SEEDS; seed++) {
    const random = createRandom(`montecarlo-${seed}`);
    const G = Array.from({ length: L }, () => fillNormal(new Float64Array(N * N), random));
    const X = zeros(N, EXAMPLES);
    fillNormal(X.data, random);
    for (let j = 0; j < EXAMPLES; j++) {
      let sumSquares = 0;
      for (let i = 0; i < N; i++) sumSquares += X.data[i * EXAMPLES + j] ** 2;
      const rescale = Math.sqrt(N / sumSquares);
      for (let i = 0; i < N; i++) X.data[i * EXAMPLES + j] *= rescale;
    }
    const dOutput = zeros(N, EXAMPLES);
    fillNormal(dOutput.data, random);
    const biasDraws = fillNormal(new Float64Array(N * L), random);

    CONFIGS.forEach((config, c) => {
      const net = nets[c];
      writeScaledDraws(net, N, config, G, biasDraws);
      const trace = forward(net, X);
      trace.layers.forEach((t, l) => {
        let sum = 0;
        for (const v of t.z.data) sum += v * v;
        results[c].forwardSums[l] += sum;
      });
      const { layers } = backward(net, dOutput);
      layers.forEach((g, l) => {
        let sum = 0;
        for (const v of g.delta.data) sum += v * v;
        results[c].backwardSums[l] += sum;
      });
    });
  }
  return results;
}

/** E_{z~N(0, q)}[f(z)] for the tolerance formulas. */
function expectation(f: (z: number) => number, q: number): number {
  return gaussianExpectationPiecewise(f, { variance: q });
}

describe('wide random networks agree with mean-field theory', () => {
  let results: Measurement[] = [];
  beforeAll(() => {
    results = measure();
  });

  CONFIGS.forEach((config, c) => {
    const { activation, weightVariance, biasVariance, regime } = config;
    const g = activation_(activation);
    const phi = (z: number): number => g.apply(z);
    const slope = (z: number): number => g.derivative(z, g.apply(z));
    const theory = {
      activation,
      weightVariance,
      biasVariance,
      inputVariance: weightVariance + biasVariance,
      depth: L,
    };
    const q = forwardVariance(theory);
    const growth = backwardGradientGrowth(theory);
    const effectiveSamples = SEEDS * (activation === 'relu' ? 1 : EXAMPLES);
    const name = `${activation}, σ_w² = ${weightVariance}, σ_b² = ${biasVariance} (${regime})`;

    it(`${name}: the mean of z² per layer follows forwardVariance`, () => {
      let accumulated = 0; // Σ_{k<l} ρ_k²κ_k
      for (let l = 0; l < L; l++) {
        const measured = results[c].forwardSums[l] / (N * EXAMPLES * SEEDS);
        const tolerance =
          STANDARD_DEVIATIONS * Math.sqrt((accumulated + 2) / (N * effectiveSamples)) + (l + 1) / N;
        expect(Math.abs(Math.log(measured / q[l]))).toBeLessThan(tolerance);
        const second = expectation((z) => phi(z) ** 2, q[l]);
        const kappa = expectation((z) => phi(z) ** 4, q[l]) / second ** 2 - 1;
        const share = (weightVariance * second) / (weightVariance * second + biasVariance);
        accumulated += share ** 2 * kappa;
      }
    });

    it(`${name}: ‖delta^[l]‖²/‖delta^[L]‖² follows backwardGradientGrowth`, () => {
      const output = results[c].backwardSums[L - 1];
      let accumulated = 0; // Σ_{k=l}^{L−1} (3E[φ'⁴]/E[φ'²]² − 1)
      for (let l = L - 2; l >= 0; l--) {
        const second = expectation((z) => slope(z) ** 2, q[l]);
        accumulated += (3 * expectation((z) => slope(z) ** 4, q[l])) / second ** 2 - 1;
        const measured = results[c].backwardSums[l] / output;
        const tolerance = STANDARD_DEVIATIONS * Math.sqrt(accumulated / (N * effectiveSamples)) + (L - l) / N;
        expect(Math.abs(Math.log(measured / growth[l]))).toBeLessThan(tolerance);
      }
    });
  });

  it('separates the regimes: the measured gradients vanish or explode as χ predicts', () => {
    const firstLayerRatio = (c: number) => results[c].backwardSums[0] / results[c].backwardSums[L - 1];
    expect(firstLayerRatio(0)).toBeLessThan(0.3); // identity 0.8: 0.8^9 ≈ 0.13
    expect(firstLayerRatio(1)).toBeGreaterThan(3); // identity 1.25: 1.25^9 ≈ 7.5
    expect(firstLayerRatio(2)).toBeLessThan(0.3); // ReLU 1.5: 0.75^9 ≈ 0.075
    expect(firstLayerRatio(3)).toBeGreaterThan(3); // ReLU 2.5: 1.25^9 ≈ 7.5
    expect(firstLayerRatio(4)).toBeLessThan(0.3);
    expect(firstLayerRatio(5)).toBeGreaterThan(1.5);
  });
});
