import { describe, expect, it } from 'vitest';
import { hessianVectorProduct, largestHessianEigenvalue, parameterCount } from '../src/curvature.js';
import { symmetricEigen } from '../src/eigen.js';
import { fromData, zeros, type Matrix } from '../src/matrix.js';
import { linearNetwork, lossAndGradients, mlp, type Network } from '../src/network.js';
import { sgd } from '../src/optimizers.js';
import { createRandom, fillNormal } from '../src/random.js';
import { fit, type TrainingData } from '../src/train.js';
import { thrown } from './support/errors.js';
import { relativeError } from './support/reference.js';

/** Inputs (n × m) of normal draws and targets (1 × m) of normal draws with std 3, from one seed. */
function regressionData(n: number, m: number, seed: number, inputMean = 0): TrainingData {
  const random = createRandom(seed);
  return {
    x: fromData(n, m, fillNormal(new Float64Array(n * m), random, inputMean)),
    y: fromData(1, m, fillNormal(new Float64Array(m), random, 0, 3)),
  };
}

/** Linear regression ŷ = W·x + b with the mse loss (1/2m)Σ(ŷ − y)²: its Hessian in (W, b) is A·Aᵀ/m, A = [X; 1ᵀ]. */
function leastSquares(n: number, data: TrainingData): { net: Network; hessian: Matrix } {
  const net = mlp({ sizes: [n, 1], activation: 'identity', seed: 5 });
  const m = data.x.cols;
  const hessian = zeros(n + 1, n + 1);
  const a = (i: number, j: number) => (i < n ? data.x.data[i * m + j] : 1);
  for (let i = 0; i <= n; i++) {
    for (let k = 0; k <= n; k++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += a(i, j) * a(k, j);
      hessian.data[i * (n + 1) + k] = sum / m;
    }
  }
  return { net, hessian };
}

/** The largest and smallest eigenvalues of a symmetric matrix, and the eigenvector of the largest. */
function extremes(H: Matrix): { largest: number; smallest: number; top: number[] } {
  const { values, vectors } = symmetricEigen(H);
  let best = 0;
  let worst = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[best]) best = i;
    if (values[i] < values[worst]) worst = i;
  }
  const n = H.rows;
  const top = Array.from({ length: n }, (_, i) => vectors.data[i * n + best]);
  return { largest: values[best], smallest: values[worst], top };
}

/** The Hessian entry by entry, by second differences of the loss itself (no gradients): an independent reference. */
function hessianFromLossValues(net: Network, data: TrainingData): Matrix {
  const P = parameterCount(net);
  const theta = new Float64Array(P);
  let offset = 0;
  for (const p of net.params) {
    theta.set(p.value.data, offset);
    offset += p.value.data.length;
  }
  const lossAt = (t: Float64Array) => {
    let o = 0;
    for (const p of net.params) {
      p.value.data.set(t.subarray(o, o + p.value.data.length));
      o += p.value.data.length;
    }
    return lossAndGradients(net, data.x, data.y, 'mse').loss;
  };
  // (L(θ+h eᵢ+h eⱼ) − L(θ+h eᵢ−h eⱼ) − L(θ−h eᵢ+h eⱼ) + L(θ−h eᵢ−h eⱼ)) / 4h²: error O(h²) + O(u/h²) ≈ 1e-8.
  const h = 1e-4;
  const H = zeros(P, P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      const t = theta.slice();
      const at = (si: number, sj: number) => {
        t.set(theta);
        t[i] += si * h;
        t[j] += sj * h;
        return lossAt(t);
      };
      const value = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h);
      H.data[i * P + j] = value;
      H.data[j * P + i] = value;
    }
  }
  lossAt(theta);
  return H;
}

describe('hessianVectorProduct', () => {
  it('gives the columns of A·Aᵀ/m for linear least squares (the loss is quadratic: exact up to rounding)', () => {
    const data = regressionData(3, 20, 1, 0.5);
    const { net, hessian } = leastSquares(3, data);
    for (let k = 0; k < 4; k++) {
      const e = new Float64Array(4);
      e[k] = 2.5; // not a unit vector: H is linear
      const column = hessianVectorProduct(net, data, e);
      for (let i = 0; i < 4; i++) expect(column[i]).toBeCloseTo(2.5 * hessian.data[i * 4 + k], 9);
    }
  });

  it('matches the Hessian of a one-hidden-layer tanh network computed from loss values entry by entry', () => {
    const net = mlp({ sizes: [2, 3, 1], activation: 'tanh', seed: 29 });
    const data = regressionData(2, 6, 129);
    const H = hessianFromLossValues(net, data);
    const P = parameterCount(net);
    expect(P).toBe(13);
    for (let k = 0; k < P; k++) {
      const e = new Float64Array(P);
      e[k] = 1;
      const column = hessianVectorProduct(net, data, e);
      for (let i = 0; i < P; i++) expect(Math.abs(column[i] - H.data[i * P + k])).toBeLessThan(1e-6);
    }
  });

  it('rejects a vector of the wrong length or with non-finite entries, naming it', () => {
    const net = mlp({ sizes: [2, 3, 1], seed: 1 });
    const data = regressionData(2, 4, 2);
    const short = thrown(() => hessianVectorProduct(net, data, new Float64Array(12)));
    expect(short.argument).toBe('vector');
    expect(short.message).toMatch(/^hessianVectorProduct: vector must be an array of 13 finite numbers/);
    const nan = new Float64Array(13);
    nan[3] = NaN;
    expect(thrown(() => hessianVectorProduct(net, data, nan)).argument).toBe('vector');
    expect(thrown(() => hessianVectorProduct(net, { x: data.y, y: data.y }, nan)).argument).toBe('data.x');
  });
});

describe('largestHessianEigenvalue', () => {
  it('finds λ_max of A·Aᵀ/m for linear least squares, with its eigenvector', () => {
    const data = regressionData(4, 50, 3, 0.3);
    const { net, hessian } = leastSquares(4, data);
    const reference = extremes(hessian);
    const result = largestHessianEigenvalue(net, data, {
      tolerance: 1e-9,
      maxIterations: 500,
      returnVector: true,
    });
    expect(result.converged).toBe(true);
    expect(result.residual).toBeLessThanOrEqual(1e-9);
    expect(relativeError(result.eigenvalue, reference.largest)).toBeLessThan(1e-10);
    expect(result.dominantEigenvalue).toBe(result.eigenvalue);
    const v = result.vector!;
    const sign = Math.sign(v[0] * reference.top[0]);
    reference.top.forEach((entry, i) => expect(sign * v[i]).toBeCloseTo(entry, 7));
    // The default tolerance stops earlier, with λ still good to ~1e-8 (the error is about the residual squared).
    const quick = largestHessianEigenvalue(net, data);
    expect(quick.iterations).toBeLessThan(result.iterations);
    expect(relativeError(quick.eigenvalue, reference.largest)).toBeLessThan(1e-7);
    expect(quick.vector).toBeUndefined();
  });

  it('finds λ_max of a tanh network against the Hessian from loss values, also when |λ_min| > λ_max', () => {
    // Seed 29 sits near a saddle whose strongest curvature is negative (λ_min ≈ −10.6, λ_max ≈ 4.5): power
    // iteration alone would return λ_min; the shifted second run finds λ_max. Seed 0 has λ_max dominant.
    for (const seed of [29, 0]) {
      const net = mlp({ sizes: [2, 3, 1], activation: 'tanh', seed });
      const data = regressionData(2, 6, 100 + seed);
      const reference = extremes(hessianFromLossValues(net, data));
      const result = largestHessianEigenvalue(net, data, { tolerance: 1e-8, maxIterations: 2000 });
      expect(result.converged).toBe(true);
      expect(relativeError(result.eigenvalue, reference.largest)).toBeLessThan(1e-6);
      const dominant =
        Math.abs(reference.smallest) > reference.largest ? reference.smallest : reference.largest;
      expect(relativeError(result.dominantEigenvalue, dominant)).toBeLessThan(1e-6);
      if (seed === 29) expect(result.dominantEigenvalue).toBeLessThan(-2 * result.eigenvalue);
    }
  });

  it('gradient descent on least squares converges for η just below 2/λ_max and diverges just above', () => {
    const data = regressionData(4, 50, 4, 0.3);
    const { eigenvalue } = largestHessianEigenvalue(leastSquares(4, data).net, data, {
      tolerance: 1e-10,
      maxIterations: 500,
    });
    const critical = 2 / eigenvalue;
    const train = (eta: number) =>
      fit(leastSquares(4, data).net, data, { optimizer: sgd({ learningRate: eta }), steps: 1500 }).history
        .loss;
    // Along the top eigenvector the error is multiplied by 1 − ηλ_max per step: −0.98 below, −1.02 above.
    const below = train(0.99 * critical);
    const above = train(1.01 * critical);
    expect(below[1499]).toBeLessThan(below[0]);
    // Below, the last steps still shrink the loss; above, the loss has grown by ~1.02^(2·1500) ≈ 1e25.
    expect(below[1499]).toBeLessThanOrEqual(below[1400]);
    expect(above[1499]).toBeGreaterThan(1e20 * above[0]);
    for (let t = 1300; t + 2 < 1500; t += 2) expect(above[t + 2]).toBeGreaterThan(above[t]);
  });

  it('leaves the parameters, batch-norm statistics and gradients exactly as they were', () => {
    const net = mlp({ sizes: [3, 5, 5, 1], activation: 'tanh', norm: 'batch', seed: 6 });
    const data = regressionData(3, 16, 6);
    lossAndGradients(net, data.x, data.y, 'mse');
    const copy = () => [
      ...net.params.map((p) => Array.from(p.value.data)),
      ...net.params.map((p) => Array.from(p.grad.data)),
      ...net.layers.flatMap((l) => {
        const bn = l as Partial<{ runningMean: Matrix; runningVariance: Matrix }>;
        return bn.runningMean ? [Array.from(bn.runningMean.data), Array.from(bn.runningVariance!.data)] : [];
      }),
    ];
    const before = copy();
    const result = largestHessianEigenvalue(net, data, { maxIterations: 30 });
    expect(result.eigenvalue).toBeGreaterThan(0);
    expect(copy()).toEqual(before);
    hessianVectorProduct(net, data, new Float64Array(parameterCount(net)).fill(1));
    expect(copy()).toEqual(before);
  });

  it('reports what it did when it runs out of iterations, and an exploding network as data', () => {
    const net = mlp({ sizes: [2, 3, 1], activation: 'tanh', seed: 10 });
    const data = regressionData(2, 6, 110);
    const short = largestHessianEigenvalue(net, data, { maxIterations: 3, tolerance: 1e-12 });
    expect(short).toMatchObject({ iterations: 3, converged: false, nonFinite: false });
    expect(short.residual).toBeGreaterThan(1e-12);
    // depth 900, W = 1.5·I: ŷ ≈ 1.5^900 is finite, the gradients 1.5^1799 are not.
    const exploding = largestHessianEigenvalue(linearNetwork(900, 1.5, 1), {
      x: fromData(1, 1, new Float64Array([1])),
      y: fromData(1, 1, new Float64Array([0])),
    });
    expect(exploding).toMatchObject({ converged: false, nonFinite: true, iterations: 1 });
    expect(exploding.eigenvalue).toBeNaN();
  });

  it('agrees in float32 with float64 to the accuracy float32 allows', () => {
    const data = regressionData(3, 30, 8, 0.5);
    const net64 = leastSquares(3, data).net;
    const net32 = mlp({ sizes: [3, 1], activation: 'identity', seed: 5, dtype: 'float32' });
    const exact = largestHessianEigenvalue(net64, data, { tolerance: 1e-9, maxIterations: 500 }).eigenvalue;
    const rounded = largestHessianEigenvalue(net32, data, { tolerance: 1e-3, maxIterations: 500 });
    expect(rounded.epsilon).toBeGreaterThan(1e-3); // u^(1/3) with u = 2^-23, not 2^-52
    expect(relativeError(rounded.eigenvalue, exact)).toBeLessThan(1e-3);
  });

  it('rejects bad options, naming the function and the option', () => {
    const net = mlp({ sizes: [2, 3, 1], seed: 1 });
    const data = regressionData(2, 4, 2);
    const cases: [object, string][] = [
      [{ maxIterations: 0 }, 'options.maxIterations'],
      [{ tolerance: -1 }, 'options.tolerance'],
      [{ epsilon: 0 }, 'options.epsilon'],
      [{ returnVector: 'yes' }, 'options.returnVector'],
      [{ tolerence: 1e-6 }, 'options.tolerence'],
      [{ seed: 1, random: createRandom(1) }, 'spec.seed'],
    ];
    for (const [options, argument] of cases) {
      const error = thrown(() => largestHessianEigenvalue(net, data, options as never));
      expect(error.argument).toBe(argument);
      expect(error.message.startsWith('largestHessianEigenvalue: ')).toBe(true);
    }
    expect(thrown(() => largestHessianEigenvalue(net, data, { tolerence: 1e-6 } as never)).message).toContain(
      'did you mean "tolerance"?',
    );
  });
});
