// batchNormUnit against the engine's batchNorm layer on one unit (a 1 × m input), with γ and β set:
// a batch of two (where ẑ is ±1), one with a large offset, a scaled copy, and ε large enough to matter.
import { batchNorm, matrix } from '@gradscope/core';

function unitCase(z: number[], gamma: number, beta: number, epsilon: number) {
  const layer = batchNorm({ size: 1, epsilon });
  layer.gamma.value.data[0] = gamma;
  layer.beta.value.data[0] = beta;
  const { z: out } = layer.forward(matrix([z]), 'train');
  return { args: [z, gamma, beta, epsilon], expected: Array.from(out.data) };
}

export default {
  function: 'batchNormUnit',
  cases: [
    unitCase([0.3, -1.2], 1, 0, 1e-5),
    unitCase([1, 2, 3, 4, 5], 1, 0, 1e-5),
    unitCase([101, 102, 103, 104, 105], 2, -1, 1e-5),
    unitCase([3, 6, 9, 12, 15], 2, -1, 1e-5),
    unitCase([0.01, -0.02, 0.03, 0.005], 0.5, 0.25, 1e-3),
  ],
  tolerance: 1e-12,
} satisfies ExerciseCheck;
