// Backprop as a product of Jacobians. Take each layer's Jacobian J^[l] = diag(g′(z^[l]))·W^[l]
// at one input x, multiply them yourself, and compare with what the engine finds another way:
//   ∂ŷ/∂x = J^[4]·J^[3]·J^[2]·J^[1]          against inputOutputJacobian(net, x)
//   ∂L/∂x = (J^[1])ᵀ ⋯ (J^[4])ᵀ·(ŷ − y)      against the backward pass, for L = ½‖ŷ − y‖²
import {
  column,
  inputOutputJacobian,
  layerJacobians,
  lossAndGradients,
  matmul,
  matmulTransA,
  maxAbs,
  mlp,
  subtract,
  toArray,
} from '@gradscope/core';

// 3 inputs, three tanh layers of 4 units, 2 linear outputs: L = 4 weight layers.
const net = mlp({ sizes: [3, 4, 4, 4, 2], activation: 'tanh', seed: 7 });
const x = column([0.5, -1, 2]);
const y = column([0.2, -0.3]);

const layers = layerJacobians(net, x); // layers[l − 1].jacobian is J^[l]
console.log('g′(z^[1]) = 1 − tanh²(z^[1]):', Array.from(layers[0].slopes));

// Each new layer's Jacobian multiplies the product so far on the left.
let product = layers[0].jacobian;
for (const { jacobian } of layers.slice(1)) product = matmul(jacobian, product);
console.log('∂ŷ/∂x =', toArray(product));

// Backward: start from ∂L/∂ŷ = ŷ − y, multiply by each (J^[l])ᵀ, top layer first.
const { trace, gradients } = lossAndGradients(net, x, y, 'mse'); // ½‖ŷ − y‖² for one example
let gradient = subtract(trace.output, y);
for (const { jacobian } of [...layers].reverse()) {
  gradient = matmulTransA(jacobian, gradient); // (J^[l])ᵀ·gradient
}
console.log('∂L/∂x =', Array.from(gradient.data));

// The largest |difference| between each product and what the engine computed.
const differenceJacobian = maxAbs(subtract(product, inputOutputJacobian(net, x)));
const differenceGradient = maxAbs(subtract(gradient, gradients.dInput));
display([
  { quantity: '∂ŷ/∂x', 'largest difference from the engine': differenceJacobian },
  { quantity: '∂L/∂x', 'largest difference from the engine': differenceGradient },
]);
