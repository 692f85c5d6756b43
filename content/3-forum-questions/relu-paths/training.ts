// Three 20-layer ReLU networks (19 hidden layers of 16 units, a linear output), the same data and the same plain
// gradient descent; only the weights' variance differs: Xavier normal (σ_w² = 1 here), He normal (σ_w² = 2) and
// twice He's variance (σ_w² = 4). The loss, then every layer's ‖dW[l]‖ at every step.
import {
  createRandom,
  fit,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
  type InitializerSpec,
} from '@gradscope/core';
import { trainingCurveChart, trainingHeatmapChart } from '@gradscope/charts';

const data = teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) });
const steps = 300;

function train(init: InitializerSpec, learningRate = 0.03) {
  const net = mlp({ sizes: [8, ...new Array(19).fill(16), 1], activation: 'relu', init, seed: 2 });
  const { history, stopped } = fit(net, data, { optimizer: sgd({ learningRate }), steps });
  if (stopped.reason === 'non-finite')
    console.log(`stopped at step ${stopped.step}: ${stopped.what} in layer ${stopped.layer}`);
  return history;
}

const runs = [
  { label: 'Xavier normal', history: train('xavierNormal') },
  { label: 'He normal', history: train('heNormal') },
  { label: '2 × He normal', history: train(normalInit({ variance: 4 / 16 })) },
];

// The third run's losses dwarf the others' on one axis: plot the first two, print the third.
console.log(`${runs[2].label}, loss per step:`, Array.from(runs[2].history.loss));
display(
  trainingCurveChart({
    yLabel: 'loss',
    yScale: 'log',
    series: runs.slice(0, 2).map((run) => ({ label: run.label, values: run.history.loss })),
  }),
);
// One colour scale for the three heatmaps: from the smallest norm of the runs to the largest of the first two and
// of the third run's first step (its later steps are larger still and take the top colour).
const finite = (run: (typeof runs)[number], first = Infinity) => {
  const K = run.history.recordedSteps.length;
  return Array.from(run.history.gradNormsByLayer.data).filter(
    (v, i) => i % K < first && v > 0 && v < Infinity,
  );
};
const valueRange = [
  Math.min(...runs.flatMap((run) => finite(run))),
  Math.max(...finite(runs[0]), ...finite(runs[1]), ...finite(runs[2], 1)),
] as const;
for (const run of runs) {
  display(
    trainingHeatmapChart({
      title: run.label,
      matrix: run.history.gradNormsByLayer,
      steps: run.history.recordedSteps,
      valueRange,
      width: 640,
      maxSteps: 30, // 30 columns, each the geometric mean of 10 steps
    }),
  );
}
