// The layer-by-layer bounds on ∂a^[l]/∂x: exact where the closed form says they must be (k·I, orthogonal linear
// layers), and true, above the largest and below the smallest singular value the engine measures, for random
// networks with every activation the lessons use.
import { describe, expect, it } from 'vitest';
import { jacobianBounds } from '../src/jacobian-bounds.js';
import { jacobianSpectrumByDepth } from '../src/jacobian-spectrum.js';
import { column } from '../src/matrix.js';
import { linearNetwork, mlp } from '../src/network.js';
import { createRandom } from '../src/random.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

describe('jacobianBounds', () => {
  it('are exact for k·I: upper = lower = k^l', () => {
    const bounds = jacobianBounds(linearNetwork(30, 1.5), column([1, 1]));
    bounds.forEach((b, i) => {
      expect(b.upper).toBeCloseTo(1.5 ** (i + 1), 8);
      expect(Math.abs(b.lower - 1.5 ** (i + 1)) / 1.5 ** (i + 1)).toBeLessThan(1e-12);
      expect(b.layerUpper).toBeCloseTo(1.5, 14);
    });
  });

  it('are both 1 for orthogonal linear layers, at every depth', () => {
    const net = mlp({
      sizes: Array(11).fill(6),
      activation: 'identity',
      outputActivation: 'identity',
      init: 'orthogonal',
      bias: false,
      seed: 2,
    });
    for (const b of jacobianBounds(net, column([1, 2, 3, 4, 5, 6]))) {
      expect(b.upper).toBeCloseTo(1, 12);
      expect(b.lower).toBeCloseTo(1, 12);
    }
  });

  it.each(['tanh', 'sigmoid', 'relu', 'identity'] as const)(
    'bracket every singular value of a random %s network',
    (activation) => {
      const random = createRandom(`bounds ${activation}`);
      const net = mlp({
        sizes: Array(9).fill(8),
        activation,
        outputActivation: activation,
        init: 'heNormal',
        random,
      });
      const x = randomMatrix(8, 1, random);
      const bounds = jacobianBounds(net, x);
      for (const spectrum of jacobianSpectrumByDepth(net, x)) {
        const b = bounds[spectrum.depth - 1];
        const logs = Array.from(spectrum.logSingularValues);
        expect(Math.max(...logs)).toBeLessThanOrEqual(b.logUpper + 1e-9);
        expect(Math.min(...logs)).toBeGreaterThanOrEqual(b.logLower - 1e-9);
      }
    },
  );

  it('has no lower bound for a wide layer, which sends some direction to 0', () => {
    const bounds = jacobianBounds(mlp({ sizes: [4, 2, 4], seed: 1 }), column([1, 2, 3, 4]));
    expect(bounds[0].layerLower).toBe(0);
    expect(bounds[1].lower).toBe(0);
    expect(bounds[1].logLower).toBe(-Infinity);
  });

  it('keeps a finite logarithm where the bound itself overflows float64', () => {
    const [last] = jacobianBounds(linearNetwork(2000, 1.5), column([1, 1])).slice(-1);
    expect(last.upper).toBe(Infinity);
    expect(last.logUpper).toBeCloseTo(2000 * Math.log(1.5), 8);
  });

  it('names itself for a bad point', () => {
    expect(thrown(() => jacobianBounds(linearNetwork(2, 1), column([1]))).context).toBe('jacobianBounds');
  });
});
