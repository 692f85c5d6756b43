// The forum's network: 100 layers, the first 50 of them 0.5·I and the other 50 1.5·I,
// no activation, no biases. Run it and compare its output with the product of the
// layers' factors.
import {
  column,
  effectiveScale,
  forward,
  linearNetworkOfScales,
  mixedScales,
  productOfScales,
  vectorNorm,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 100;
const countHigh = 50; // layers at 1.5·I; the others are 0.5·I
// Orders: 'lowFirst', 'highFirst', 'interleaved' (alternating) or 'shuffled'
// (add seed: 2 to reshuffle).
const scales = mixedScales({ low: 0.5, high: 1.5, depth, countHigh, order: 'lowFirst' });

const x = column([1, 1]);
const trace = forward(linearNetworkOfScales(scales), x); // W^[l] = scales[l − 1]·I
const signal = trace.layers.map((layer) => vectorNorm(layer.a.data) / vectorNorm(x.data));

console.log('‖a[L]‖ / ‖x‖ by the forward pass:', signal[depth - 1]);
console.log('the product of the factors:      ', productOfScales(scales));
console.log('per layer, geometric mean:       ', effectiveScale(scales));
console.log('per layer, arithmetic mean:      ', scales.reduce((sum, k) => sum + k, 0) / depth);

const percent = (100 * countHigh) / depth;
display(
  depthProfileChart({
    quantity: '‖a[l]‖ / ‖x‖',
    reference: 1,
    series: [{ label: `${percent}% at 1.5, ${100 - percent}% at 0.5`, values: signal }],
  }),
);
