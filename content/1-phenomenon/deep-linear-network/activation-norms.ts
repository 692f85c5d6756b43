// "A little bigger than one is enough": the size of a^[l], layer by layer, for k just
// above and just below 1, through as many layers as the 152-layer network in the lecture.
import { column, forward, linearNetwork, vectorNorm } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 152;
const x = column([1, 1]);

const series = [0.9, 1, 1.1].map((k) => {
  const trace = forward(linearNetwork(depth, k), x);
  // trace.layers[l - 1].a is a^[l]; its Euclidean norm is |k|^l·‖x‖.
  return { label: `k = ${k}`, values: trace.layers.map((layer) => vectorNorm(layer.a.data)) };
});

display(
  depthProfileChart({
    title: `Activation size through ${depth} layers of k·I`,
    quantity: '‖a[l]‖',
    series, // the line for k = 1 stays at ‖x‖, where the signal started
  }),
);

// How many layers of 1.1·I multiply the signal by 10?
console.log('layers per factor of 10 at k = 1.1:', Math.log(10) / Math.log(1.1));
