// The whole spectrum of J_l = ∂a^[l]/∂x against depth l, for two networks at criticality
// (χ = 1: the mean square of the singular values stays near 1 on average): ReLU with Gaussian
// He-normal weights, and tanh with orthogonal weights, σ_w² and σ_b² on tanh's critical line,
// started at its fixed point q*. The band holds the middle 80 % of the non-zero singular
// values (10th to 90th percentile of ln σ), the line their median.
import {
  column,
  createRandom,
  criticalWeightVariance,
  fillNormal,
  jacobianSpectrumByDepth,
  mlp,
  orthogonalInit,
  spectrumSpread,
  varianceFixedPoint,
  type Network,
} from '@gradscope/core';
import { depthBandChart } from '@gradscope/charts';

const width = 32;
const depth = 50;
const depths = [1, 2, 5, 10, 20, 30, 40, 50];

// tanh at criticality: a small bias variance, the weight variance that makes χ = 1,
// and the fixed point q* of the pre-activations' mean square.
const biasVariance = 1e-4;
const weightVariance = criticalWeightVariance({ activation: 'tanh', biasVariance });
const qStar = varianceFixedPoint({ activation: 'tanh', weightVariance, biasVariance });
// Every input coordinate ±√q*: the pre-activations start at the fixed point.
const sign = (i: number) => (i % 2 === 0 ? -1 : 1);
const x = column(Array.from({ length: width }, (_, i) => sign(i) * Math.sqrt(qStar)));

const sizes = new Array(depth + 1).fill(width);
const relu = mlp({
  sizes,
  activation: 'relu',
  outputActivation: 'relu',
  init: 'heNormal',
  bias: false,
  seed: 1,
});
const tanh = mlp({
  sizes,
  activation: 'tanh',
  outputActivation: 'tanh',
  init: orthogonalInit(Math.sqrt(weightVariance)), // W = σ_w·Q, Q orthogonal
  seed: 1,
});
const random = createRandom(2);
for (const p of tanh.params) {
  if (p.name.startsWith('b')) fillNormal(p.value.data, random, 0, Math.sqrt(biasVariance));
}

function band(label: string, net: Network) {
  const spectra = jacobianSpectrumByDepth(net, x, { depths });
  const spreads = spectra.map((s) => spectrumSpread(s)); // ln σ at 10 %, 50 %, 90 %
  const at = (i: number) => spreads.map((s) => Math.exp(s.logQuantiles[i]));
  console.log(
    label,
    '— zero singular values at each depth:',
    spreads.map((s) => s.count - s.rank),
  );
  return { label, x: depths, lower: at(0), middle: at(1), upper: at(2) };
}

display(
  depthBandChart({
    quantity: 'singular value σ of J_l (log scale)',
    bandLabel: 'the middle 80 % of the non-zero singular values',
    middleLabel: 'their median',
    reference: 1,
    series: [band('ReLU, Gaussian', relu), band('tanh, orthogonal', tanh)],
  }),
);
console.log({ weightVariance, biasVariance, qStar });
