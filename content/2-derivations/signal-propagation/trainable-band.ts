// Which depths train? For a grid of σ_w² (at σ_b² = 0.05) and depths, train a small random tanh network for a
// few Adam steps and record its final loss; draw the grid behind the theory's ξ_c and 6ξ_c. Schoenholz et al.
// found that networks deeper than about 6ξ_c did not train. Runs take a few seconds: watch the progress bar.
import {
  correlationDepthScale,
  createRandom,
  criticalWeightVariance,
  adam,
  fit,
  forward,
  meanFieldNetwork,
  teacherRegression,
} from '@gradscope/core';
import { phaseDiagramChart } from '@gradscope/charts';

const biasVariance = 0.05;
const edge = criticalWeightVariance({ activation: 'tanh', biasVariance });
const weightVariances = [0.5, 1, 1.5, edge, 2.5, 4];
const depths = [6, 12, 24, 36];
const steps = 150;

const data = teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) });
const ys = Array.from(data.y.data);
const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
const std = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length);
data.y.data.forEach((v, i) => (data.y.data[i] = (v - mean) / std)); // predicting the mean scores loss ½

/** The mean squared error over the whole data set, ½·mean (ŷ − y)², as the engine's 'mse' computes it. */
function finalLoss(net: ReturnType<typeof meanFieldNetwork>): number {
  const out = forward(net, data.x).output.data;
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += (out[i] - data.y.data[i]) ** 2;
  return sum / (2 * out.length);
}

const cells = [];
let done = 0;
for (const weightVariance of weightVariances) {
  for (const depth of depths) {
    const net = meanFieldNetwork({
      activation: 'tanh',
      weightVariance,
      biasVariance,
      inputSize: 8,
      width: 24,
      depth,
      outputSize: 1,
      seed: 7,
    });
    fit(net, data, {
      optimizer: adam({ learningRate: 0.003 }),
      steps,
      batchSize: 16,
      random: createRandom(8),
      everySteps: steps,
    });
    cells.push({ x: weightVariance, y: depth, value: finalLoss(net) });
    progress(++done, weightVariances.length * depths.length);
  }
}
for (const depth of depths) {
  const row = cells.filter((cell) => cell.y === depth).map((cell) => cell.value.toFixed(3));
  console.log(
    `depth ${depth}: final loss ${row.join(', ')} for σ_w² = ${weightVariances.map((w) => w.toFixed(2)).join(', ')}`,
  );
}

// The theory's curves, on a finer grid of σ_w².
const curveX = [0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.55, 1.65, 1.72, 1.75, 1.775, 1.8, 1.9, 2.1, 2.5, 3, 3.5, 4.2];
const xi = curveX.map((w) => correlationDepthScale({ activation: 'tanh', weightVariance: w, biasVariance }));
display(
  phaseDiagramChart({
    title: `Final loss after ${steps} steps, by σ_w² and depth`,
    xLabel: 'σ_w² (weight variance × fan-in)',
    yLabel: 'depth L (log scale)',
    yScale: 'log',
    cells,
    valueLabel: 'final loss (½ = predicting the mean)',
    curves: [
      { label: 'ξc', points: curveX.map((x, i) => ({ x, y: xi[i] })) },
      { label: '6ξc (trainable depth)', points: curveX.map((x, i) => ({ x, y: 6 * xi[i] })), dashed: true },
    ],
    yDomain: [4.2, 45],
  }),
);
