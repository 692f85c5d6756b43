// How much can the first l layers stretch a small change of the input? Bound each layer by
// its largest slope times its weights' largest singular value (and its smallest slope times
// the smallest singular value), multiply the bounds, and compare with the true extremes: the
// largest and smallest singular values of J_l = ∂a^[l]/∂x.
//   σ_max(J_l) ≤ Π_k max_i |g′(z^[k]_i)|·σ_max(W^[k])
//   σ_min(J_l) ≥ Π_k min_i |g′(z^[k]_i)|·σ_min(W^[k])
import { column, layerJacobians, mlp, singularValues } from '@gradscope/core';
import { jacobianSpectrumByDepth } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const width = 16;
const depth = 10;
// tanh, Gaussian weights of variance 1/n (LeCun normal), no biases.
const net = mlp({
  sizes: new Array(depth + 1).fill(width),
  activation: 'tanh',
  outputActivation: 'tanh',
  init: 'lecunNormal',
  bias: false,
  seed: 3,
});
const x = column(Array.from({ length: width }, (_, i) => Math.sin(i + 1)));

const weights = net.params.map((p) => p.value); // no biases: the params are W^[1] … W^[L]
const upper: number[] = [];
const lower: number[] = [];
let up = 1;
let down = 1;
layerJacobians(net, x).forEach(({ slopes }, i) => {
  const sigma = singularValues(weights[i]); // descending
  const sizes = Array.from(slopes, Math.abs);
  up *= Math.max(...sizes) * sigma[0];
  down *= Math.min(...sizes) * sigma[sigma.length - 1];
  upper.push(up);
  lower.push(down);
});

const spectra = jacobianSpectrumByDepth(net, x); // the singular values of J_1 … J_depth
const largest = spectra.map((s) => s.singularValues[0]);
const smallest = spectra.map((s) => s.singularValues[s.singularValues.length - 1]);

display(
  depthProfileChart({
    quantity: 'stretch of J_l (log scale)',
    series: [
      { label: 'upper bound', values: upper },
      { label: 'largest σ', values: largest },
      { label: 'smallest σ', values: smallest },
      { label: 'lower bound', values: lower },
    ],
  }),
);
const last = depth - 1;
console.log(`depth ${depth}: upper bound / largest σ =`, upper[last] / largest[last]);
console.log(`depth ${depth}: smallest σ / lower bound =`, smallest[last] / lower[last]);
