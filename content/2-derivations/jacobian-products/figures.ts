/**
 * The figure of the lesson "Backprop as a product of Jacobians", as chart options computed by @gradscope/core when
 * the page builds: the spread of the singular values of J_l = ∂a^[l]/∂x against depth l for the two networks of
 * the spectrum example, at every depth (the example, to stay quick, computes eight of them).
 */
import { depthBandChart } from '@gradscope/charts';
import { jacobianSpectrumByDepth, spectrumSpread, type Network } from '@gradscope/core';
import {
  bandHigh,
  bandLow,
  bandShare,
  reluLabel,
  spectrumDepth,
  spectrumNetworks,
  tanhLabel,
} from './numbers.ts';

const { relu, tanh, x } = spectrumNetworks();
const depths = Array.from({ length: spectrumDepth }, (_, i) => i + 1);

/** The 10th, 50th and 90th percentiles (spectrumSpread's defaults) of σ over the non-zero singular values of J_l, for l = 1 … 50. */
function band(label: string, net: Network) {
  const spreads = jacobianSpectrumByDepth(net, x).map((s) => spectrumSpread(s));
  const at = (i: number) => spreads.map((s) => Math.exp(s.logQuantiles[i]));
  return { label, x: depths, lower: at(0), middle: at(1), upper: at(2) };
}

/** Figure: the middle of the spectrum and the median of the singular values of J_l against l, Gaussian ReLU and orthogonal tanh. */
export const spectrumChart = depthBandChart({
  quantity: 'singular value σ of J_l (log scale)',
  bandLabel: `the middle ${bandShare} % of the non-zero singular values (${bandLow}th to ${bandHigh}th percentile)`,
  middleLabel: 'their median',
  reference: 1,
  series: [band(reluLabel, relu), band(tanhLabel, tanh)],
  ariaLabel: `Singular values of the Jacobian of the first l layers against depth l, for a Gaussian ReLU network and an orthogonal tanh network, ${spectrumDepth} layers of width ${x.rows}`,
});
