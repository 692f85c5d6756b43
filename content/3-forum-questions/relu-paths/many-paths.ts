// Every weight 0.5, every slope 1 (the input is positive), and still the gradient explodes: the number of paths
// from a weight of layer 1 to the output grows like the width to the power of the depth.
import { backward, column, forward, matrix, fixedInit, mlp, type LayerOverride } from '@gradscope/core';

const width = 4;
const L = 20; // weight layers; the last one has a single output
const w = 0.5;

const sizes = [width, ...new Array(L - 1).fill(width), 1];
const layers: Record<number, LayerOverride> = {};
for (let l = 1; l <= L; l++) {
  layers[l] = { init: fixedInit(Array.from({ length: sizes[l] }, () => new Array(sizes[l - 1]).fill(w))) };
}
const net = mlp({ sizes, activation: 'relu', bias: false, layers });

forward(net, column(new Array(width).fill(1)));
backward(net, matrix([[1]])); // ∂ŷ/∂ŷ = 1: the gradients of ŷ itself

const paths = width ** (L - 2); // one unit in each of layers 2 … L−1
const product = w ** (L - 1); // the weights of layers 2 … L along one path
console.log('paths from w[1]₁₁ to ŷ:    ', paths);
console.log('each path’s product:       ', product);
console.log('paths × product:           ', paths * product);
console.log('backward pass, ∂ŷ/∂w[1]₁₁: ', net.params[0].grad.data[0]);
