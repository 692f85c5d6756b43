// Backward through random tanh networks of width 200 and depth 50: ‖δ^[l]‖² relative to ‖δ^[L]‖², measured,
// against the theory's product χ_l·χ_(l+1)·…·χ_(L−1) (backwardGradientGrowth), which deep in the network is χ₁^(L−l).
import {
  backward,
  backwardGradientGrowth,
  chi,
  createRandom,
  criticalWeightVariance,
  fillNormal,
  forward,
  meanFieldNetwork,
  zeros,
} from '@gradscope/core';
import { theoryVsMeasuredChart } from '@gradscope/charts';

const biasVariance = 0.05;
const depth = 50;
const width = 200;
const edge = criticalWeightVariance({ activation: 'tanh', biasVariance }); // χ₁ = 1 here

const series = [
  { weightVariance: 1.5, k: 0.5 },
  { weightVariance: edge, k: 1 },
  { weightVariance: 2.5, k: 1.5 },
].map(({ weightVariance, k }) => {
  const options = { activation: 'tanh', weightVariance, biasVariance } as const;
  const net = meanFieldNetwork({ ...options, inputSize: 8, width, depth, seed: 3 });
  const random = createRandom(4);
  const X = zeros(8, 4); // four inputs with entries ~ N(0, 1): ‖x‖²/n_0 ≈ 1
  fillNormal(X.data, random);
  forward(net, X);
  const dOutput = zeros(width, 4); // a random ∂L/∂a^[L]
  fillNormal(dOutput.data, random);
  const squared = backward(net, dOutput).layers.map(({ delta }) =>
    Array.from(delta.data).reduce((s, v) => s + v * v, 0),
  );
  console.log(`σ_w² = ${weightVariance.toFixed(3)}: χ₁ = ${chi(options).toFixed(4)}`);
  return {
    label: `σ_w² = ${weightVariance.toFixed(2)}`,
    meaning: { k }, // ordered like k = 0.5, critical like k = 1, chaotic like k = 1.5
    theory: backwardGradientGrowth({ ...options, inputSecondMoment: 1, depth }),
    measured: squared.map((s) => s / squared[depth - 1]),
  };
});

display(
  theoryVsMeasuredChart({
    title: '‖δ[l]‖² / ‖δ[L]‖², layer by layer',
    xLabel: 'layer l',
    yLabel: '‖δ[l]‖² / ‖δ[L]‖²',
    unit: 'layer',
    theoryLabel: 'mean field (theory)',
    measuredLabel: 'width-200 network (measured)',
    labels: 'legend', // the three lines meet at the last layer, where direct labels would overlap
    series,
  }),
);
