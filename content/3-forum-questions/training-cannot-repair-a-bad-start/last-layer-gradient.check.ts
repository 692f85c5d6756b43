// lastLayerGradientNorm against the engine's backward pass through the lecture's network
// (linearNetwork), with the target y = x: the lesson's two networks, a one-layer network (where
// the forum's picture is right), a slightly-above-one k over many layers, and a wider input.
import { column, layerGradNorms, linearNetwork, lossAndGradients } from '@gradscope/core';

function lastLayerCase(k: number, depth: number, x: number[]) {
  const net = linearNetwork(depth, k, x.length);
  lossAndGradients(net, column(x), column(x), 'mse');
  return { args: [k, depth, x], expected: layerGradNorms(net)[depth - 1].dW };
}

export default {
  function: 'lastLayerGradientNorm',
  cases: [
    lastLayerCase(1.5, 20, [1, 1]),
    lastLayerCase(0.5, 20, [1, 1]),
    lastLayerCase(1.5, 1, [1, 1]),
    lastLayerCase(1.1, 60, [2, -1, 0.5]),
    lastLayerCase(0.9, 7, [3, 4]),
  ],
  // The engine multiplies layer by layer, the closed form raises k to a power: a few ulps apart.
  tolerance: 1e-10,
} satisfies ExerciseCheck;
