// nextLossScale against the rule written out case by case: an overflow halves S and resets the count, the N-th
// finite step in a row doubles S and resets it, any other finite step counts up. Powers of two throughout, so
// every expected value is exact.
export default {
  function: 'nextLossScale',
  cases: [
    { args: [2 ** 16, 0, false, 20], expected: [2 ** 15, 0], label: 'an overflow at the first step' },
    { args: [2 ** 15, 7, false, 20], expected: [2 ** 14, 0], label: 'an overflow after 7 clean steps' },
    { args: [2 ** 14, 0, true, 20], expected: [2 ** 14, 1], label: 'a finite step' },
    {
      args: [2 ** 14, 18, true, 20],
      expected: [2 ** 14, 19],
      label: 'the 19th finite step in a row, N = 20',
    },
    { args: [2 ** 14, 19, true, 20], expected: [2 ** 15, 0], label: 'the 20th finite step in a row, N = 20' },
    {
      args: [2 ** 14, 19, false, 20],
      expected: [2 ** 13, 0],
      label: 'an overflow on what would have been the 20th finite step: S halves, it does not double',
    },
    { args: [8, 0, true, 1], expected: [16, 0], label: 'N = 1: every finite step doubles S' },
    { args: [2 ** 10, 1999, true, 2000], expected: [2 ** 11, 0], label: 'N = 2000' },
  ],
  tolerance: 0,
} satisfies ExerciseCheck;
