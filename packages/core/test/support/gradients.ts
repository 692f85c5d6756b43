/**
 * Shared gradient checks for layers and networks: every analytic gradient (each parameter and the input) is
 * compared with centred finite differences from gradcheck.ts.
 */
import { expect } from 'vitest';
import { gradientCheck } from '../../src/gradcheck.js';
import type { Layer, Mode } from '../../src/layer.js';
import { fromData, type Matrix } from '../../src/matrix.js';
import { forward, lossAndGradients, type Network } from '../../src/network.js';
import type { LossSpec } from '../../src/losses.js';
import { resolveLoss } from '../../src/losses.js';
import type { Random } from '../../src/random.js';

/** One row per checked quantity: the parameter's name (or 'input'), the relative error and the gradient's size. */
export interface CheckedGradient {
  readonly name: string;
  readonly maxRelativeError: number;
  /** max |analytic entry|: a check of an all-zero gradient would prove nothing. */
  readonly largest: number;
}

function largestOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/**
 * Checks a single layer on the scalar objective L = Σ R ⊙ a, with R a fixed random matrix (so dA = R).
 */
export function checkLayerGradients(layer: Layer, X: Matrix, mode: Mode, random: Random): CheckedGradient[] {
  const R = fromData(layer.outputSize, X.cols, new Float64Array(layer.outputSize * X.cols));
  for (let i = 0; i < R.data.length; i++) R.data[i] = random.normal();
  const objective = (): number => {
    const a = layer.forward(X, mode).a.data;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += R.data[i] * a[i];
    return sum;
  };
  objective();
  const { dInput } = layer.backward(R);
  const analyticInput = Float64Array.from(dInput.data);
  const analyticParams = layer.params.map((p) => Float64Array.from(p.grad.data));
  const results: CheckedGradient[] = layer.params.map((p, i) => ({
    name: p.name,
    maxRelativeError: gradientCheck(objective, p.value.data as Float64Array, analyticParams[i])
      .maxRelativeError,
    largest: largestOf(analyticParams[i]),
  }));
  results.push({
    name: 'input',
    maxRelativeError: gradientCheck(objective, X.data as Float64Array, analyticInput).maxRelativeError,
    largest: largestOf(analyticInput),
  });
  return results;
}

/**
 * Checks a whole network: the gradient of the loss with respect to every parameter and to the input X.
 */
export function checkNetworkGradients(
  net: Network,
  X: Matrix,
  Y: Matrix,
  loss: LossSpec,
  mode: Mode = 'train',
): CheckedGradient[] {
  const lossFunction = resolveLoss(loss);
  const { gradients } = lossAndGradients(net, X, Y, lossFunction, { mode });
  const analyticInput = Float64Array.from(gradients.dInput.data);
  const analyticParams = net.params.map((p) => Float64Array.from(p.grad.data));
  const objective = (): number => lossFunction.value(forward(net, X, { mode }).output, Y);
  const results: CheckedGradient[] = net.params.map((p, i) => ({
    name: p.name,
    maxRelativeError: gradientCheck(objective, p.value.data as Float64Array, analyticParams[i])
      .maxRelativeError,
    largest: largestOf(analyticParams[i]),
  }));
  results.push({
    name: 'input',
    maxRelativeError: gradientCheck(objective, X.data as Float64Array, analyticInput).maxRelativeError,
    largest: largestOf(analyticInput),
  });
  return results;
}

/** Asserts every checked gradient is nonzero somewhere and within `tolerance` of finite differences. */
export function expectGradientsMatch(results: readonly CheckedGradient[], tolerance = 1e-6): void {
  expect(results.length).toBeGreaterThan(1);
  for (const r of results) {
    expect(
      r.largest,
      `${r.name}: gradient is identically zero, the check would prove nothing`,
    ).toBeGreaterThan(0);
    expect(r.maxRelativeError, `${r.name}: relative error`).toBeLessThanOrEqual(tolerance);
  }
}
