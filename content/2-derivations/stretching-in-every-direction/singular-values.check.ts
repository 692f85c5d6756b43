// singularValues2x2 against the engine's singularValues (one-sided Jacobi SVD, a different algorithm), on the
// lesson's matrices and on seeded random ones.
import { createRandom, matrix, singularValues } from '@gradscope/core';

const random = createRandom(11);
const randomMatrices = Array.from({ length: 4 }, () => [
  [random.normal(), random.normal()],
  [random.normal(), random.normal()],
]);
const named: [string, number[][]][] = [
  [
    '1.5·I',
    [
      [1.5, 0],
      [0, 1.5],
    ],
  ],
  [
    'diag(0.5, 1.5)',
    [
      [0.5, 0],
      [0, 1.5],
    ],
  ],
  [
    'the playground’s W',
    [
      [1.1, 0.7],
      [0.2, 0.5],
    ],
  ],
  [
    '[[0.9, 5], [0, 0.9]]',
    [
      [0.9, 5],
      [0, 0.9],
    ],
  ],
  [
    'a quarter turn',
    [
      [0, -1],
      [1, 0],
    ],
  ],
  ...randomMatrices.map((W, i): [string, number[][]] => [`random ${i + 1}`, W]),
];

export default {
  function: 'singularValues2x2',
  cases: named.map(([label, W]) => ({
    label,
    args: [W],
    expected: Array.from(singularValues(matrix(W))),
  })),
  tolerance: 1e-9,
} satisfies ExerciseCheck;
