// The lecture's network, L layers of k·I, once with no activation and once with ReLU at every layer. On an input
// with positive entries every z is positive, every ReLU slope is 1, and the two networks are the same network:
// the gradient explodes or vanishes as k^(L−l), with no slope ever above 1.
import {
  backward,
  column,
  forward,
  linearNetwork,
  mlp,
  scaledIdentityInit,
  type Network,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const k = 1.5;
const L = 20;
const x = column([1, 1]); // try column([1, -1])

/** ‖δ[l]‖ / ‖δ[L]‖ for the loss ½‖ŷ‖², layer by layer. */
function gradientRatios(net: Network): number[] {
  const { output } = forward(net, x);
  const { layers } = backward(net, output); // ∂(½‖ŷ‖²)/∂ŷ = ŷ
  const norms = layers.map(({ delta }) => Math.hypot(...delta.data));
  return norms.map((d) => d / norms[L - 1]);
}

const relu = mlp({
  sizes: new Array(L + 1).fill(2),
  activation: 'relu',
  outputActivation: 'relu',
  bias: false,
  init: scaledIdentityInit(k),
});
const linear = linearNetwork(L, k);

console.log('ReLU output:  ', Array.from(forward(relu, x).output.data));
console.log('linear output:', Array.from(forward(linear, x).output.data));
display(
  depthProfileChart({
    quantity: '‖δ[l]‖ / ‖δ[L]‖ (log scale)',
    labels: 'legend',
    series: [
      { label: `k = ${k}: ReLU`, values: gradientRatios(relu) },
      { label: `k = ${k}: no activation`, values: gradientRatios(linear), dashed: true },
    ],
    reference: 1,
  }),
);
