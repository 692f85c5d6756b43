// A chain of single sigmoid units, one per layer: a[l] = σ(w·a[l−1] + b). Going back
// through layer l multiplies a gradient by that layer's factor w·σ′(z[l]), so the gradient
// at the input is the product of the factors: ∂a[L]/∂a[0] = Π w·σ′(z[l]).
// Change w, b and the input a[0].
import { activation } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const L = 10; // layers
const w = 1; // every layer's weight
const b = 0; // every layer's bias
const input = 0.5; // a[0]

const sigmoid = activation('sigmoid');
let a = input;
let product = 1;
const rows = [];
for (let l = 1; l <= L; l++) {
  const z = w * a + b;
  a = sigmoid.apply(z);
  const slope = sigmoid.derivative(z, a); // σ′(z) = σ(z)·(1 − σ(z))
  product *= w * slope;
  rows.push({
    layer: l,
    'z[l]': z,
    'σ′(z[l])': slope,
    'factor w·σ′': w * slope,
    '∂a[l]/∂a[0]': product,
  });
}
display(rows);

display(
  depthProfileChart({
    quantity: '|∂a[l]/∂a[0]| (log scale)',
    series: [
      { label: `w = ${w}`, values: rows.map((r) => Math.abs(r['∂a[l]/∂a[0]'])) },
      // A unit is never steeper than ¼: no chain with this weight can lie above this line.
      {
        label: '(|w|/4)^l',
        meaning: { k: Math.abs(w) / 4 },
        values: rows.map((r) => (Math.abs(w) / 4) ** r.layer),
        dashed: true,
      },
    ],
    reference: 1,
  }),
);
console.log('∂a[L]/∂a[0] =', product, ' the bound (|w|/4)^L =', (Math.abs(w) / 4) ** L);
