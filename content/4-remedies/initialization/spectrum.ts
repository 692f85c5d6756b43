// A deep linear network, a^[l] = W^[l]·a^[l−1], from two starts of the same scale: Gaussian weights of variance
// 1/n (LeCun's) and orthogonal ones (gain 1). For the Jacobian of the first l layers, J_l = W^[l]···W^[1], the
// table gives the spread of its singular values: the orders of magnitude between their 10th and 90th
// percentiles, and the largest distance of any of them from 1.
import { column, jacobianSpectrumByDepth, mlp, spectrumSpread } from '@gradscope/core';

const depth = 50;
const width = 32;
const x = column(Array.from({ length: width }, (_, i) => Math.sin(i + 1))); // J does not depend on x here
const depths = [1, 10, 25, 50];

const rows = [];
for (const init of ['lecunNormal', 'orthogonal'] as const) {
  const net = mlp({
    sizes: Array(depth + 1).fill(width),
    activation: 'identity',
    init,
    bias: false,
    seed: 1,
  });
  for (const spectrum of jacobianSpectrumByDepth(net, x, { depths })) {
    const [p10, p90] = spectrumSpread(spectrum, { quantiles: [0.1, 0.9] }).logQuantiles;
    const sigma = Array.from(spectrum.singularValues);
    rows.push({
      init,
      l: spectrum.depth,
      'orders of magnitude, 10th to 90th percentile': (p90 - p10) / Math.LN10,
      'largest |σ − 1|': Math.max(...sigma.map((s) => Math.abs(s - 1))),
      'mean of σ²': spectrum.meanSquare,
    });
  }
}
display(rows);
