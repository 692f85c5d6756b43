// Adam with and without warmup: a 12-layer tanh network of width 12, minibatches of 16 of
// 128 examples, η = 0.03. Plotted: the loss, and how far a step moves a typical weight (the
// root mean square of the change), step by step.
import { adam, createRandom, fit, mlp, teacherRegression, warmupSchedule } from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const learningRate = 0.03;
const warmupSteps = 40; // η rises linearly from η/40 to η over the first 40 steps
const steps = 200;
const seed = 1; // the network's weights; the minibatches use 100 + seed

// Targets from a small tanh teacher, standardised: predicting their mean scores ½.
const data = teacherRegression({ inputSize: 8, samples: 128, random: createRandom(1) });
const ys = Array.from(data.y.data);
const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
const std = Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length);
data.y.data.forEach((v, i) => (data.y.data[i] = (v - mean) / std));

function run(warm: boolean) {
  const net = mlp({
    sizes: [8, ...new Array(11).fill(12), 1],
    activation: 'tanh',
    init: 'xavierNormal',
    seed,
  });
  const previous = net.params.map((p) => Float64Array.from(p.value.data));
  const stepSize: number[] = [];
  const { history } = fit(net, data, {
    optimizer: adam({
      learningRate: warm ? warmupSchedule({ learningRate, warmupSteps }) : learningRate,
    }),
    steps,
    batchSize: 16,
    random: createRandom(100 + seed),
    onStep: () => {
      let sum = 0;
      let count = 0;
      net.params.forEach((p, i) => {
        p.value.data.forEach((w, j) => (sum += (w - previous[i][j]) ** 2));
        count += p.value.data.length;
        previous[i] = Float64Array.from(p.value.data);
      });
      stepSize.push(Math.sqrt(sum / count));
    },
  });
  const label = warm ? `warmup over ${warmupSteps} steps` : 'no warmup';
  const last = history.loss.subarray(steps - 20);
  const end = last.reduce((s, v) => s + v, 0) / last.length;
  console.log(`${label}: mean loss over the last 20 steps ${end.toFixed(3)}`);
  return { label, loss: history.loss, stepSize };
}
const runs = [run(false), run(true)];

display(
  trainingCurveChart({
    yLabel: 'loss (log scale; ½ = predicting the mean)',
    yScale: 'log',
    firstStep: 1,
    series: runs.map((r) => ({ label: r.label, values: r.loss })),
  }),
);
display(
  trainingCurveChart({
    yLabel: 'a weight’s move per step, root mean square (log scale)',
    yScale: 'log',
    firstStep: 1,
    series: runs.map((r) => ({ label: r.label, values: r.stepSize })),
  }),
);
