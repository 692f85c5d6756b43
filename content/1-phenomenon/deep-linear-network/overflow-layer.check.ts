// overflowLayer against the engine's closed form (overflowDepth with method 'closedForm') in four formats, for
// factors k that every one of them stores exactly (so the engine's stored k is the k passed here).
import { floatFormat, overflowDepth } from '@gradscope/core';

const formats = ['float64', 'float32', 'float16', 'bfloat16'] as const;
const factors = [1.5, 1.125, 2.5, 3];

export default {
  function: 'overflowLayer',
  cases: formats.flatMap((dtype) =>
    factors.map((k) => ({
      label: `k = ${k}, ${dtype}'s largest number`,
      args: [k, floatFormat(dtype).max],
      expected: overflowDepth(k, { dtype, method: 'closedForm' }),
    })),
  ),
  tolerance: 0,
} satisfies ExerciseCheck;
