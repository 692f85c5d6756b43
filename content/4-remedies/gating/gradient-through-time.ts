// How much of the gradient of a loss at step T reaches step t: ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ for a vanilla tanh RNN and
// two GRUs, from the same draw of weights and on the same batch of sequences, at initialization.
import {
  createRandom,
  gru,
  gruBackward,
  gruForward,
  meanSquaredError,
  rnnBackward,
  rnnForward,
  spectralNorm,
  uniformInit,
  vanillaRnn,
  zeros,
  type Matrix,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const length = 50; // T
const hiddenSize = 8;
const carryBias = 3; // b_u of the first GRU: its update gate starts near σ(3) ≈ 0.95

// The memory task: x_1 = ±1, then noise; the target is x_1, read from the last state.
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
const { xs, y } = memoryTask(1, 16);

// PyTorch's default weights for recurrent layers, U(−1/√n, 1/√n), in all three networks.
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
const rnn = vanillaRnn({ ...spec, activation: 'tanh' });
const gates = [gru({ ...spec, updateGateBias: carryBias }), gru({ ...spec, updateGateBias: 0 })];

function profile(norms: Float64Array): number[] {
  return Array.from(norms, (v) => v / norms[length - 1]);
}
const rnnRun = rnnForward(rnn, xs);
const series = [
  {
    label: 'vanilla RNN',
    values: profile(
      rnnBackward(rnn, rnnRun, { dOutput: meanSquaredError.gradient(rnnRun.output!, y) }).hiddenGradNorms,
    ),
  },
  ...gates.map((cell) => {
    const run = gruForward(cell, xs);
    const back = gruBackward(cell, run, { dOutput: meanSquaredError.gradient(run.output!, y) });
    return { label: `GRU, b_u = ${cell.b_u!.value.data[0]}`, values: profile(back.hiddenGradNorms) };
  }),
];

display(
  depthProfileChart({ quantity: '‖∂L/∂h_t‖ / ‖∂L/∂h_T‖', xLabel: 'time step t', series, labels: 'legend' }),
);
console.log(`largest singular value of the RNN's W_hh: ${spectralNorm(rnn.W_hh.value).toFixed(3)}`);
display(series.map((s) => ({ network: s.label, 'ratio at t = 1': s.values[0] })));
