// The lecture's network: L layers of 2 units, every W^[l] = k·I, g(z) = z, no biases.
// Its output should be exactly k^L times the input. Compare the engine with the closed form.
import { column, forward, linearNetwork } from '@gradscope/core';

const x = column([1, 1]); // one example, stored as a column (features × examples)

const rows = [];
for (const k of [1.5, 0.5]) {
  for (const L of [1, 5, 10, 20, 50]) {
    const net = linearNetwork(L, k); // W^[1] = … = W^[L] = k·I (2×2)
    const yHat = forward(net, x).output; // ŷ = W^[L] ⋯ W^[1] x, layer by layer
    const closedForm = k ** L * x.data[0]; // k^L · x₁
    rows.push({
      k,
      L,
      'ŷ₁ (engine)': yHat.data[0],
      'k^L·x₁': closedForm,
      'relative difference': Math.abs(yHat.data[0] - closedForm) / closedForm,
    });
  }
}
display(rows);

// Try it: change k to 1.1 or 0.9 ("a little" away from 1) and look at L = 50.
