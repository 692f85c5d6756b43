// The gradient of one first-layer weight, W^[1]₁₁, path by path. The network:
// x (2 inputs) → a^[1] (2 ReLU units) → a^[2] (2 ReLU units) → ŷ (1 linear output),
// no biases, loss L = ½(ŷ − y)². W^[1]₁₁ feeds unit 1 of layer 1; from there two paths
// reach ŷ, one through each unit of layer 2. Along a path the chain rule multiplies the
// weight and the slope of every step; the gradient is the sum over the paths.
import { column, fixedInit, get, lossAndGradients, mlp } from '@gradscope/core';

const W1 = [
  [0.8, -0.4],
  [0.3, 0.9],
]; // W^[1]: row i holds the weights into unit i of layer 1
const W2 = [
  [1.2, -0.5],
  [0.7, 0.6],
]; // W^[2]
const W3 = [[1.5, -0.8]]; // W^[3]: ŷ = W3·a^[2], no activation
const x = [1, 0.5];
const y = 1;

// The forward pass, by hand.
const relu = (z: number) => Math.max(0, z);
const slope = (z: number) => (z > 0 ? 1 : 0); // ReLU's g′(z)
const z1 = W1.map((row) => row[0] * x[0] + row[1] * x[1]);
const a1 = z1.map(relu);
const z2 = W2.map((row) => row[0] * a1[0] + row[1] * a1[1]);
const a2 = z2.map(relu);
const yHat = W3[0][0] * a2[0] + W3[0][1] * a2[1];
const dLoss = yHat - y; // ∂L/∂ŷ

// The path through unit k of layer 2:
// ∂L/∂ŷ · ∂ŷ/∂a²ₖ · ∂a²ₖ/∂a¹₁ · ∂a¹₁/∂W¹₁₁
const path = (k: number) => {
  const intoUnit = slope(z1[0]) * x[0]; // ∂a¹₁/∂W¹₁₁
  return dLoss * W3[0][k] * (slope(z2[k]) * W2[k][0]) * intoUnit;
};

// The engine's backward pass on the same network.
const net = mlp({
  sizes: [2, 2, 2, 1],
  activation: 'relu',
  bias: false,
  layers: {
    1: { init: fixedInit(W1) },
    2: { init: fixedInit(W2) },
    3: { init: fixedInit(W3) },
  },
});
lossAndGradients(net, column(x), column([y]), 'mse'); // fills every dW (params[0] is W^[1])

display([
  { term: 'path through a[2]₁', value: path(0) },
  { term: 'path through a[2]₂', value: path(1) },
  { term: 'sum of the two paths', value: path(0) + path(1) },
  { term: 'engine: dW[1]₁₁ by backpropagation', value: get(net.params[0].grad, 0, 0) },
]);
