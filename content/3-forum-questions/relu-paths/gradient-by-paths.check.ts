// outputGradientByPaths against the engine's backward pass (which never lists a path): ∂ŷ/∂x from backward(net, 1)
// on networks built with the same weights, from the forum's picture to random deeper ones, each with units that
// are off for the input (so that a sum that ignores the slopes fails).
import { backward, column, createRandom, forward, matrix, fixedInit, mlp } from '@gradscope/core';

function engineGradient(weights: number[][][], x: number[]): number[] {
  const sizes = [x.length, ...weights.map((W) => W.length)];
  const layers = Object.fromEntries(weights.map((W, i) => [i + 1, { init: fixedInit(W) }]));
  const net = mlp({ sizes, activation: 'relu', bias: false, layers });
  forward(net, column(x));
  return Array.from(backward(net, matrix([[1]])).dInput.data);
}

const random = createRandom(21);
const randomWeights = (sizes: number[]) =>
  sizes
    .slice(1)
    .map((rows, l) =>
      Array.from({ length: rows }, () =>
        Array.from({ length: sizes[l] }, () => random.normal() * Math.sqrt(2 / sizes[l])),
      ),
    );

const cases: { label: string; weights: number[][][]; x: number[] }[] = [
  {
    label: '2-2-1, both hidden units on',
    weights: [
      [
        [1, 0.5],
        [0.5, 1],
      ],
      [[2, -1]],
    ],
    x: [1, 1],
  },
  {
    label: '2-2-1, hidden unit 2 off',
    weights: [
      [
        [1, 0.5],
        [-1, 0.2],
      ],
      [[2, -1]],
    ],
    x: [1, 1],
  },
  {
    label: 'the forum’s 2-2-2-1, unit 2 of layer 2 off',
    weights: [
      [
        [0.8, -0.4],
        [0.3, 0.9],
      ],
      [
        [1.2, -0.5],
        [-1, 0.6],
      ],
      [[1.5, -0.8]],
    ],
    x: [1, 0.5],
  },
  { label: 'random 3-4-3-1, one unit of layer 1 off', weights: randomWeights([3, 4, 3, 1]), x: [1, 1, -1] },
  { label: 'random 2-3-3-3-3-1', weights: randomWeights([2, 3, 3, 3, 3, 1]), x: [1, -0.3] },
];

export default {
  function: 'outputGradientByPaths',
  cases: cases.map(({ label, weights, x }) => ({
    label,
    args: [weights, x],
    expected: engineGradient(weights, x),
  })),
  tolerance: 1e-12,
} satisfies ExerciseCheck;
