// Train three 30-layer tanh networks that differ only in σ_w²: one ordered, one at the edge of chaos, one chaotic.
// Same data (a teacher network's outputs, scaled to variance 1), same plain gradient descent, same steps. Plotted:
// the loss, and each network's per-layer gradient norms ‖dW[l]‖ over the steps (log₁₀, as colours).
import {
  createRandom,
  criticalWeightVariance,
  fit,
  meanFieldNetwork,
  sgd,
  teacherRegression,
} from '@gradscope/core';
import { heatmapChart, trainingCurveChart } from '@gradscope/charts';

const biasVariance = 0.05;
const depth = 30;
const steps = 150;

const data = teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) });
const ys = Array.from(data.y.data);
const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
const std = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length);
data.y.data.forEach((v, i) => (data.y.data[i] = (v - mean) / std)); // predicting the mean scores loss ½

const edge = criticalWeightVariance({ activation: 'tanh', biasVariance });
const runs = [
  { name: 'ordered', weightVariance: 1, k: 0.5 },
  { name: 'edge of chaos', weightVariance: edge, k: 1 },
  { name: 'chaotic', weightVariance: 4, k: 1.5 },
].map(({ name, weightVariance, k }) => {
  const net = meanFieldNetwork({
    activation: 'tanh',
    weightVariance,
    biasVariance,
    inputSize: 8,
    width: 24,
    depth,
    outputSize: 1,
    seed: 5,
  });
  const { history } = fit(net, data, {
    optimizer: sgd({ learningRate: 0.02 }),
    steps,
    batchSize: 32,
    random: createRandom(6),
  });
  const label = `${name}, σ_w² = ${weightVariance.toFixed(2)}`;
  console.log(`${label}: loss ${history.loss[0].toFixed(3)} → ${history.loss[steps - 1].toFixed(3)}`);
  return { label, k, history };
});

display(
  trainingCurveChart({
    title: 'Loss (mean squared error) while training',
    series: runs.map(({ label, k, history }) => ({ label, meaning: { k }, values: history.loss })),
    firstStep: 1,
  }),
);
for (const { label, history } of runs) {
  // Layers down, steps across; log₁₀ of the norm, so that a factor of ten is one step of colour.
  const { rows, cols, data: norms } = history.gradNormsByLayer;
  const logNorms = Array.from({ length: rows }, (_, l) =>
    Array.from({ length: cols }, (_, t) => Math.log10(norms[l * cols + t])),
  );
  display(
    heatmapChart({
      title: `log₁₀ ‖dW[l]‖ by layer and step: ${label}`,
      matrix: logNorms,
      scheme: 'sequential',
      valueLabel: 'log₁₀ ‖dW[l]‖',
      xLabel: 'step',
      yLabel: 'layer l',
    }),
  );
}
