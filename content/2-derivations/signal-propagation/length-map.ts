// The length map: q^l = σ_w²·E[tanh(z)²] + σ_b² with z ~ N(0, q^(l−1)), iterated layer by layer (theory),
// against the mean of z² over the 200 units of each layer of a real random tanh network (measured).
import {
  createRandom,
  fillNormal,
  forward,
  forwardVariance,
  layerSecondMoments,
  meanFieldNetwork,
  varianceFixedPoint,
  zeros,
} from '@gradscope/core';
import { theoryVsMeasuredChart } from '@gradscope/charts';

const biasVariance = 0.05; // σ_b², a variance
const depth = 12;
const firstVariance = 2; // q^1, chosen far from q* to watch it settle

const series = [1.5, 2.5].map((weightVariance) => {
  const options = { activation: 'tanh', weightVariance, biasVariance } as const;
  // q^1 = σ_w²·‖x‖²/n_0 + σ_b²: four random inputs, each rescaled to the mean square that gives q^1 = 2.
  const meanSquare = (firstVariance - biasVariance) / weightVariance;
  const X = zeros(8, 4);
  fillNormal(X.data, createRandom(2));
  for (let j = 0; j < 4; j++) {
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += X.data[i * 4 + j] ** 2;
    for (let i = 0; i < 8; i++) X.data[i * 4 + j] *= Math.sqrt((meanSquare * 8) / sum);
  }
  const net = meanFieldNetwork({ ...options, inputSize: 8, width: 200, depth, seed: 1 });
  const qStar = varianceFixedPoint(options);
  console.log(`σ_w² = ${weightVariance}: q* = ${qStar.toFixed(4)}`);
  return {
    label: `σ_w² = ${weightVariance}`,
    // Colours on the book's scale for a per-layer factor: ordered like k = 0.5, chaotic like k = 1.5.
    meaning: { k: weightVariance < 1.76 ? 0.5 : 1.5 },
    theory: forwardVariance({ ...options, inputSecondMoment: meanSquare, depth }),
    measured: layerSecondMoments(forward(net, X)), // averaged over the 200 units and the 4 inputs
  };
});

display(
  theoryVsMeasuredChart({
    title: 'q^l settles to q* within a few layers',
    xLabel: 'layer l',
    yLabel: 'q^l, variance of z^[l]',
    yScale: 'linear',
    unit: 'layer',
    theoryLabel: 'length map (theory)',
    measuredLabel: 'width-200 network (measured)',
    series,
  }),
);
