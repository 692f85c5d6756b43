// Three networks of the same shape, each diagnosed by the same lines: one forward and one backward pass on the
// whole data set, then every layer's ‖delta^[l]‖ over the last layer's. Edit a network (its activation, its
// weights' scale, the depth) and run again: the verdict comes from the measured ratio, not from the label.
import {
  activationNorms,
  createRandom,
  heNormal,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  teacherRegression,
  xavierNormal,
  type ActivationName,
  type InitializerSpec,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 20;
const width = 16;
const k = 1.5; // the exploding network's weights, in units of He's standard deviation √(2/n)
const threshold = 10; // the rule: a ratio beyond 10 (or below 1/10) across the network
const data = teacherRegression({ inputSize: width, samples: 32, random: createRandom(1) });

function diagnose(label: string, activation: ActivationName, init: InitializerSpec) {
  const net = mlp({ sizes: [width, ...new Array(depth - 1).fill(width), 1], activation, init, seed: 2 });
  const { trace } = lossAndGradients(net, data.x, data.y, 'mse');
  const delta = layerGradNorms(net).map((row) => row.delta);
  const ratio = delta.map((d) => d / delta[depth - 1]); // ‖delta^[l]‖ / ‖delta^[L]‖
  const r = ratio[0];
  const verdict = !(r <= threshold) ? 'exploding' : r < 1 / threshold ? 'vanishing' : 'healthy';
  const rms = activationNorms(trace).map((row, l) => row.a / Math.sqrt(net.layers[l].outputSize * 32));
  return {
    label,
    ratio,
    row: {
      network: label,
      '‖δ[1]‖ / ‖δ[L]‖': r,
      'factor per layer': r ** (1 / (depth - 1)),
      'RMS of a[L−1]': rms[depth - 2],
      'first non-finite layer': trace.firstNonFinite?.layer ?? 'none',
      'first all-zero layer': trace.firstAllZero?.layer ?? 'none',
      verdict,
    },
  };
}

const gallery = [
  diagnose('sigmoid, Xavier normal', 'sigmoid', xavierNormal()),
  diagnose(`k = ${k}: ReLU`, 'relu', normalInit({ std: k * Math.sqrt(2 / width) })),
  diagnose('k = 1: ReLU, He', 'relu', heNormal()),
];

display(gallery.map((g) => g.row));
display(
  depthProfileChart({
    quantity: 'gradient ratio ‖δ[l]‖ / ‖δ[L]‖ (log scale)',
    series: gallery.map((g) => ({ label: g.label, values: g.ratio })),
    reference: 1,
  }),
);
