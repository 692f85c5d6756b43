// Check backpropagation with centred differences, (f(θ + ε) − f(θ − ε)) / 2ε, whose error is
// of order ε² plus rounding: first your own, for the gradient of the loss with respect to the
// input x, then the engine's gradientCheck for every weight of the first layer. Both are
// compared with the backward pass, and ∂L/∂x also with the Jacobian formula (∂ŷ/∂x)ᵀ·(ŷ − y).
import {
  column,
  forward,
  gradientCheck,
  inputOutputJacobian,
  lossAndGradients,
  matmulTransA,
  mlp,
  subtract,
} from '@gradscope/core';

const net = mlp({ sizes: [3, 5, 5, 2], activation: 'tanh', seed: 3 });
const x = column([0.4, -0.8, 1.2]);
const y = column([1, -1]);
const loss = () => {
  const yHat = forward(net, x).output.data;
  return 0.5 * ((yHat[0] - y.data[0]) ** 2 + (yHat[1] - y.data[1]) ** 2); // ½‖ŷ − y‖²
};

const { trace, gradients } = lossAndGradients(net, x, y, 'mse');
const backprop = Array.from(gradients.dInput.data); // ∂L/∂x by the backward pass
const dW1 = Array.from(net.params[0].grad.data); // ∂L/∂W^[1]
const J = inputOutputJacobian(net, x);
const formula = Array.from(matmulTransA(J, subtract(trace.output, y)).data);

// Your own centred differences for ∂L/∂x_j: nudge x_j up and down by ε, then put it back.
const epsilon = 1e-5;
const numeric = Array.from(x.data, (_, j) => {
  const original = x.data[j];
  x.data[j] = original + epsilon;
  const plus = loss();
  x.data[j] = original - epsilon;
  const minus = loss();
  x.data[j] = original;
  return (plus - minus) / (2 * epsilon);
});

// The relative error gradientCheck uses, |a − b| / (|a| + |b|), the largest over the entries.
const relativeError = (a: number, b: number) => {
  const size = Math.max(Math.abs(a) + Math.abs(b), 1e-8);
  return Math.abs(a - b) / size;
};
const worst = (a: number[], b: number[]) => {
  return Math.max(...a.map((v, i) => relativeError(v, b[i])));
};
// gradientCheck nudges W^[1]'s entries in place (a float64 network stores them in a Float64Array).
const weights = gradientCheck(loss, net.params[0].value.data as Float64Array, dW1);

const rows = [
  ['∂L/∂x: centred differences vs backprop', worst(numeric, backprop)],
  ['∂L/∂x: Jacobian formula vs backprop', worst(formula, backprop)],
  ['∂L/∂W^[1]: gradientCheck vs backprop', weights.maxRelativeError],
] as const;
display(rows.map(([check, error]) => ({ check, 'largest relative error': error })));
