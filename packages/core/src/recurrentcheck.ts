/**
 * Checking backpropagation through time against finite differences: any recurrent network built on the tape, the
 * engine's own (rnn.ts, gru.ts) or a cell of one's own (recurrent.ts), gets its gradients checked entry by entry.
 */

import { GradscopeArgumentError, expectKnownKeys } from './errors.js';
import { gradientCheck } from './gradcheck.js';
import type { Matrix } from './matrix.js';
import {
  expectRecurrentNetwork,
  recurrentBackwardPass,
  recurrentForwardPass,
  type RecurrentForwardResult,
  type RecurrentGradients,
  type RecurrentNetwork,
} from './recurrent.js';

/**
 * A scalar loss of a forward pass, with its upstream gradients (∂L/∂y and/or ∂ℓ_t/∂h_t).
 *
 * @example
 * ```ts
 * const objective: RecurrentObjective = (f) => ({
 *   value: meanSquaredError.value(f.output!, y),
 *   gradients: { dOutput: meanSquaredError.gradient(f.output!, y) },
 * });
 * ```
 */
export type RecurrentObjective = (forward: RecurrentForwardResult) => {
  readonly value: number;
  readonly gradients: RecurrentGradients;
};

/**
 * Options of `recurrentGradientCheck`.
 *
 * @example
 * ```ts
 * recurrentGradientCheck(rnn, xs, objective, { h0: full(8, 4, 0.1), tolerance: 1e-6 });
 * ```
 */
export interface RecurrentGradientCheckOptions {
  /** The initial state (default zeros); its gradient is checked too. */
  readonly h0?: Matrix;
  /** Passed on to `gradientCheck` (defaults ε = 1e−5, tolerance 1e−6). */
  readonly epsilon?: number;
  readonly tolerance?: number;
}

/**
 * One checked quantity: a parameter (by name), an input `xs[t]`, or `h0`.
 *
 * @example
 * ```ts
 * display(recurrentGradientCheck(rnn, xs, objective)); // a table: name, maxRelativeError, largest, passed
 * ```
 */
export interface RecurrentGradientCheckRow {
  readonly name: string;
  /** The largest relative error between backpropagated and centred finite-difference entries. */
  readonly maxRelativeError: number;
  /** max |backpropagated entry|: a check of an all-zero gradient would prove nothing. */
  readonly largest: number;
  readonly passed: boolean;
}

/**
 * Checks BPTT for a (float64) recurrent network: the gradient of `objective` with respect to every parameter, every
 * input x_t and h_0, backpropagated through the tape, against centred finite differences (`gradientCheck`). Any
 * cell built on the tape can be checked this way.
 *
 * @example
 * ```ts
 * const rows = recurrentGradientCheck(rnn, xs, (f) => ({
 *   value: meanSquaredError.value(f.output!, y),
 *   gradients: { dOutput: meanSquaredError.gradient(f.output!, y) },
 * }));
 * rows.every((r) => r.passed); // true
 * ```
 */
export function recurrentGradientCheck(
  network: RecurrentNetwork,
  xs: readonly Matrix[],
  objective: RecurrentObjective,
  options: RecurrentGradientCheckOptions = {},
): RecurrentGradientCheckRow[] {
  const context = 'recurrentGradientCheck';
  const net = expectRecurrentNetwork('network', network, context);
  if (net.dtype !== 'float64') {
    throw new GradscopeArgumentError(
      'network',
      net.label,
      'a float64 network (finite differences need float64)',
      context,
    );
  }
  if (typeof objective !== 'function') {
    throw new GradscopeArgumentError(
      'objective',
      objective,
      'a function (forward) => { value, gradients }',
      context,
    );
  }
  expectKnownKeys('options', options, ['h0', 'epsilon', 'tolerance'], '{ h0, tolerance }', context);
  const first = recurrentForwardPass(net, xs, options.h0, context);
  const h0 = first.h0; // the same matrix on every run, so its entries can be perturbed too
  recurrentBackwardPass(net, first, objective(first).gradients, context);
  const f = (): number => objective(recurrentForwardPass(net, xs, h0, context)).value;
  const checkOptions = { epsilon: options.epsilon, tolerance: options.tolerance };
  const row = (name: string, x: Matrix, analytic: Float64Array): RecurrentGradientCheckRow => {
    const { maxRelativeError, passed } = gradientCheck(f, x.data as Float64Array, analytic, checkOptions);
    let largest = 0;
    for (let i = 0; i < analytic.length; i++) largest = Math.max(largest, Math.abs(analytic[i]));
    return { name, maxRelativeError, largest, passed };
  };
  // Snapshots: the finite-difference runs are forward passes only, but the Params' grads belong to whichever
  // backward pass runs next.
  const params = net.params.map((p) => ({ p, analytic: Float64Array.from(p.grad.data) }));
  const inputs = first.nodes.xs.map((n) => Float64Array.from(n.grad.data));
  const initial = Float64Array.from(first.nodes.h0.grad.data);
  return [
    ...params.map(({ p, analytic }) => row(p.name, p.value, analytic)),
    ...xs.map((x, t) => row(`xs[${t}]`, x, inputs[t])),
    row('h0', h0, initial),
  ];
}
