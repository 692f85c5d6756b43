// Train a vanilla RNN and a GRU whose update gate starts near 1 on the memory task: x_1 = ±1, then T − 1 steps of
// noise, and the target is x_1, read from the last state. Adam, clipping by global norm at 1, a fresh batch each step.
import {
  adam,
  clipGradNorm,
  createRandom,
  gru,
  gruBackward,
  gruForward,
  meanSquaredError,
  rnnBackward,
  rnnForward,
  uniformInit,
  vanillaRnn,
  zeros,
  type Gru,
  type Matrix,
  type Rnn,
} from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const length = 50; // T
const hiddenSize = 8;
const steps = 100;
const batchSize = 16;
const carryBias = 3; // b_u: the GRU's update gate starts near σ(3) ≈ 0.95, a state that is mostly kept

function memoryTask(seed: number, samples: number) {
  const random = createRandom(seed);
  const xs: Matrix[] = Array.from({ length }, () => zeros(1, samples));
  const y = zeros(1, samples);
  for (let j = 0; j < samples; j++) {
    const sign = random.next() < 0.5 ? -1 : 1;
    xs[0].data[j] = sign;
    y.data[j] = sign;
    for (let t = 1; t < length; t++) xs[t].data[j] = 0.5 * random.normal();
  }
  return { xs, y };
}

const init = uniformInit({ limit: 1 / Math.sqrt(hiddenSize) });
const spec = {
  inputSize: 1,
  hiddenSize,
  outputSize: 1,
  init,
  recurrentInit: init,
  readoutInit: init,
  seed: 3,
};
const networks: { label: string; net: Rnn | Gru }[] = [
  { label: 'vanilla RNN', net: vanillaRnn({ ...spec, activation: 'tanh' }) },
  { label: `GRU, b_u = ${carryBias}`, net: gru({ ...spec, updateGateBias: carryBias }) },
];
const forward = (net: Rnn | Gru, xs: Matrix[]) =>
  net.kind === 'rnn' ? rnnForward(net, xs) : gruForward(net, xs);

const test = memoryTask(2, 256);
const results = networks.map(({ label, net }) => {
  const optimizer = adam({ learningRate: 0.03 });
  const loss = new Float64Array(steps);
  for (let s = 0; s < steps; s++) {
    const { xs, y } = memoryTask(100 + s, batchSize); // a fresh batch: nothing to memorise but the rule
    const run = forward(net, xs);
    loss[s] = meanSquaredError.value(run.output!, y);
    const dOutput = meanSquaredError.gradient(run.output!, y);
    if (net.kind === 'rnn') rnnBackward(net, run, { dOutput });
    else gruBackward(net, run, { dOutput });
    clipGradNorm(net.params, 1);
    optimizer.step(net.params);
  }
  const answers = forward(net, test.xs).output!.data;
  const right = test.y.data.filter((target, j) => Math.sign(answers[j]) === target).length;
  return { label, loss, accuracy: right / test.y.data.length };
});

display(
  trainingCurveChart({
    yLabel: 'loss (½ · mean squared error)',
    yScale: 'linear',
    firstStep: 1,
    series: [
      ...results.map(({ label, loss }) => ({ label, values: loss })),
      { label: 'always answering 0', values: new Float64Array(steps).fill(0.5), dashed: true },
    ],
    labels: 'legend',
  }),
);
display(
  results.map(({ label, loss, accuracy }) => ({
    network: label,
    'last loss': loss[steps - 1],
    'test accuracy': accuracy,
  })),
);
