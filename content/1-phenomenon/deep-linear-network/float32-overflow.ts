// Where would a float32 framework give up? Run the lecture's network in float32 (every stored
// number rounded to the nearest float32, ties to even, as float32 hardware does) and find the first
// unusable layer. Nothing below is told where to look: each layer is found in the trace, and 'none'
// is printed when there is none.
import {
  column,
  firstNonFinite,
  forward,
  linearNetwork,
  overflowDepth,
  underflowDepth,
} from '@gradscope/core';

const depth = 250;
const dtype = 'float32';
const x = column([1, 1]);

// k = 1.5: the activations grow past the largest float32 (about 3.4·10^38) and become Infinity.
const exploding = forward(linearNetwork(depth, 1.5, 2, dtype), x);
const overflow = firstNonFinite(exploding); // null when every value stayed finite
console.log('k = 1.5, first non-finite value:', overflow ?? 'none');
// The closed form: the first L with 1.5^L > the largest float32, in exact arithmetic.
console.log('  closed form:', overflowDepth(1.5, { dtype, method: 'closedForm' }));
if (overflow !== null && overflow.layer < depth) {
  // trace.layers[l − 1] is layer l, so trace.layers[overflow.layer] is the layer after
  // the overflow.
  const next = exploding.layers[overflow.layer];
  console.log(`  layer ${overflow.layer + 1}, the next one:`, Array.from(next.a.data));
}

// k = 0.5: the activations shrink until they round to exactly 0. Zero is finite, so the
// trace records it separately, as firstAllZero (null when no layer is all zeros).
const vanishing = forward(linearNetwork(depth, 0.5, 2, dtype), x);
console.log('k = 0.5, first layer that is exactly 0:', vanishing.firstAllZero?.layer ?? 'none');
console.log('  closed form:', underflowDepth(0.5, { dtype, method: 'closedForm' }));

// The same two networks in float64, JavaScript's own numbers: within 250 layers nothing gives up.
const wide = forward(linearNetwork(depth, 1.5), x);
const narrow = forward(linearNetwork(depth, 0.5), x);
console.log('float64, k = 1.5, first non-finite value:', firstNonFinite(wide)?.layer ?? 'none');
console.log('float64, k = 0.5, first layer that is exactly 0:', narrow.firstAllZero?.layer ?? 'none');
console.log(
  'float64 closed forms:',
  overflowDepth(1.5, { method: 'closedForm' }),
  'layers for 1.5,',
  underflowDepth(0.5, { method: 'closedForm' }),
  'layers for 0.5',
);
