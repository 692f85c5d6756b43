// underflowLayer against the engine's closed form (underflowDepth with method 'closedForm') in four formats, for
// factors k that every one of them stores exactly (so the engine's stored k is the k passed here).
import { floatFormat, underflowDepth } from '@gradscope/core';

const formats = ['float64', 'float32', 'float16', 'bfloat16'] as const;
const factors = [0.5, 0.25, 0.75, 0.875];

export default {
  function: 'underflowLayer',
  cases: formats.flatMap((dtype) =>
    factors.map((k) => ({
      label: `k = ${k}, ${dtype}'s smallest subnormal`,
      args: [k, floatFormat(dtype).minSubnormal],
      expected: underflowDepth(k, { dtype, method: 'closedForm' }),
    })),
  ),
  tolerance: 0,
} satisfies ExerciseCheck;
