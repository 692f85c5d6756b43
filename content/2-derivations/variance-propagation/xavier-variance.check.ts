// xavierVariance against the engine's own rule, initVariance('xavier', …), and the variance its Xavier normal
// initializer draws with (the square of its standard deviation), on fans drawn from a seeded source.
import { createRandom, initVariance, xavierNormal } from '@gradscope/core';

const random = createRandom('xavier exercise');
const fans = [
  { fanIn: 512, fanOut: 128 },
  { fanIn: 256, fanOut: 256 },
  ...Array.from({ length: 6 }, () => ({
    fanIn: 1 + random.int(4096),
    fanOut: 1 + random.int(4096),
  })),
];

export default {
  function: 'xavierVariance',
  cases: fans.map(({ fanIn, fanOut }) => {
    const expected = initVariance('xavier', { fanIn, fanOut });
    // The initializer draws with this very variance: its standard deviation squared.
    if (Math.abs(xavierNormal().std!({ fanIn, fanOut }) ** 2 / expected - 1) > 1e-12) {
      throw new Error(`xavierNormal and initVariance disagree at fan-in ${fanIn}, fan-out ${fanOut}`);
    }
    return { args: [fanIn, fanOut], expected, label: `fan-in ${fanIn}, fan-out ${fanOut}` };
  }),
  tolerance: 1e-12,
} satisfies ExerciseCheck;
