// "Half the units" instead of half the layers: every layer is diag(0.5, 1.5), which
// halves the first unit's signal and multiplies the second unit's by 1.5. Follow both
// units through 100 layers, forward and backward.
import { backward, column, fixedInit, forward, mlp, type LayerOverride } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 100;
const D = [
  [0.5, 0],
  [0, 1.5],
];
const layers: Record<number, LayerOverride> = {};
for (let l = 1; l <= depth; l++) layers[l] = { init: fixedInit(D) };

const net = mlp({
  sizes: new Array(depth + 1).fill(2),
  activation: 'identity',
  outputActivation: 'identity',
  bias: false,
  layers,
});
const trace = forward(net, column([1, 1]));
const a = trace.layers.map((layer) => layer.a.data); // a^[1] … a^[L]
console.log('a[L] =', Array.from(a[depth - 1]));

// Backward from δ[L] = (1, 1): each step multiplies by the next layer's Wᵀ,
// the same diagonal.
const gradients = backward(net, column([1, 1]));
console.log('δ[1] =', Array.from(gradients.layers[0].delta.data));

display(
  depthProfileChart({
    quantity: 'size of each unit of a[l]',
    series: [
      { label: 'k = 0.5: unit 1', values: a.map((v) => Math.abs(v[0])) },
      { label: 'k = 1.5: unit 2', values: a.map((v) => Math.abs(v[1])) },
    ],
  }),
);
