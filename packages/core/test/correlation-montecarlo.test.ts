/**
 * Monte Carlo against theory: the correlation between two inputs, measured layer by layer in wide random networks,
 * against `forwardCorrelation`; and the rate at which it converges, against the depth scale ξ_c.
 *
 * Set-up. N = 500 units per layer (the input too), L = 30 layers, φ in every layer, W_ij ~ N(0, σ_w²/N),
 * b_i ~ N(0, σ_b²). Each of S = 4 seeds draws one set of standard normal matrices G^[l] and bias draws, shared by
 * every configuration (W^[l] = (σ_w/√N)·G^[l]), and P = 4 pairs of inputs (x1, x2): within a pair, ‖x1‖²/N =
 * ‖x2‖²/N = s and x1·x2/N = ρ·s exactly, so the first layer's pre-activations have variance q^1 = σ_w²s + σ_b²
 * (chosen to be q*, so the lengths stay put) and correlation c^1 = (σ_w²ρs + σ_b²)/q^1. Measured: ĉ^l = z1·z2 /
 * (‖z1‖‖z2‖) for the pre-activations z^[l] of the two inputs, averaged over the S·P pairs.
 *
 * Tolerance, from finite-width fluctuations. Given layer l − 1, the N pairs (z1_i, z2_i) of layer l are independent
 * Gaussian pairs, whose sample correlation has variance (1 − c²)²/N about the correlation their covariance implies;
 * that covariance is itself an average over the N units of layer l − 1, off by about as much again. So the
 * deviation δ_l = ĉ^l − c^l follows δ_l ≈ χ_c(c^{l−1})·δ_{l−1} + ε_l with Var ε_l ≈ 2(1 − (c^l)²)²/N, giving
 * V_l = χ_c(c^{l−1})²·V_{l−1} + 2(1 − (c^l)²)²/N from V_1 = (1 − (c^1)²)²/N (layer 1 is one sample, its covariance
 * exact). The P pairs of one network share its weights, and in the chaotic phase all inputs end up correlated with
 * each other (c* > 0), so their fluctuations are not counted as independent: the effective sample size is S (a
 * bound; the pairs' deviations are in fact only partly correlated). The test allows 4·√(V_l/S), plus l/N for the
 * O(1/N) per-layer bias of a ratio of averages. Deep in a chaotic network the finite-width fluctuations persist
 * (they decay only by χ_c(c*) per layer), so the allowance there is about ±0.25: it still separates c* from the
 * ordered phase's c* = 1, which the test checks. (Over these seeds the largest deviation stays under 0.25 of its
 * allowance.)
 *
 * The depth scale. In the ordered phase c* = 1 and d^l = 1 − ĉ^l = ‖u1 − u2‖²/2 (u = z/‖z‖) shrinks by a random
 * factor per layer whose mean is χ_1: log d^l is a random walk with drift ln χ_1 = −1/ξ_c and, as for the backward
 * pass of montecarlo.test.ts, step variance v = (3E[φ′⁴]/E[φ′²]² − 1)/N at q*. Its least-squares slope over the
 * layers l = 8 … 29 has variance v·Σ_k(Σ_{l≥k}(l − l̄))²/(Σ_l(l − l̄)²)², computed below; with S effective samples
 * the test allows 4 standard errors, plus the slope's bias from E[log X] < log E[X] (≈ v/2 per layer), plus the
 * distance of the theory's own curve from its asymptote over the window (`forwardCorrelation` fitted the same way).
 * Here that allows ±0.22/ξ_c, and the fit lands within 0.2 of it (ξ ≈ 5.7 measured against ξ_c ≈ 5.94).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activation as builtIn, type ActivationName } from '../src/activations.js';
import { correlationDepthScale, correlationSlope, forwardCorrelation } from '../src/correlation.js';
import { zeros } from '../src/matrix.js';
import { varianceFixedPoint } from '../src/meanfield.js';
import { forward, type Network } from '../src/network.js';
import { gaussianExpectationPiecewise } from '../src/quadrature.js';
import { createRandom, fillNormal } from '../src/random.js';
import { wideNetwork, writeScaledDraws } from './support/wide-networks.js';

const N = 500;
const L = 30;
const SEEDS = 4;
const PAIRS = 4;
const STANDARD_DEVIATIONS = 4;
const FIT_FROM = 8;

interface Config {
  readonly activation: ActivationName;
  readonly weightVariance: number;
  readonly biasVariance: number;
  /** ρ, the correlation of the two raw inputs. */
  readonly inputCorrelation: number;
  /** q^1; q* unless the network has none (ReLU at σ_w² = 2 keeps any q). */
  readonly q1?: number;
  readonly regime: string;
}

const CONFIGS: readonly Config[] = [
  {
    activation: 'tanh',
    weightVariance: 1.2,
    biasVariance: 0.05,
    inputCorrelation: 0,
    regime: 'ordered: c → 1',
  },
  {
    activation: 'tanh',
    weightVariance: 2.5,
    biasVariance: 0.05,
    inputCorrelation: 0.95,
    regime: 'chaotic: c → c*',
  },
  {
    activation: 'erf',
    weightVariance: 3,
    biasVariance: 0.2,
    inputCorrelation: 0.95,
    regime: 'chaotic: c → c*',
  },
  {
    activation: 'relu',
    weightVariance: 2,
    biasVariance: 0,
    inputCorrelation: 0,
    q1: 1,
    regime: 'critical (He)',
  },
];

function networkOf({ activation, weightVariance, biasVariance }: Config) {
  return { activation, weightVariance, biasVariance };
}

function q1Of(config: Config): number {
  return config.q1 ?? varianceFixedPoint(networkOf(config));
}

/** The measured ĉ^l of every pair, per configuration: [config][seed·PAIRS + pair][l]. */
function measure(): Float64Array[][] {
  const nets: Network[] = CONFIGS.map((c) => wideNetwork(N, L, c));
  const results: Float64Array[][] = CONFIGS.map(() => []);
  for (let seed = 0; seed < SEEDS; seed++) {
    const random = createRandom(`correlation-montecarlo-${seed}`);
    const G = Array.from({ length: L }, () => fillNormal(new Float64Array(N * N), random));
    const biasDraws = fillNormal(new Float64Array(N * L), random);
    const directions = Array.from({ length: 2 * PAIRS }, () => fillNormal(new Float64Array(N), random));

    CONFIGS.forEach((config, c) => {
      const net = nets[c];
      writeScaledDraws(net, N, config, G, biasDraws);
      const s = (q1Of(config) - config.biasVariance) / config.weightVariance;
      const X = inputPairs(directions, s, config.inputCorrelation);
      const trace = forward(net, X);
      for (let p = 0; p < PAIRS; p++) {
        results[c].push(Float64Array.from(trace.layers, (t) => correlationOf(t.z.data, 2 * p, 2 * p + 1)));
      }
    });
  }
  return results;
}

/** 2·PAIRS columns: pair p is (x1, x2) with ‖x‖²/N = s and x1·x2/N = ρs, built from two random directions. */
function inputPairs(directions: readonly Float64Array[], s: number, rho: number) {
  const X = zeros(N, 2 * PAIRS);
  const columns = 2 * PAIRS;
  for (let p = 0; p < PAIRS; p++) {
    const a = unit(directions[2 * p]);
    const b = directions[2 * p + 1].slice();
    const along = dot(a, b);
    for (let i = 0; i < N; i++) b[i] -= along * a[i]; // Gram–Schmidt: b ⟂ a
    const e = unit(b);
    const scale = Math.sqrt(N * s);
    for (let i = 0; i < N; i++) {
      X.data[i * columns + 2 * p] = scale * a[i];
      X.data[i * columns + 2 * p + 1] = scale * (rho * a[i] + Math.sqrt(1 - rho * rho) * e[i]);
    }
  }
  return X;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function unit(v: Float64Array): Float64Array {
  const norm = Math.sqrt(dot(v, v));
  return v.map((x) => x / norm);
}

/** The correlation of columns j and k of a row-major N × (2·PAIRS) matrix. */
function correlationOf(z: ArrayLike<number>, j: number, k: number): number {
  const columns = 2 * PAIRS;
  let zz = 0;
  let jj = 0;
  let kk = 0;
  for (let i = 0; i < N; i++) {
    const a = z[i * columns + j];
    const b = z[i * columns + k];
    zz += a * b;
    jj += a * a;
    kk += b * b;
  }
  return zz / Math.sqrt(jj * kk);
}

/** The least-squares slope of y over l = from … to − 1. */
function slopeOf(y: (l: number) => number, from: number, to: number): number {
  const mean = (from + to - 1) / 2;
  let num = 0;
  let den = 0;
  for (let l = from; l < to; l++) {
    num += (l - mean) * y(l);
    den += (l - mean) ** 2;
  }
  return num / den;
}

// Each theory curve takes a second or two (a double integral per layer): more than the default 5 s when shared.
describe(
  'wide random networks decorrelate or correlate their inputs as the correlation map predicts',
  { timeout: 60_000 },
  () => {
    let measured: Float64Array[][] = [];
    beforeAll(() => {
      measured = measure();
    }, 120_000); // about 5 s alone: 30 million normal draws; more when the machine is shared

    CONFIGS.forEach((config, c) => {
      const { activation, weightVariance, biasVariance, regime } = config;
      const network = { activation, weightVariance, biasVariance };
      const q1 = q1Of(config);
      const s = (q1 - biasVariance) / weightVariance;
      const c1 = (weightVariance * config.inputCorrelation * s + biasVariance) / q1;
      const name = `${activation}, σ_w² = ${weightVariance}, σ_b² = ${biasVariance} (${regime})`;

      it(`${name}: the mean correlation per layer follows forwardCorrelation`, () => {
        const theory = forwardCorrelation({ ...network, inputVariance: q1, depth: L, inputCorrelation: c1 });
        // Layer 1 is one sample of N pairs whose covariance the inputs give exactly.
        let variance = (1 - c1 ** 2) ** 2 / N;
        for (let l = 0; l < L; l++) {
          if (l > 0) {
            const slope = correlationSlope({ ...network, variance: q1, correlation: theory[l - 1] });
            variance = slope ** 2 * variance + (2 * (1 - theory[l] ** 2) ** 2) / N;
          }
          const mean = measured[c].reduce((sum, pair) => sum + pair[l], 0) / measured[c].length;
          const tolerance = STANDARD_DEVIATIONS * Math.sqrt(variance / SEEDS) + (l + 1) / N;
          expect(Math.abs(mean - theory[l])).toBeLessThan(tolerance);
          // The allowance leaves the phases apart: a chaotic network's correlation is measurably below 1.
          if (theory[L - 1] < 0.9) expect(theory[l] + tolerance).toBeLessThan(1);
        }
      });
    });

    it('in the ordered phase 1 − c shrinks like e^{−l/ξ_c}: a fit of measured log(1 − ĉ^l) over depth gives ξ_c', () => {
      const c = 0; // tanh, σ_w² = 1.2, σ_b² = 0.05
      const config = CONFIGS[c];
      const network = networkOf(config);
      const q1 = q1Of(config);
      const xi = correlationDepthScale(network);
      const g = builtIn(network.activation);
      const slope = (z: number) => g.derivative(z, g.apply(z));
      const moment = (k: number) => gaussianExpectationPiecewise((z) => slope(z) ** k, { variance: q1 });
      const stepVariance = ((3 * moment(4)) / moment(2) ** 2 - 1) / N;
      // Var of the least-squares slope of a random walk with that step variance over l = FIT_FROM … L − 1.
      const mean = (FIT_FROM + L - 1) / 2;
      let den = 0;
      for (let l = FIT_FROM; l < L; l++) den += (l - mean) ** 2;
      let slopeVariance = 0;
      for (let k = FIT_FROM + 1; k < L; k++) {
        let tail = 0;
        for (let l = k; l < L; l++) tail += l - mean;
        slopeVariance += stepVariance * tail ** 2;
      }
      slopeVariance /= den ** 2;
      const s = (q1 - network.biasVariance) / network.weightVariance;
      const c1 = (network.weightVariance * config.inputCorrelation * s + network.biasVariance) / q1;
      const theory = forwardCorrelation({ ...network, inputVariance: q1, depth: L, inputCorrelation: c1 });
      const theorySlope = slopeOf((l) => Math.log(1 - theory[l]), FIT_FROM, L);
      const measuredSlope = slopeOf(
        (l) => measured[c].reduce((sum, pair) => sum + Math.log(1 - pair[l]), 0) / measured[c].length,
        FIT_FROM,
        L,
      );
      const tolerance =
        STANDARD_DEVIATIONS * Math.sqrt(slopeVariance / SEEDS) +
        stepVariance / 2 +
        Math.abs(theorySlope + 1 / xi);
      expect(Math.abs(measuredSlope + 1 / xi)).toBeLessThan(tolerance);
      // The allowance is a fraction of the rate itself, so the fit does measure ξ_c (≈ 5.9 layers here).
      expect(tolerance).toBeLessThan(0.25 / xi);
    });
  },
);
