// Where would a float32 framework give up? Run the lecture's network in float32 (every
// stored number rounded to float32, as on a GPU) and find the first unusable layer.
import {
  column,
  firstNonFinite,
  forward,
  linearNetwork,
  overflowDepth,
  underflowDepth,
} from '@gradscope/core';

const x = column([1, 1]);

// k = 1.5: the activations grow past the largest float32 (about 3.4·10^38): Infinity.
const exploding = forward(linearNetwork(250, 1.5, 2, 'float32'), x);
console.log('k = 1.5, first non-finite value:', firstNonFinite(exploding));
console.log('  closed form:', overflowDepth(1.5, { dtype: 'float32' }));
// One layer later: Infinity times the zeros of 1.5·I is NaN (trace.layers[219] is a^[220]).
console.log('  layer after it:', exploding.layers[219].a.data);

// k = 0.5: the activations shrink until they round to exactly 0. Zero is finite, so the trace records it
// separately (null, printed as 'none', when no layer reaches 0: try it in float64).
const vanishing = forward(linearNetwork(250, 0.5, 2, 'float32'), x);
console.log('k = 0.5, first layer that is exactly 0:', vanishing.firstAllZero?.layer ?? 'none');
console.log('  closed form:', underflowDepth(0.5, { dtype: 'float32' }));

// The same network in float64 (JavaScript's own numbers) lasts much longer:
console.log('float64:', overflowDepth(1.5), 'layers for 1.5,', underflowDepth(0.5), 'layers for 0.5');
