// The README's quick tour, run as written: if a number in the README changes, this test says so.
import { describe, expect, it } from 'vitest';
import {
  activationNorms,
  adam,
  backward,
  chi,
  correlationDepthScale,
  correlationFixedPoint,
  correlationMap,
  criticalLine,
  column,
  createRandom,
  criticalWeightVariance,
  firstNonFinite,
  fit,
  forkNetwork,
  forward,
  forwardVariance,
  gradientCheck,
  initVariance,
  layerGradNorms,
  largestHessianEigenvalue,
  layerStats,
  linearNetwork,
  lossAndGradients,
  matrix,
  meanSquaredError,
  mlp,
  overflowDepth,
  lossOverflowDepth,
  depthLimitTable,
  jacobianSpectrumByDepth,
  gaussianLyapunovExponent,
  lyapunovExponent,
  gaussianStretch,
  rnnBackward,
  rnnForward,
  sgd,
  singularValues,
  addingProblem,
  teacherRegression,
  underflowDepth,
  uniformInit,
  vanillaRnn,
  varianceFixedPoint,
  warmupSchedule,
  type TrainingSnapshot,
} from '../src/index.js';

describe('the README tour', () => {
  it('the lecture network outputs 1.5^20 x, and its gradients grow the same way', () => {
    const net = linearNetwork(20, 1.5);
    const x = column([1, 1]);
    const { output } = forward(net, x);
    expect(Array.from(output.data)).toEqual([1.5 ** 20, 1.5 ** 20]);
    // ½‖ŷ‖² as the loss: dL/dŷ = ŷ.
    const gradients = backward(net, output);
    expect(gradients.dInput.data[0]).toBe(1.5 ** 40);
    const norms = layerGradNorms(net).map((row) => row.dW);
    expect(norms[0]).toBeCloseTo(1.5 ** 39 * 2, -10); // ‖k^(2L−1) x xᵀ‖_F = k^(2L−1)·‖x‖² = 2·1.5^39
  });

  it('float32 overflows at layer 219 for 1.5·I, as the theory module predicts', () => {
    const net = linearNetwork(300, 1.5, 2, 'float32');
    const trace = forward(net, column([1, 1], 'float32'));
    expect(firstNonFinite(trace)).toMatchObject({ layer: 219, what: 'z' });
    expect(trace.firstNonFinite).toEqual(firstNonFinite(trace));
    expect(overflowDepth(1.5, { dtype: 'float32' })).toBe(219);
  });

  it('a float32 signal of 0.5^l is exactly 0 from layer 150 on, and float64 has no zero layer at 300', () => {
    const vanishing = forward(linearNetwork(300, 0.5, 2, 'float32'), column([1, 1]));
    expect(vanishing.firstAllZero?.layer ?? 'none').toBe(150);
    expect(underflowDepth(0.5, { dtype: 'float32' })).toBe(150);
    expect(forward(linearNetwork(300, 0.5), column([1, 1])).firstAllZero?.layer ?? 'none').toBe('none');
    expect(underflowDepth(0.5)).toBe(1075);
  });

  it('number formats: float16, bfloat16 and flush to zero give up at the layers the README states', () => {
    expect(firstNonFinite(forward(linearNetwork(40, 1.5, 2, 'float16'), column([1, 1])))?.layer).toBe(28);
    expect(underflowDepth(0.5, { dtype: 'float16' })).toBe(25);
    expect(underflowDepth(0.5, { dtype: { format: 'float32', flushSubnormals: true } })).toBe(127);
    expect(underflowDepth(0.5, { dtype: 'float32' })).toBe(150);
    expect(overflowDepth(1.5, { dtype: 'bfloat16' })).toBe(220);
    expect(overflowDepth(1.5, { dtype: 'bfloat16', method: 'closedForm' })).toBe(219);
    expect(lossOverflowDepth(1.5, { dtype: 'float32', accumulate: 'float64' })).toBe(110);
    expect(depthLimitTable()).toHaveLength(7);
  });

  it('spectra and random products', () => {
    const x = column(Array.from({ length: 32 }, (_, i) => Math.cos(i)));
    const net = mlp({
      sizes: Array(21).fill(32),
      activation: 'identity',
      init: 'orthogonal',
      bias: false,
      seed: 1,
    });
    for (const s of jacobianSpectrumByDepth(net, x, { depths: [20] })[0].singularValues)
      expect(s).toBeCloseTo(1, 10);
    expect(gaussianLyapunovExponent(2)).toBeCloseTo(-0.2886, 4);
    const { estimate, standardError } = lyapunovExponent({ width: 2, depth: 1000, runs: 20, seed: 1 });
    expect(Math.abs(estimate - gaussianLyapunovExponent(2))).toBeLessThan(4 * standardError);
    expect(gaussianStretch(2, 100).typical).toBeCloseTo(2.9e-13, 14);
    expect(gaussianStretch(2, 100).meanSquare).toBe(1);
  });

  it('a tanh network at the edge of chaos: q* and chi', () => {
    expect(criticalWeightVariance({ activation: 'relu' })).toBe(2);
    expect(
      Array.from(forwardVariance({ activation: 'relu', weightVariance: 2, inputVariance: 1, depth: 50 })),
    ).toEqual(Array<number>(50).fill(1));
    expect(initVariance('xavier', { fanIn: 256, fanOut: 128 })).toBe(2 / (256 + 128));
    const ordered = { activation: 'tanh', weightVariance: 1.5, biasVariance: 0.05 } as const;
    const chaotic = { activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05 } as const;
    expect(Number.isFinite(varianceFixedPoint(ordered))).toBe(true);
    expect(chi(ordered)).toBeCloseTo(0.9386, 4); // < 1: gradients shrink by this factor per layer
    expect(chi(chaotic)).toBeGreaterThan(1); // > 1: gradients grow
  });

  it('trains a student on a teacher and records per-layer gradient norms', () => {
    const random = createRandom(1);
    const data = teacherRegression({ inputSize: 4, samples: 256, random });
    const net = mlp({ sizes: [4, 32, 32, 1], activation: 'tanh', init: 'xavierNormal', seed: 2 });
    const result = fit(net, data, { optimizer: sgd({ learningRate: 0.1 }), steps: 200, loss: 'mse' });
    expect(result.stopped.reason).toBe('completed');
    expect(result.history.loss[199]).toBeLessThan(result.history.loss[0] / 10);
    expect(result.history.layerGradNorms.length).toBe(200);
    const trace = forward(net, data.x);
    const norms = activationNorms(trace).map((row) => row.a);
    expect(norms.length).toBe(3);
    let sum = 0;
    for (const v of trace.layers[2].a.data) sum += v * v;
    expect(norms[2]).toBeCloseTo(Math.sqrt(sum), 12);
  });

  it('two inputs: a chaotic tanh network decorrelates them towards c*, an ordered one keeps ξ_c = −1/ln χ_1', () => {
    const chaotic = { activation: 'tanh', weightVariance: 2.5, biasVariance: 0.05 } as const;
    expect(correlationMap({ ...chaotic, correlation: 0.9 })).toBeLessThan(0.9);
    expect(correlationFixedPoint(chaotic)).toBeCloseTo(0.4468, 3);
    const ordered = { ...chaotic, weightVariance: 1.5 };
    expect(correlationDepthScale(ordered)).toBeCloseTo(-1 / Math.log(chi(ordered)), 8);
    expect(correlationDepthScale(ordered)).toBeCloseTo(15.79, 2);
    const line = criticalLine({ activation: 'tanh', biasVariances: [0, 0.05, 0.1] }).map(
      (p) => p.weightVariance,
    );
    expect(line[0]).toBeCloseTo(1, 8);
    expect(line[1]).toBeCloseTo(1.76, 2);
    expect(line[2]).toBeGreaterThan(line[1]);
  });

  it('curvature, a warmup schedule, a layer-by-step heatmap and a fork with clipping', () => {
    const data = teacherRegression({ inputSize: 4, samples: 64, random: createRandom(1) });
    const net = mlp({ sizes: [4, ...new Array(20).fill(16), 1], activation: 'tanh', seed: 2 });
    const { eigenvalue, converged } = largestHessianEigenvalue(net, data);
    expect(converged).toBe(true);
    expect(2 / eigenvalue).toBeCloseTo(0.1734, 4);

    const optimizer = () => adam({ learningRate: warmupSchedule({ learningRate: 0.01, warmupSteps: 50 }) });
    let saved: TrainingSnapshot | undefined;
    const { history } = fit(net, data, {
      optimizer: optimizer(),
      steps: 300,
      batchSize: 16,
      random: createRandom(3),
      onStep: (record) => {
        if (record.step === 100) saved = record.snapshot();
      },
    });
    expect([history.gradNormsByLayer.rows, history.gradNormsByLayer.cols]).toEqual([21, 300]);
    expect(history.learningRate[0]).toBeCloseTo(0.0002, 15);
    expect(history.learningRate[49]).toBe(0.01);

    const fork = forkNetwork(net, saved);
    const clipped = fit(fork, data, {
      optimizer: optimizer(),
      steps: 200,
      batchSize: 16,
      clip: { norm: 0.01 },
      resume: saved,
    });
    expect(clipped.history.firstStep).toBe(101);
    expect(clipped.history.loss[0]).toBe(history.loss[100]);
    expect(history.gradNorm[100]).toBeGreaterThan(0.01); // so the fork's first update is clipped
    expect(clipped.history.loss[1]).not.toBe(history.loss[101]);
  });

  it('layer statistics see saturation', () => {
    const net = mlp({
      sizes: [10, 64, 64, 64],
      activation: 'tanh',
      init: uniformInit({ limit: 1 }),
      bias: false,
      seed: 3,
    });
    const x = column([0.5, -1, 0.3, 0.8, -0.2, 1, -0.7, 0.1, 0.4, -0.9]);
    const stats = layerStats(forward(net, x), net);
    expect(stats[1].inactiveKind).toBe('saturated');
    expect(stats[1].fractionInactive).toBeGreaterThan(0.2);
  });

  it('a vanilla RNN loses its gradient going back in time on the adding problem', () => {
    const random = createRandom(5);
    const { xs, y } = addingProblem({ length: 30, samples: 16, random });
    const rnn = vanillaRnn({
      inputSize: 2,
      hiddenSize: 32,
      outputSize: 1,
      activation: 'tanh',
      init: uniformInit({ limit: 1 / Math.sqrt(32) }),
      recurrentInit: uniformInit({ limit: 1 / Math.sqrt(32) }),
      random,
    });
    const result = rnnForward(rnn, xs);
    const dOutput = meanSquaredError.gradient(result.output!, y);
    const { hiddenGradNorms } = rnnBackward(rnn, result, { dOutput });
    expect(hiddenGradNorms[0] / hiddenGradNorms[29]).toBeLessThan(1e-4);
  });

  it('checks any gradient against centred finite differences', () => {
    const net = mlp({ sizes: [3, 5, 2], activation: 'tanh', seed: 6 });
    const X = matrix([[0.1], [-0.4], [0.7]]);
    const Y = matrix([[1], [0]]);
    const W = net.params[0].value;
    lossAndGradients(net, X, Y, 'mse');
    const analytic = Float64Array.from(net.params[0].grad.data);
    const check = gradientCheck(
      (w) => {
        W.data.set(w);
        return lossAndGradients(net, X, Y, 'mse').loss;
      },
      Float64Array.from(W.data),
      analytic,
    );
    expect(check.passed).toBe(true);
  });

  it('singular values of 1.5·I are all 1.5', () => {
    expect(
      Array.from(
        singularValues(
          matrix([
            [1.5, 0],
            [0, 1.5],
          ]),
        ),
      ),
    ).toEqual([1.5, 1.5]);
  });
});
