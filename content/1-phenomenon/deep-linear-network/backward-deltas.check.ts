// backwardDeltas against the engine's own backward pass, on linear networks with random weights (so W ≠ Wᵀ)
// and layers of different widths (so δ^[l] and δ^[l+1] do not even have the same length).
import { backward, column, createRandom, forward, mlp, toArray } from '@gradscope/core';

const networks = [
  [2, 2, 2, 2], // the lecture's width: 2 units in every layer, three weight layers
  [3, 4, 2, 3],
  [2, 5, 5, 5, 1],
  [4, 3, 3, 3, 3, 2],
];

export default {
  function: 'backwardDeltas',
  cases: networks.map((sizes, i) => {
    const net = mlp({ sizes, activation: 'identity', bias: false, init: 'xavierNormal', seed: i + 1 });
    const random = createRandom(100 + i);
    const x = Array.from({ length: sizes[0] }, () => random.normal());
    const deltaL = Array.from({ length: sizes.at(-1)! }, () => random.normal());
    forward(net, column(x)); // backward needs a forward pass first
    const { layers } = backward(net, column(deltaL)); // with g(z) = z, δ^[L] is ∂L/∂ŷ itself
    return {
      label: `widths ${sizes.join(' → ')}, random weights (seed ${i + 1})`,
      args: [net.params.map((p) => toArray(p.value)), deltaL],
      expected: layers.map((layer) => Array.from(layer.delta.data)),
    };
  }),
  tolerance: 1e-12,
} satisfies ExerciseCheck;
