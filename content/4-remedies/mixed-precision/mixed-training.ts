// The same sigmoid network trained three ways by gradient descent on the whole data set:
//   float32:              everything stored in float32;
//   float16:              everything stored in float16, the update w − η·g rounded to float16 too;
//   float16, mixed:       forward and backward in float16 with the loss multiplied by S (dynamic loss scaling),
//                         gradients divided by S in float32, the update applied to float32 master weights, which
//                         are rounded to float16 for the next forward pass.
// Rounding: to nearest, ties to even, subnormals kept (no flush to zero).
// With η = 0.5 the first steps overshoot in every format: the loss rises before it settles, and that rise is what
// overflows the scaled gradients of the mixed run. The loss curves end together; the table shows where they differ.
import {
  createRandom,
  dynamicLossScale,
  lossAndGradients,
  mlp,
  normalInit,
  roundTo,
  scaledLoss,
  sgd,
  teacherRegression,
  type Network,
} from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 10;
const width = 16;
const steps = 60;
const learningRate = 0.5;
const growthInterval = 20; // double S after this many finite steps in a row
const data = teacherRegression({ inputSize: width, samples: 64, random: createRandom(1) });

function network(dtype: 'float32' | 'float16'): Network {
  const sizes = [width, ...new Array<number>(depth - 1).fill(width), 1];
  const init = normalInit({ std: Math.sqrt(1 / width) });
  return mlp({ sizes, activation: 'sigmoid', outputActivation: 'identity', init, seed: 3, dtype });
}
const startWeights = network('float32').params.map((p) => Float32Array.from(p.value.data));

function train(dtype: 'float32' | 'float16', masterWeights: boolean, lossScaling: boolean) {
  const net = network(dtype);
  const master = startWeights.map((w) => Float32Array.from(w));
  const load = () =>
    net.params.forEach((p, i) => master[i].forEach((w, j) => (p.value.data[j] = roundTo(dtype, w))));
  load();
  const start = net.params.map((p, i) => Float64Array.from(masterWeights ? master[i] : p.value.data));
  const optimizer = sgd({ learningRate });
  // The dynamic loss scale: skip the step and halve S on an overflow, double S after growthInterval finite steps.
  const scaler = lossScaling ? dynamicLossScale({ initialScale: 2 ** 16, growthInterval }) : null;
  const losses: number[] = [];
  const skipped: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const S = scaler?.scale ?? 1;
    const { loss } = lossAndGradients(net, data.x, data.y, scaledLoss('mse', S), { reuseBuffers: true });
    losses.push(loss / S);
    const finite = net.params.every((p) => p.grad.data.every(Number.isFinite));
    if (!(scaler ? scaler.update(finite) : finite)) {
      skipped.push(step);
      continue;
    }
    if (masterWeights) {
      net.params.forEach((p, i) =>
        master[i].forEach((w, j) => (master[i][j] = w - learningRate * Math.fround(p.grad.data[j] / S))),
      );
      load();
    } else optimizer.step(net.params);
  }
  // How far each layer's W moved from its start (the master copy's, with master weights).
  const moved: number[] = [];
  for (let i = 0; i < net.params.length; i += 2) {
    const now = masterWeights ? master[i] : net.params[i].value.data;
    let sum = 0;
    for (let j = 0; j < now.length; j++) sum += (now[j] - start[i][j]) ** 2;
    moved.push(Math.sqrt(sum));
  }
  return { losses, moved, skipped, finalS: scaler?.scale ?? 1 };
}

const runs = {
  float32: train('float32', false, false),
  float16: train('float16', false, false),
  'float16, mixed': train('float16', true, true),
};

display(
  trainingCurveChart({
    yLabel: 'loss (mean squared error)',
    series: Object.entries(runs).map(([label, run]) => ({ label, values: run.losses })),
    labels: 'legend',
  }),
);
display(
  Array.from({ length: depth }, (_, l) => ({
    layer: l + 1,
    '‖ΔW[l]‖ float32': runs.float32.moved[l],
    '‖ΔW[l]‖ float16': runs.float16.moved[l],
    '‖ΔW[l]‖ float16, mixed': runs['float16, mixed'].moved[l],
  })),
);
const mixedRun = runs['float16, mixed'];
console.log(
  `mixed run: skipped steps ${mixedRun.skipped.join(', ')}; S at the end 2^${Math.log2(mixedRun.finalS)}`,
);
