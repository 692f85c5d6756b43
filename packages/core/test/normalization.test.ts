import { describe, expect, it } from 'vitest';
import { batchNorm } from '../src/batchnorm.js';
import { layerNorm } from '../src/layernorm.js';
import { get, zeros, type Matrix } from '../src/matrix.js';
import { createRandom, type Random } from '../src/random.js';
import { checkLayerGradients, expectGradientsMatch } from './support/gradients.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

/** Mean and biased variance (divided by n) of n values, summed in order. */
function moments(values: readonly number[]): { mean: number; variance: number } {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / n;
  return { mean, variance };
}

const rowMoments = (m: Matrix, i: number) => moments(Array.from({ length: m.cols }, (_, j) => get(m, i, j)));
const columnMoments = (m: Matrix, j: number) =>
  moments(Array.from({ length: m.rows }, (_, i) => get(m, i, j)));

function randomizeAffine(gamma: Matrix, beta: Matrix, random: Random): void {
  for (let i = 0; i < gamma.data.length; i++) {
    gamma.data[i] = random.uniform(0.5, 2);
    beta.data[i] = random.normal(0, 0.5);
  }
}

describe('batch norm', () => {
  it('normalizes each feature over the batch: z has row mean β and row variance γ²·σ²/(σ² + ε)', () => {
    const random = createRandom(1);
    const bn = batchNorm({ size: 3 });
    randomizeAffine(bn.gamma.value, bn.beta.value, random);
    const X = randomMatrix(3, 8, random, { mean: 5, std: 3 });
    const { z } = bn.forward(X, 'train');
    for (let i = 0; i < 3; i++) {
      const { variance: sigma2 } = rowMoments(X, i);
      const { mean, variance } = rowMoments(z, i);
      const gamma = bn.gamma.value.data[i];
      expect(mean).toBeCloseTo(bn.beta.value.data[i], 13);
      expect(variance / ((gamma * gamma * sigma2) / (sigma2 + 1e-5))).toBeCloseTo(1, 13);
    }
  });

  it('updates the running statistics with momentum, using the unbiased variance', () => {
    const random = createRandom(2);
    const bn = batchNorm({ size: 2, momentum: 0.8 });
    const X = randomMatrix(2, 5, random, { mean: 1, std: 2 });
    bn.forward(X, 'train');
    for (let i = 0; i < 2; i++) {
      const { mean, variance } = rowMoments(X, i);
      // Starting from mean 0 and variance 1: running = 0.8·old + 0.2·batch.
      expect(bn.runningMean.data[i]).toBeCloseTo(0.2 * mean, 14);
      expect(bn.runningVariance.data[i]).toBeCloseTo(0.8 + 0.2 * variance * (5 / 4), 14);
    }
  });

  it('in eval mode normalizes with the running statistics and leaves them unchanged', () => {
    const random = createRandom(3);
    const bn = batchNorm({ size: 2 });
    randomizeAffine(bn.gamma.value, bn.beta.value, random);
    for (let step = 0; step < 3; step++) bn.forward(randomMatrix(2, 6, random, { mean: 2, std: 1 }), 'train');
    const mean = Array.from(bn.runningMean.data);
    const variance = Array.from(bn.runningVariance.data);
    const x = randomMatrix(2, 1, random);
    const { z } = bn.forward(x, 'eval');
    for (let i = 0; i < 2; i++) {
      const expected = (bn.gamma.value.data[i] * (x.data[i] - mean[i])) / Math.sqrt(variance[i] + 1e-5);
      expect(z.data[i]).toBeCloseTo(expected + bn.beta.value.data[i], 14);
    }
    expect(Array.from(bn.runningMean.data)).toEqual(mean);
    expect(Array.from(bn.runningVariance.data)).toEqual(variance);
  });

  it('in train mode passes a centred finite-difference check of γ, β and the input', () => {
    const random = createRandom('batch norm train');
    const bn = batchNorm({ size: 3 });
    randomizeAffine(bn.gamma.value, bn.beta.value, random);
    expectGradientsMatch(
      checkLayerGradients(bn, randomMatrix(3, 6, random, { mean: 1, std: 2 }), 'train', random),
    );
  });

  it('with a tanh after γ·x̂ + β, in train mode, passes the finite-difference check', () => {
    const random = createRandom('batch norm tanh');
    const bn = batchNorm({ size: 4, activation: 'tanh' });
    randomizeAffine(bn.gamma.value, bn.beta.value, random);
    expectGradientsMatch(checkLayerGradients(bn, randomMatrix(4, 5, random), 'train', random));
  });

  it('in eval mode passes the finite-difference check (statistics are constants there)', () => {
    const random = createRandom('batch norm eval');
    const bn = batchNorm({ size: 3, activation: 'sigmoid' });
    randomizeAffine(bn.gamma.value, bn.beta.value, random);
    bn.forward(randomMatrix(3, 10, random, { mean: 1, std: 2 }), 'train');
    expectGradientsMatch(checkLayerGradients(bn, randomMatrix(3, 4, random), 'eval', random));
  });

  it('refuses a single example in train mode but accepts it in eval mode', () => {
    const bn = batchNorm({ size: 2 });
    const error = thrown(() => bn.forward(zeros(2, 1), 'train'));
    expect(error.argument).toBe('input');
    expect(error.message).toContain('eval');
    expect(() => bn.forward(zeros(2, 1), 'eval')).not.toThrow();
  });

  it('rejects bad options, naming the option', () => {
    expect(thrown(() => batchNorm({ size: 0 })).argument).toBe('options.size');
    expect(thrown(() => batchNorm({ size: 2, momentum: 1 })).argument).toBe('options.momentum');
    expect(thrown(() => batchNorm({ size: 2, momentum: -0.1 })).argument).toBe('options.momentum');
    expect(thrown(() => batchNorm({ size: 2, epsilon: 0 })).argument).toBe('options.epsilon');
    expect(thrown(() => batchNorm({ size: 2, activation: 'rely' as never })).argument).toBe(
      'options.activation',
    );
    expect(thrown(() => batchNorm({ size: 2, dtype: 'float8' as never })).argument).toBe('options.dtype');
    expect(thrown(() => batchNorm({ size: 2 }).forward(zeros(3, 4), 'train')).argument).toBe('input');
    expect(thrown(() => batchNorm({ size: 2 }).forward(zeros(2, 4), 'test' as never)).argument).toBe('mode');
  });
});

describe('layer norm', () => {
  it('normalizes each example over its features: every column of x̂ has mean 0 and variance σ²/(σ² + ε)', () => {
    const random = createRandom(4);
    const ln = layerNorm({ size: 5 });
    const X = randomMatrix(5, 3, random, { mean: -2, std: 4 });
    const { z } = ln.forward(X, 'train');
    for (let j = 0; j < 3; j++) {
      const { variance: sigma2 } = columnMoments(X, j);
      const { mean, variance } = columnMoments(z, j);
      expect(mean).toBeCloseTo(0, 14);
      expect(variance / (sigma2 / (sigma2 + 1e-5))).toBeCloseTo(1, 13);
    }
  });

  it('treats each example on its own: a column of the output does not depend on the other columns', () => {
    const random = createRandom(5);
    const ln = layerNorm({ size: 3, activation: 'tanh' });
    const X = randomMatrix(3, 4, random);
    const before = Array.from(ln.forward(X, 'train').a.data).filter((_, k) => k % 4 === 0);
    for (let i = 0; i < 3; i++) X.data[i * 4 + 2] = 100 * random.normal();
    const after = Array.from(ln.forward(X, 'train').a.data).filter((_, k) => k % 4 === 0);
    expect(after).toEqual(before);
  });

  it('computes the same thing in train and eval mode, and accepts a single example', () => {
    const random = createRandom(6);
    const ln = layerNorm({ size: 3 });
    const x = randomMatrix(3, 1, random);
    const train = Array.from(ln.forward(x, 'train').z.data);
    expect(Array.from(ln.forward(x, 'eval').z.data)).toEqual(train);
  });

  it('passes a centred finite-difference check of γ, β and the input', () => {
    const random = createRandom('layer norm');
    const ln = layerNorm({ size: 4 });
    randomizeAffine(ln.gamma.value, ln.beta.value, random);
    expectGradientsMatch(
      checkLayerGradients(ln, randomMatrix(4, 5, random, { mean: 0.5, std: 2 }), 'train', random),
    );
  });

  it('with a tanh after γ·x̂ + β passes the finite-difference check', () => {
    const random = createRandom('layer norm tanh');
    const ln = layerNorm({ size: 3, activation: 'tanh' });
    randomizeAffine(ln.gamma.value, ln.beta.value, random);
    expectGradientsMatch(checkLayerGradients(ln, randomMatrix(3, 4, random), 'train', random));
  });

  it('rejects bad options, naming the option', () => {
    expect(thrown(() => layerNorm({ size: 2.5 })).argument).toBe('options.size');
    expect(thrown(() => layerNorm({ size: 2, epsilon: -1 })).argument).toBe('options.epsilon');
    expect(thrown(() => layerNorm({ size: 2, activation: 42 as never })).argument).toBe('options.activation');
    expect(thrown(() => layerNorm({ size: 2 }).forward(zeros(3, 1), 'train')).argument).toBe('input');
  });
});
