// The lecture's network (x = (1, 1), W^[l] = k·I) in every number format the engine rounds to: the
// first layer whose activation is ∞ for k = 1.5 and exactly 0 for k = 0.5. "Simulation" repeats
// what the network does, v ← round(k·v), one rounding to the format per layer; "closed form" solves
// k^L > largest value (or k^L ≤ half the smallest positive value) in exact arithmetic. A "-ftz"
// format flushes subnormals to zero.
import { depthLimitTable, lossOverflowDepth } from '@gradscope/core';

display(
  depthLimitTable({ grow: 1.5, shrink: 0.5 }).map((row) => ({
    format: row.dtype,
    '∞ at layer (simulation)': row.overflow.simulation,
    '∞ at layer (closed form)': row.overflow.closedForm,
    '0 at layer (simulation)': row.underflow.simulation,
    '0 at layer (closed form)': row.underflow.closedForm,
  })),
);

// The loss ½‖ŷ‖² = 1.5^(2L) is a square, so it is ∞ at about half the depth. When exactly
// depends on the format the squares are summed in (the accumulator) as well as the network's.
const lossRows = [];
for (const dtype of ['float32', 'float16', 'bfloat16'] as const) {
  for (const accumulate of ['float32', 'float64'] as const) {
    lossRows.push({
      network: dtype,
      'squares summed in': accumulate,
      'loss is ∞ from depth L =': lossOverflowDepth(1.5, { dtype, accumulate }),
    });
  }
}
display(lossRows);
