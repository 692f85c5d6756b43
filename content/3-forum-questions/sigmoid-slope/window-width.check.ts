// windowWidth against the engine's sigmoidGainInterval, on the weights the lesson names, on both
// signs, just below and just above the threshold 4, and on seeded random weights up to 200.
import { createRandom, sigmoidGainInterval } from '@gradscope/core';

const random = createRandom(9);
const drawn = Array.from({ length: 8 }, () => (random.uniform() < 0.5 ? -1 : 1) * random.uniform(0, 200));
const weights = [1, 3.9, 4.5, 6.9, -6.9, 20, 100, ...drawn];

export default {
  function: 'windowWidth',
  cases: weights.map((w) => ({ args: [w], expected: sigmoidGainInterval(w)?.width ?? 0 })),
  // The engine's artanh form and an arcosh form agree to about 1e-15; other correct formulas (a
  // logarithm, a root-finder stopped at 1e-12) stay well inside 1e-8.
  tolerance: 1e-8,
} satisfies ExerciseCheck;
