// breakEvenFraction against the engine's, on the lesson's scales, on a pair where
// counting does work (high = 1/low), and on seeded random pairs. The engine's is
// checked against f·ln high + (1 − f)·ln low = 0.
import { breakEvenFraction, createRandom } from '@gradscope/core';

const random = createRandom(12);
const pairs: [number, number][] = [
  [0.5, 1.5],
  [0.9, 1.1],
  [0.5, 2],
  [0.25, 1.25],
  ...Array.from({ length: 4 }, (): [number, number] => [random.uniform(0.05, 0.95), random.uniform(1.05, 4)]),
];

export default {
  function: 'breakEvenFraction',
  cases: pairs.map(([low, high]) => ({
    label: `low ${low}, high ${high}`,
    args: [low, high],
    expected: breakEvenFraction(low, high),
  })),
  tolerance: 1e-9,
} satisfies ExerciseCheck;
