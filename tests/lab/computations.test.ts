// The Lab's other computations against independent ones: the theory's shortcut for ξ_c against the engine's
// nested quadrature, Jacobian spectra against isometry, number formats against iterated rounding, forks against
// the run they fork, and the sweep's baseline against closed forms.
import { correlationDepthScale, matrix } from '@gradscope/core';
import { describe, expect, it } from 'vitest';

import { firstExamples, labData } from '../../src/lab/data.ts';
import { formatRow } from '../../src/lab/formats.ts';
import { chaoticEdge, criticalCurve } from '../../src/lab/phase.ts';
import { jacobianSpectrum, spectrumLimit } from '../../src/lab/spectrum.ts';
import { DEFAULT_STATE, type LabState } from '../../src/lab/state.ts';
import { baselineLoss, SWEEP_RANGE, sweepCell, sweepGrid } from '../../src/lab/sweep.ts';
import { chaoticCorrelationScale, theorySummary } from '../../src/lab/theory.ts';
import { train } from '../../src/lab/training.ts';

describe('theory', () => {
  it('takes ξ_c = −1/ln χ₁ in the ordered phase, as the engine’s correlation map finds it', () => {
    const state: LabState = { ...DEFAULT_STATE, weightVariance: 1.5, biasVariance: 0.05 };
    const summary = theorySummary(state);
    expect(summary.phase).toBe('ordered');
    const engine = correlationDepthScale({ activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 });
    expect(summary.correlationScale! / engine - 1).toBeLessThan(1e-6);
  });

  it('says why it does not apply to a normalized, residual or k·I tanh network, and draws nothing then', () => {
    for (const changes of [{ norm: 'batch' }, { residual: true }, { init: 'identity' }] as const) {
      const summary = theorySummary({ ...DEFAULT_STATE, ...changes });
      expect(summary.applies).toBe(false);
      expect(summary.reason).toMatch(/\.$/);
      expect(summary.activationRms).toBeNull();
    }
    expect(theorySummary({ ...DEFAULT_STATE, init: 'identity', activation: 'identity' }).applies).toBe(true);
  });

  it('leaves ξ_c undefined when the signal dies out (q* = 0)', () => {
    const summary = theorySummary({ ...DEFAULT_STATE, weightVariance: 0.5, biasVariance: 0 });
    expect(summary.qStar).toBe(0);
    expect(summary.correlationScale).toBeNull();
    expect(summary.correlationNote).toMatch(/^q\* = 0/);
  });
});

describe('the phase diagram’s chaotic edge', () => {
  it('puts each point where 6ξ_c crosses the depth, to within the bisection’s resolution', () => {
    const depth = 50;
    const critical = criticalCurve('tanh', 3); // σ_b² = 0, 0.15, 0.3
    const edge = chaoticEdge('tanh', depth, critical);
    // σ_b² = 0 is left out (as on the ordered side); the others have a point between the edge of chaos and the
    // sweep's largest σ_w².
    expect(edge.map((p) => p.y)).toEqual(critical.slice(1).map((p) => p.y));
    edge.forEach((point, i) => {
      expect(point.x).toBeGreaterThan(critical[i + 1].x);
      const resolution = (SWEEP_RANGE.weightVariance[1] - critical[i + 1].x) / 256;
      const trainableDepth = (w: number) => 6 * chaoticCorrelationScale('tanh', w, point.y);
      expect(trainableDepth(point.x - resolution)).toBeGreaterThan(depth);
      expect(trainableDepth(point.x + resolution)).toBeLessThan(depth);
    });
  });
});

describe('the Jacobian spectrum', () => {
  it('of an orthogonal linear network is 1 in every direction at every depth (dynamical isometry)', () => {
    const state: LabState = {
      ...DEFAULT_STATE,
      activation: 'identity',
      init: 'orthogonal',
      bias: false,
      depth: 20,
      width: 32,
    };
    const spectrum = jacobianSpectrum(state);
    // Ten depths from the first hidden layer to the last (19), evenly spread: 1 + i·18/9 = 1 + 2i.
    expect(spectrum.depths).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    for (const values of [spectrum.min, spectrum.median, spectrum.max]) {
      for (const v of values) expect(v).toBeCloseTo(1, 10);
    }
    expect(spectrum.count).toBe(32);
    expect(spectrum.floored).toBe(false);
  });

  it('stops a Gaussian network’s smallest singular values at what float64 resolves, n·2⁻⁵² of the largest', () => {
    // Width 16, variance 1/n: the smallest Lyapunov exponent is ½(ψ(½) + ln(2/16)) ≈ −2.0 per layer, so by
    // depth 39 the smallest singular value is about e^−78 of 1, far below 16·2⁻⁵² ≈ 3.6 × 10⁻¹⁵.
    const state: LabState = { ...DEFAULT_STATE, activation: 'identity', bias: false, depth: 40, width: 16 };
    const { min, max, floored } = jacobianSpectrum(state);
    const last = max.length - 1;
    expect(floored).toBe(true);
    expect(min[last] / max[last]).toBeCloseTo(16 * Number.EPSILON, 25);
    // At the first hidden layer the spread is that of one random matrix, well above the floor.
    expect(min[0] / max[0]).toBeGreaterThan(1e-4);
  });

  it('of a Gaussian linear network keeps its mean square at 1 while it spreads with depth', () => {
    const state: LabState = { ...DEFAULT_STATE, activation: 'identity', bias: false, depth: 40, width: 64 };
    const { max, min, meanSquare } = jacobianSpectrum(state);
    const last = max.length - 1;
    expect(max[last] / min[last]).toBeGreaterThan(100 * (max[0] / min[0]));
    // Each layer's mean square is 1 on average; over 39 layers of width 64 it wanders by tens of per cent.
    expect(meanSquare[last]).toBeGreaterThan(0.3);
    expect(meanSquare[last]).toBeLessThan(3);
  });

  it('is not attempted when it would cost too much, saying how much', () => {
    expect(spectrumLimit({ ...DEFAULT_STATE, width: 1024, depth: 8 })).toMatch(
      /^The spectrum would take about 8\.6 billion multiply-adds/,
    );
    expect(spectrumLimit(DEFAULT_STATE)).toBeNull();
  });
});

describe('number formats', () => {
  const lecture = (k: number): LabState => ({
    ...DEFAULT_STATE,
    activation: 'identity',
    init: 'identity',
    weightVariance: k * k,
    bias: false,
    width: 2,
    depth: 200,
    batch: 4,
  });

  it('finds float16 overflowing where iterated f16round of the largest input first gives ∞', () => {
    const state = lecture(1.5);
    const { x } = firstExamples(labData({ ...state, dtype: 'float16' }, state.seed), state.batch);
    let v = Math.max(...Array.from(x.data, Math.abs));
    let expected = 0;
    for (let l = 1; expected === 0; l++) {
      v = Math.f16round(1.5 * v);
      if (v === Infinity) expected = l;
    }
    expect(formatRow(state, 'float16').forwardNonFinite).toBe(expected);
    expect(formatRow(state, 'float64').forwardNonFinite).toBeNull();
  });

  it('loses a halving signal earlier when subnormals are flushed to zero', () => {
    const state = lecture(0.5);
    const kept = formatRow(state, 'float32').forwardZero!;
    const flushed = formatRow(state, 'float32-ftz').forwardZero!;
    // float32's subnormals span 23 halvings below its smallest normal number.
    expect(kept - flushed).toBeGreaterThanOrEqual(22);
    expect(kept - flushed).toBeLessThanOrEqual(24);
    expect(formatRow(state, 'float32-ftz').smallest).toBe(2 ** -126);
  });
});

describe('training and forks', () => {
  const small: LabState = { ...DEFAULT_STATE, depth: 6, width: 16, batch: 8, steps: 20, learningRate: 0.05 };

  it('a fork with no remedy continues the run bit for bit', () => {
    const run = train(small);
    const fork = train(small, { fork: { step: 10, remedy: {} } });
    expect(fork.firstStep).toBe(11);
    expect(Array.from(fork.loss)).toEqual(Array.from(run.loss.subarray(10)));
  });

  it('a fork with a remedy starts from the same step: its first loss is the run’s, the next ones differ', () => {
    const run = train(small);
    const fork = train(small, { fork: { step: 10, remedy: { learningRate: 0.001 } } });
    expect(fork.loss[0]).toBe(run.loss[10]);
    expect(fork.loss[1]).not.toBe(run.loss[11]);
  });

  it('records ‖dW^[l]‖ for every layer at every step of a short run, and reports progress on the way', () => {
    const updates: number[] = [];
    const run = train(small, { progressEveryMs: 0, onProgress: (r) => updates.push(r.loss.length) });
    expect(run.recordedSteps.length).toBe(20);
    expect(run.gradNorms.length).toBe(6 * 20);
    expect(run.stopped).toEqual({ reason: 'completed', step: 20 });
    expect(updates).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('the sweep', () => {
  it('measures loss against the best constant prediction: half the variance, or the entropy of the classes', () => {
    const y = matrix([[1, 3, 5, 7]]);
    expect(baselineLoss(DEFAULT_STATE, y)).toBe(2.5); // variance 5, halved
    expect(baselineLoss({ ...DEFAULT_STATE, loss: 'bce' }, matrix([[0, 1, 1, 0]]))).toBeCloseTo(Math.LN2, 15);
    const onehot = matrix([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    expect(baselineLoss({ ...DEFAULT_STATE, loss: 'softmaxCrossEntropy' }, onehot)).toBeCloseTo(
      Math.log(4),
      15,
    );
  });

  it('spreads an n × n grid evenly over the plane, cell centres inside it', () => {
    const grid = sweepGrid(20);
    expect(grid.weightVariances[0]).toBe(0.6);
    expect(grid.weightVariances[19]).toBe(4.4);
    expect(grid.biasVariances[0]).toBe(0.0075);
  });

  it('trains a cell deterministically, and learns near the edge of chaos what it cannot deep in order', () => {
    const state: LabState = { ...DEFAULT_STATE, depth: 20, width: 32, steps: 100, learningRate: 0.02 };
    const edge = sweepCell(state, 2, 0.05);
    expect(sweepCell(state, 2, 0.05)).toEqual(edge);
    expect(edge.relativeLoss).toBeLessThan(0.8);
    expect(sweepCell(state, 0.5, 0.05).relativeLoss).toBeGreaterThan(0.95);
  });
});
