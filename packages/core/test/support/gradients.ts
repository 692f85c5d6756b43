/**
 * Shared gradient checks for layers, networks and recurrent networks: every analytic gradient (each parameter and
 * the input) is compared with centred finite differences from gradcheck.ts.
 */
import { expect } from 'vitest';
import { gradientCheck } from '../../src/gradcheck.js';
import type { Layer, Mode, Param } from '../../src/layer.js';
import { fromData, type Matrix } from '../../src/matrix.js';
import { forward, lossAndGradients, type Network } from '../../src/network.js';
import type { LossSpec } from '../../src/losses.js';
import { meanSquaredError, resolveLoss } from '../../src/losses.js';
import type { Random } from '../../src/random.js';
import type { RecurrentGradientCheckRow, RecurrentObjective } from '../../src/recurrentcheck.js';

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
 * Compares the backpropagated gradients (each parameter's `grad`, and `dInput`) with centred finite differences
 * of `objective`, one row per parameter and one for the input X. The gradients are copied first: the objective's
 * forward passes may overwrite the buffers they live in.
 */
function compareWithFiniteDifferences(
  objective: () => number,
  params: readonly Param[],
  X: Matrix,
  dInput: Matrix,
): CheckedGradient[] {
  const analyticInput = Float64Array.from(dInput.data);
  const analyticParams = params.map((p) => Float64Array.from(p.grad.data));
  const results: CheckedGradient[] = params.map((p, i) => ({
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
  return compareWithFiniteDifferences(objective, layer.params, X, dInput);
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
  const lossFunction = resolveLoss(loss, 'loss', 'checkNetworkGradients');
  const { gradients } = lossAndGradients(net, X, Y, lossFunction, { mode });
  const objective = (): number => lossFunction.value(forward(net, X, { mode }).output, Y);
  return compareWithFiniteDifferences(objective, net.params, X, gradients.dInput);
}

/** Asserts every checked gradient is nonzero somewhere and within `tolerance` of finite differences. */
export function expectGradientsMatch(results: readonly CheckedGradient[], tolerance = 1e-6): void {
  expect(results.length).toBeGreaterThan(1);
  expectEachMatches(results, tolerance);
}

/**
 * Asserts that `recurrentGradientCheck` checked exactly the quantities `names`, in order, and that each gradient
 * is nonzero somewhere and within 1e-6 of finite differences.
 */
export function expectRecurrentGradientsMatch(
  rows: readonly RecurrentGradientCheckRow[],
  names: readonly string[],
): void {
  expect(rows.map((r) => r.name)).toEqual(names);
  expectEachMatches(rows, 1e-6);
}

function expectEachMatches(results: readonly CheckedGradient[], tolerance: number): void {
  for (const r of results) {
    expect(
      r.largest,
      `${r.name}: gradient is identically zero, the check would prove nothing`,
    ).toBeGreaterThan(0);
    expect(r.maxRelativeError, `${r.name}: relative error`).toBeLessThanOrEqual(tolerance);
  }
}

/** The objective L = MSE(y_readout, y) on the readout of the last state, with ∂L/∂y for recurrentGradientCheck. */
export function readoutLoss(y: Matrix): RecurrentObjective {
  return (f) => ({
    value: meanSquaredError.value(f.output!, y),
    gradients: { dOutput: meanSquaredError.gradient(f.output!, y) },
  });
}

/** L = MSE(y_readout, y) + Σ_t MSE(h_t, targets[t]): a loss on the readout and on every state. */
export function everyStepLoss(y: Matrix, targets: readonly Matrix[]): RecurrentObjective {
  return (f) => {
    let value = meanSquaredError.value(f.output!, y);
    for (let t = 0; t < f.hs.length; t++) value += meanSquaredError.value(f.hs[t], targets[t]);
    return {
      value,
      gradients: {
        dOutput: meanSquaredError.gradient(f.output!, y),
        dHs: f.hs.map((h, t) => meanSquaredError.gradient(h, targets[t])),
      },
    };
  };
}
