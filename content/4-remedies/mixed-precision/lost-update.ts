// Adding a small update to a weight: w + Δ is rounded into the format it is stored in. When Δ is smaller than
// half the gap between w and its neighbour, the sum rounds back to w and the update is lost.
import { floatFormat, roundTo } from '@gradscope/core';

const w = 1;
const updates = [1e-2, 1e-3, 4e-4, 1e-4, 1e-5];

display(
  updates.map((delta) => {
    const row: Record<string, number | string> = { Δ: delta };
    for (const format of ['float32', 'float16', 'bfloat16'] as const) {
      const stored = roundTo(format, w + delta);
      row[format] = stored === w ? 'lost' : stored;
    }
    return row;
  }),
);

// Half the gap above 1 in each format: updates to 1 below it vanish.
for (const format of ['float32', 'float16', 'bfloat16'] as const) {
  console.log(`${format}: half the gap above 1 is ${floatFormat(format).epsilon / 2}`);
}
