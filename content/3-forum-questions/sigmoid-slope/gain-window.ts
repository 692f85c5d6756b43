// One sigmoid layer, a ↦ σ(w·a + b), multiplies a gradient by |w·σ′(w·a + b)|. Its peak
// is |w|/4, at the input a = −b/w; the further a is from there, the flatter the sigmoid.
// Where is the gain at least 1? Change w and b.
import { activation, sigmoidGainInterval } from '@gradscope/core';
import { curveChart } from '@gradscope/charts';

const w = 6.9;
const b = 0;

const sigmoid = activation('sigmoid');
const gain = (a: number) => {
  const z = w * a + b;
  return Math.abs(w * sigmoid.derivative(z, sigmoid.apply(z)));
};
const centre = -b / w;
const inputs = Array.from({ length: 401 }, (_, i) => centre - 1 + i / 200);
const window = sigmoidGainInterval(w, { bias: b }); // null when the gain never reaches 1

display(
  curveChart({
    xLabel: 'input a',
    yLabel: 'layer gain |w·σ′(w·a + b)|',
    series: [{ label: `w = ${w}`, x: inputs, values: inputs.map(gain) }],
    referenceY: [{ value: 1, label: 'gain 1' }],
    highlights: [{ x: centre, y: Math.abs(w) / 4, label: `peak |w|/4 = ${Math.abs(w) / 4}` }],
    bands: window ? [{ from: window.from, to: window.to, label: 'gain ≥ 1' }] : [],
  }),
);
if (window) {
  console.log(`gain ≥ 1 for a from ${window.from} to ${window.to}:`);
  console.log(`a window ${window.width} wide`);
} else {
  console.log(`no input reaches gain 1: the peak, |w|/4 = ${Math.abs(w) / 4}, is below 1`);
}
