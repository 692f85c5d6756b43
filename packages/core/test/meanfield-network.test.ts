// The networks mean-field theory describes (meanfield-network.ts): weights and biases drawn with the stated
// variances (Monte Carlo), the two measurements against hand-computed values, and a wide network's measured q^l and
// c^l against forwardVariance and forwardCorrelation.
import { describe, expect, it } from 'vitest';
import { forwardCorrelation } from '../src/correlation.js';
import { matrix } from '../src/matrix.js';
import { forwardVariance } from '../src/meanfield.js';
import {
  layerCorrelations,
  layerSecondMoments,
  meanFieldInit,
  meanFieldNetwork,
} from '../src/meanfield-network.js';
import { forward, type ForwardTrace } from '../src/network.js';
import { createRandom } from '../src/random.js';
import type { DenseLayer } from '../src/dense.js';

/** The mean of the squares of some numbers: a variance about 0. */
const meanSquare = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum / values.length;
};

describe('meanFieldInit and meanFieldNetwork draw the variances they are given', () => {
  it('meanFieldInit draws N(0, σ_w²/fan_in)', () => {
    // 80,000 draws: the sample mean square has a relative standard deviation √(2/80000) = 0.5%; allow 4 of them.
    const W = meanFieldInit(2.5).create(200, 400, createRandom(1));
    expect(Math.abs(meanSquare(W.data) / (2.5 / 400) - 1)).toBeLessThan(0.02);
    expect(meanFieldInit(2.5).std!({ fanIn: 400, fanOut: 200 })).toBeCloseTo(Math.sqrt(2.5 / 400), 15);
  });

  it('every layer has W_ij of variance σ_w²/n_{l−1} and b_i of variance σ_b², and the read-out is linear', () => {
    const net = meanFieldNetwork({
      activation: 'tanh',
      weightVariance: 1.5,
      biasVariance: 0.3,
      inputSize: 50,
      width: 100,
      depth: 40,
      outputSize: 1,
      seed: 2,
    });
    const layers = net.layers as readonly DenseLayer[];
    expect(layers).toHaveLength(41);
    // 4,000 biases (relative sd of the mean square √(2/4000) = 2.2%, allow 4) and 396,000 weights.
    const biases = layers.slice(0, 40).flatMap((layer) => Array.from(layer.b!.value.data));
    expect(Math.abs(meanSquare(biases) / 0.3 - 1)).toBeLessThan(0.09);
    const scaled = layers.flatMap((layer) =>
      Array.from(layer.W.value.data, (w) => w / Math.sqrt(1.5 / layer.W.value.cols)),
    );
    expect(Math.abs(meanSquare(scaled) - 1)).toBeLessThan(0.01);
    expect(layers[40]!.activation?.name).toBe('identity');
    expect(layers[39]!.activation?.name).toBe('tanh');
  });

  it('without outputSize the last hidden layer is the output, and biasVariance 0 leaves the biases at 0', () => {
    const net = meanFieldNetwork({ activation: 'relu', weightVariance: 2, inputSize: 3, width: 4, depth: 2 });
    const layers = net.layers as readonly DenseLayer[];
    expect(layers).toHaveLength(2);
    expect(layers[1]!.activation?.name).toBe('relu');
    expect(Array.from(layers[1]!.b!.value.data)).toEqual([0, 0, 0, 0]);
  });
});

describe('the measurements', () => {
  /** A trace whose z are given: the measurements read nothing else. */
  const traceOf = (...zs: number[][][]) =>
    ({ layers: zs.map((rows) => ({ z: matrix(rows) })) }) as unknown as ForwardTrace;

  it('layerSecondMoments is the mean of z² over units and examples', () => {
    const trace = traceOf(
      [
        [1, 2],
        [3, 4],
      ],
      [[2], [0], [0], [0]],
    );
    expect(Array.from(layerSecondMoments(trace))).toEqual([(1 + 4 + 9 + 16) / 4, 1]);
  });

  it('layerCorrelations is the cosine between the two columns', () => {
    const trace = traceOf(
      [
        [1, 1],
        [0, 1],
      ],
      [
        [1, -2],
        [2, -4],
      ],
    );
    const [c1, c2] = layerCorrelations(trace);
    expect(c1).toBeCloseTo(1 / Math.sqrt(2), 15);
    expect(c2).toBe(-1);
  });

  it('a wide network follows the length map and the correlation map (Monte Carlo)', () => {
    // Width 800, 12 layers: finite-width deviations are O(1/√N) ≈ 3.5% per layer, damped by slopes below 1 here;
    // 15% and 0.1 allowed (over four deviations).
    const options = { activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05 } as const;
    const net = meanFieldNetwork({ ...options, inputSize: 2, width: 800, depth: 12, seed: 3 });
    const X = matrix([
      [1, 0.6],
      [0, 0.8],
    ]); // ‖x‖²/n_0 = 1/2 for both, x_a·x_b/n_0 = 0.3
    const trace = forward(net, X);
    const q = forwardVariance({ ...options, inputSecondMoment: 0.5, depth: 12 });
    const c = forwardCorrelation({
      ...options,
      inputSecondMoment: 0.5,
      depth: 12,
      inputCorrelation: (2.5 * 0.3 + 0.05) / q[0],
    });
    const measuredQ = layerSecondMoments(trace);
    const measuredC = layerCorrelations(trace);
    for (let l = 0; l < 12; l++) {
      expect(Math.abs(measuredQ[l] / q[l] - 1)).toBeLessThan(0.15);
      expect(Math.abs(measuredC[l] - c[l])).toBeLessThan(0.1);
    }
  });
});

describe('bad input', () => {
  it('names the function and the argument', () => {
    expect(() => meanFieldInit(-1)).toThrow(/^meanFieldInit: weightVariance/);
    expect(() =>
      meanFieldNetwork({ activation: 'tahn', weightVariance: 1, inputSize: 2, width: 2, depth: 2 } as never),
    ).toThrow(/meanFieldNetwork: options.activation .*did you mean "tanh"/);
    expect(() =>
      meanFieldNetwork({ activation: 'tanh', weightVarience: 1, inputSize: 2, width: 2, depth: 2 } as never),
    ).toThrow(/meanFieldNetwork: options.weightVarience .*did you mean "weightVariance"/);
    const oneExample = forward(
      meanFieldNetwork({ activation: 'tanh', weightVariance: 1, inputSize: 2, width: 3, depth: 2 }),
      matrix([[1], [2]]),
    );
    expect(() => layerCorrelations(oneExample)).toThrow(/^layerCorrelations: trace .*exactly two examples/);
    expect(() => layerSecondMoments({} as never)).toThrow(/^layerSecondMoments: trace/);
  });
});
