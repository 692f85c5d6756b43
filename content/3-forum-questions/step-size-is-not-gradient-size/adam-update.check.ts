// adamUpdate against the engine's own adam optimizer, run on a one-layer network whose weights are the list and
// whose gradients are written by hand before each step: one step, ten, and fifty, with gradients of ordinary size,
// gradients near Adam's ε (where ε, not the gradient, sets the step), and other β's.
import { adam, createRandom, mlp } from '@gradscope/core';

function engineAdam(
  weights: number[],
  gradients: number[][],
  learningRate: number,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-8,
): number[] {
  const net = mlp({ sizes: [weights.length, 1], activation: 'identity', bias: false });
  const W = net.params[0];
  W.value.data.set(weights);
  const optimizer = adam({ learningRate, beta1, beta2, epsilon });
  for (const g of gradients) {
    W.grad.data.set(g);
    optimizer.step(net.params);
  }
  return Array.from(W.value.data);
}

function draws(count: number, scale: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => scale * random.normal());
}

function adamCase(
  label: string,
  n: number,
  steps: number,
  gradientScale: number,
  seed: number,
  extra: number[] = [],
) {
  const weights = draws(n, 1, seed);
  const gradients = Array.from({ length: steps }, (_, t) => draws(n, gradientScale, seed + 100 + t));
  const args = [weights, gradients, 0.01, ...extra];
  return { label, args, expected: engineAdam(weights, gradients, 0.01, ...extra) };
}

export default {
  function: 'adamUpdate',
  cases: [
    adamCase('one step, 4 weights', 4, 1, 1, 1),
    adamCase('10 steps, 6 weights', 6, 10, 1, 2),
    adamCase('50 steps, 3 weights, gradients near ε (10⁻⁸)', 3, 50, 1e-8, 3),
    adamCase('20 steps, β1 = 0.5, β2 = 0.9', 5, 20, 0.3, 4, [0.5, 0.9]),
  ],
  tolerance: 1e-9,
} satisfies ExerciseCheck;
