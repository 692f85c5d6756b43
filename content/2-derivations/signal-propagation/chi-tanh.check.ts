// χ₁ of tanh networks on both sides of the edge of chaos, against the engine's chi.
import { chi } from '@gradscope/core';

const settings = [
  [1.5, 0.05],
  [2.5, 0.05],
  [1, 0.3],
  [4, 0.1],
];

export default {
  function: 'chiTanh',
  cases: settings.map(([weightVariance, biasVariance]) => ({
    args: [weightVariance, biasVariance],
    expected: chi({ activation: 'tanh', weightVariance, biasVariance }),
  })),
  // The engine integrates on panels, the reader by Gauss–Hermite, and both stop iterating near 1e−12: they
  // agree to about 1e−9; 1e−6 leaves room for other stopping rules.
  tolerance: 1e-6,
} satisfies ExerciseCheck;
