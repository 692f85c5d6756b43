// Layer after layer: the variance of z^[l] (forward) and of delta^[l] = ∂L/∂z^[l] (backward) in deep
// random networks, against the mean-field recursion q^l = n·σ_w²·E[g(z)²], z ~ N(0, q^(l−1))
// (forwardVariance), and its backward twin χ_l = n·σ_w²·E[g′(z)²] (backwardGradientGrowth).
// Smaller than the lesson's figure (width 128, two networks each) so that it runs quickly.
import {
  activationNorms,
  backward,
  backwardGradientGrowth,
  createRandom,
  fillNormal,
  forward,
  forwardVariance,
  initVariance,
  layerGradNorms,
  mlp,
  zeros,
} from '@gradscope/core';
import { theoryVsMeasuredChart } from '@gradscope/charts';

const width = 128;
const depth = 30;
const networks = 2;
const examples = 4;

function normals(rows: number, cols: number, seed: string) {
  const m = zeros(rows, cols);
  fillNormal(m.data, createRandom(seed));
  return m;
}

const configurations = [
  { label: 'He normal: ReLU', init: 'heNormal', scheme: 'he', activation: 'relu' },
  { label: 'Xavier normal: ReLU', init: 'xavierNormal', scheme: 'xavier', activation: 'relu' },
  { label: 'He normal: tanh', init: 'heNormal', scheme: 'he', activation: 'tanh' },
  { label: 'Xavier normal: tanh', init: 'xavierNormal', scheme: 'xavier', activation: 'tanh' },
] as const;

const forwardSeries = [];
const backwardSeries = [];
for (const { label, init, scheme, activation } of configurations) {
  const z2 = new Array<number>(depth).fill(0);
  const delta2 = new Array<number>(depth).fill(0);
  for (let s = 0; s < networks; s++) {
    const sizes = new Array<number>(depth + 1).fill(width);
    const net = mlp({
      sizes,
      activation,
      outputActivation: activation,
      init,
      bias: false,
      seed: `${label} ${s}`,
    });
    const trace = forward(net, normals(width, examples, `x ${s}`)); // inputs with E[x²] = 1
    const grads = layerGradNorms(backward(net, normals(width, examples, `dA ${s}`)));
    activationNorms(trace).forEach((row, l) => (z2[l] += row.z ** 2 / (width * examples * networks)));
    grads.forEach((row, l) => (delta2[l] += row.delta ** 2 / (width * examples * networks)));
  }
  // n·σ_w² (1 for Xavier between equal widths, 2 for He): what the mean-field functions call weightVariance.
  const weightVariance = width * initVariance(scheme, { fanIn: width, fanOut: width });
  const options = { activation, weightVariance, inputSecondMoment: 1, depth };
  const dashed = activation === 'tanh';
  forwardSeries.push({ label, theory: forwardVariance(options), measured: z2, dashed });
  const top = delta2[depth - 1];
  backwardSeries.push({
    label,
    theory: backwardGradientGrowth(options),
    measured: delta2.map((v) => v / top),
    dashed,
  });
}

display(
  theoryVsMeasuredChart({
    title: 'Forward: E[z[l]²] layer by layer',
    xLabel: 'layer l',
    yLabel: 'E[z[l]²]',
    unit: 'layer',
    series: forwardSeries,
  }),
);
display(
  theoryVsMeasuredChart({
    title: 'Backward: E‖δ[l]‖² / E‖δ[L]‖²',
    xLabel: 'layer l',
    yLabel: 'E‖δ[l]‖² / E‖δ[L]‖²',
    unit: 'layer',
    series: backwardSeries,
  }),
);
