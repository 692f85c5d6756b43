// One tanh network, forwards and backwards. Left: how large the activations get.
// Right: how the gradient of the squared error grows or shrinks going back to layer 1,
// measured (dots) under the mean-field prediction (line).
// σ_w² and σ_b² are variances: W[l]_ij ~ N(0, σ_w²/fan_in), b[l]_i ~ N(0, σ_b²).
import {
  backwardGradientGrowth,
  chi,
  createRandom,
  fillNormal,
  layerGradNorms,
  lossAndGradients,
  meanFieldNetwork,
  zeros,
} from '@gradscope/core';
import { forwardBackwardChart } from '@gradscope/charts';

const weightVariance = 4; // σ_w²: try 1 (ordered) or 16
const biasVariance = 0.05; // σ_b²
const width = 200;
const depth = 50;

const options = { activation: 'tanh', weightVariance, biasVariance } as const;
const net = meanFieldNetwork({ ...options, inputSize: width, width, depth, seed: 1 });
const random = createRandom('bounded activations: batch');
const X = zeros(width, 8); // eight inputs, entries ~ N(0, 1)
fillNormal(X.data, random);
const Y = zeros(width, 8); // random targets
fillNormal(Y.data, random);

const { trace, gradients } = lossAndGradients(net, X, Y, 'mse');
const largest = trace.layers.map(({ a }) => Math.max(...Array.from(a.data, Math.abs)));
const meanSquare = (values: ArrayLike<number>) =>
  Array.from(values).reduce((s, v) => s + v * v, 0) / values.length;
const rms = trace.layers.map(({ a }) => Math.sqrt(meanSquare(a.data)));
const delta = layerGradNorms(gradients).map((row) => row.delta); // ‖δ[l]‖ over the batch
const ratio = delta.map((d) => d / delta[depth - 1]);
// The theory gives ‖δ[l]‖²/‖δ[L]‖²; its square root is the ratio of norms.
const inputSecondMoment = meanSquare(X.data);
const growth = backwardGradientGrowth({ ...options, depth, inputSecondMoment });
const theory = Array.from(growth, Math.sqrt);

const chi1 = chi(options);
const gap = 1 - Math.max(...largest);
console.log(`largest |a| in any layer: 1 − ${gap.toExponential(2)}`);
console.log(`‖δ[1]‖ / ‖δ[${depth}]‖ = ${ratio[0].toPrecision(4)}`, `(theory ${theory[0].toPrecision(4)})`);
console.log(`χ₁ = ${chi1.toFixed(4)}: ‖δ‖² ${chi1 > 1 ? 'grows' : 'shrinks'} per layer going back`);

display(
  forwardBackwardChart({
    bound: 1,
    boundLabel: '|tanh| < 1',
    theoryLabel: 'mean field (theory)',
    measuredLabel: `width-${width} network (measured)`,
    networks: [
      {
        label: `σ_w² = ${weightVariance}`,
        // Coloured by its phase, as in the lesson's figure: chaotic like k = 1.5, ordered like 0.5.
        meaning: { k: Math.abs(chi1 - 1) < 0.01 ? 1 : chi1 > 1 ? 1.5 : 0.5 },
        forward: { largest, rms },
        backward: { measured: ratio, theory },
      },
    ],
  }),
);
