// The forum's picture: x → two ReLU units → two ReLU units → one linear output o, loss l = ½(o − y)².
// The gradient of the first weight, w[1]₁₁, is a sum over the two paths from it to o: through unit 1 or unit 2
// of layer 2. Edit the weights and see each path's share, their sum and the engine's backward pass.
import {
  column,
  forward,
  lossAndGradients,
  matrix,
  fixedInit,
  mlp,
  weightGradientPaths,
} from '@gradscope/core';

const W1 = [
  [0.8, -0.4],
  [0.3, 0.9],
];
const W2 = [
  [1.2, -0.5],
  [0.7, 0.6], // try −1 in place of 0.7
];
const W3 = [[1.5, -0.8]];
const x = column([1, 0.5]);
const y = matrix([[1]]);

const net = mlp({
  sizes: [2, 2, 2, 1],
  activation: 'relu',
  bias: false,
  layers: { 1: { init: fixedInit(W1) }, 2: { init: fixedInit(W2) }, 3: { init: fixedInit(W3) } },
});

const o = forward(net, x).output.data[0];
const dOutput = matrix([[o - y.data[0]]]); // ∂l/∂o
const { paths, total } = weightGradientPaths(net, x, dOutput, { layer: 1, row: 0, col: 0 });

// Each row: ∂l/∂o · w[3]₁ₖ · g'(z[2]ₖ) · w[2]ₖ₁ · g'(z[1]₁) · x₁, for the unit k of layer 2 the path passes.
display(
  paths.map((p) => ({
    'path through': `unit ${p.units[1] + 1} of layer 2`,
    '∂l/∂o': p.outputGradient,
    'w[3]': p.weights[1],
    "g'(z[2])": p.slopes[1],
    'w[2]': p.weights[0],
    "g'(z[1])": p.slopes[0],
    'x₁': p.input,
    product: p.product,
  })),
);

lossAndGradients(net, x, y, 'mse'); // the engine's backward pass of ½(o − y)²
console.log('sum over the paths:   ', total);
console.log('backward pass, dW[1]₁₁:', net.params[0].grad.data[0]);
