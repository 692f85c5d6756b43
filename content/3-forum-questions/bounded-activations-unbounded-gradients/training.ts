// Train two 40-layer tanh networks that differ only in σ_w²: one chaotic, one on the edge of
// chaos; then the chaotic one again with its gradient clipped to norm 1 before every update.
// Same 32 examples, full-batch gradient descent, one learning rate, one seed. Plotted: the
// loss, and ‖dW[l]‖ of every layer at every step (before clipping).
import {
  createRandom,
  criticalWeightVariance,
  fit,
  meanFieldNetwork,
  sgd,
  teacherRegression,
} from '@gradscope/core';
import { trainingCurveChart, trainingHeatmapChart } from '@gradscope/charts';

const biasVariance = 0.05;
const learningRate = 0.03;
const steps = 150;

const data = teacherRegression({ inputSize: 8, samples: 32, random: createRandom(1) });
// Standardize the targets: predicting their mean then scores a loss of ½.
const y = data.y.data;
const values = Array.from(y);
const mean = values.reduce((s, v) => s + v, 0) / y.length;
const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length);
y.forEach((v, i) => (y[i] = (v - mean) / std));

const edge = criticalWeightVariance({ activation: 'tanh', biasVariance }); // χ₁ = 1
const runs = [
  { label: 'σ_w² = 4 (chaotic)', weightVariance: 4, k: 1.5 },
  { label: 'σ_w² = 4, clipped at norm 1', weightVariance: 4, k: 1.5, dashed: true, clip: { norm: 1 } },
  { label: `σ_w² = ${edge.toFixed(2)} (edge of chaos)`, weightVariance: edge, k: 1 },
].map((run) => {
  const net = meanFieldNetwork({
    activation: 'tanh',
    weightVariance: run.weightVariance,
    biasVariance,
    inputSize: 8,
    width: 16,
    depth: 40,
    outputSize: 1, // a linear read-out: 41 weight layers
    seed: 5,
  });
  const { history } = fit(net, data, {
    optimizer: sgd({ learningRate }),
    steps,
    ...(run.clip ? { clip: run.clip } : {}),
  });
  const g = history.gradNormsByLayer; // layers × steps, L = g.rows
  // ‖dW[1]‖ / ‖dW[L]‖ at a step (1-based)
  const firstToLast = (step: number) => g.data[step - 1] / g.data[(g.rows - 1) * g.cols + step - 1];
  const loss = (step: number) => history.loss[step - 1].toFixed(3);
  const ratio = (step: number) => firstToLast(step).toPrecision(3);
  console.log(`${run.label}: loss ${loss(1)} → ${loss(steps)};`);
  console.log(`  ‖dW[1]‖/‖dW[L]‖ ${ratio(1)} at step 1, ${ratio(steps)} at step ${steps}`);
  return { ...run, history };
});

display(
  trainingCurveChart({
    title: 'Loss (mean squared error) while training',
    yScale: 'log',
    firstStep: 1,
    series: runs.map(({ label, k, dashed, history }) => ({
      label,
      meaning: { k },
      dashed,
      values: history.loss,
    })),
  }),
);
// One colour scale for every heatmap, so the same colour is the same gradient.
const all = runs.flatMap(({ history }) => Array.from(history.gradNormsByLayer.data));
const valueRange: [number, number] = [Math.min(...all), Math.max(...all)];
for (const { label, history } of runs) {
  display(trainingHeatmapChart({ title: label, matrix: history.gradNormsByLayer, valueRange }));
}
