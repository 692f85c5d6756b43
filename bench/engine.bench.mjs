/**
 * Benchmark: @gradscope/core against TensorFlow.js's CPU backend (tfjs-core + tfjs-backend-cpu) on the same
 * work, in the same process. Not a test: it prints figures. Run `npm run bench` from the repository root (it
 * builds core first); it takes about two minutes.
 *
 * The work, per step: an MLP of depth L = 50 (sizes [n, n, …, n], 50 dense layers), tanh on layers 1–49 and
 * identity on layer 50, biases, batch m = 64 (one example per column), mean squared error
 * L = (1/2m) Σ ‖ŷ − y‖², then the gradients with respect to every W^[l] and b^[l]. Ours: `lossAndGradients`
 * with `reuseBuffers`, as a training loop runs it. TensorFlow.js: the same network with the same weights,
 * `tf.variableGrads` of the same loss. TensorFlow.js has no float64, so both of our dtypes are compared to
 * TensorFlow.js in float32.
 *
 * FLOP count: 2·n_l·n_{l−1}·m per matrix product, one product per layer forward (z = W·a) and two backward
 * (dW = delta·aᵀ, dA = Wᵀ·delta): 6·n²·m·L per step. Elementwise work (bias, tanh, loss) is not counted.
 * Time: warm up, then the median over RUNS runs of the mean time per step within a run.
 *
 * Then a training run (`fit`, SGD, 100 steps, width 256, minibatches of 64 from 256 examples) with heap
 * samples after a forced garbage collection at steps 25, 50 and 100, and the maximum sampled at every step:
 * the engine reuses its buffers, so the heap should stay flat. The last line of output is one JSON object
 * with every figure.
 */

import console from 'node:console';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import {
  createRandom,
  fillNormal,
  fit,
  fromData,
  lossAndGradients,
  meanSquaredError,
  mlp,
  sgd,
} from '@gradscope/core';
import { loadTensorFlow } from './tfjs.mjs';

const DEPTH = 50;
const BATCH = 64;
const WIDTHS = [256, 16];
const RUNS = 7;
const WARMUP_SECONDS = 1;
const RUN_SECONDS = 0.4;
const TRAIN_STEPS = 100;
const TRAIN_EXAMPLES = 256;
const HEAP_SAMPLES = [25, 50, 100];

if (typeof globalThis.gc !== 'function') {
  console.error('Run with node --expose-gc (npm run bench does): the heap figures need a forced collection.');
  process.exit(1);
}

const tf = await loadTensorFlow();

function flopsPerStep(width) {
  return 6 * width * width * BATCH * DEPTH;
}

/** Median over RUNS of the mean seconds per call of `step`, after a warm-up. */
function time(step) {
  const warmStart = performance.now();
  let warmCalls = 0;
  while (performance.now() - warmStart < WARMUP_SECONDS * 1000 || warmCalls < 2) {
    step();
    warmCalls++;
  }
  const estimate = (performance.now() - warmStart) / 1000 / warmCalls;
  const calls = Math.max(1, Math.round(RUN_SECONDS / estimate));
  const perCall = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) step();
    perCall.push((performance.now() - start) / 1000 / calls);
  }
  perCall.sort((a, b) => a - b);
  return { seconds: perCall[Math.floor(RUNS / 2)], calls, runs: RUNS };
}

function problem(width) {
  const random = createRandom(`bench-${width}`);
  const x = fromData(width, BATCH, fillNormal(new Float64Array(width * BATCH), random));
  const y = fromData(width, BATCH, fillNormal(new Float64Array(width * BATCH), random));
  return { x, y };
}

function ourNetwork(width, dtype) {
  return mlp({
    sizes: new Array(DEPTH + 1).fill(width),
    activation: 'tanh',
    outputActivation: 'identity',
    init: 'xavierNormal',
    dtype,
    seed: `bench-${width}`,
  });
}

/** The same network in TensorFlow.js, with our float64 weights rounded to float32. */
function tfNetwork(net, x, y) {
  const W = [];
  const b = [];
  for (const layer of net.layers) {
    const [weight, bias] = layer.params;
    W.push(
      tf.variable(tf.tensor2d(Float32Array.from(weight.value.data), [weight.value.rows, weight.value.cols])),
    );
    b.push(tf.variable(tf.tensor2d(Float32Array.from(bias.value.data), [bias.value.rows, 1])));
  }
  const X = tf.tensor2d(Float32Array.from(x.data), [x.rows, x.cols]);
  const Y = tf.tensor2d(Float32Array.from(y.data), [y.rows, y.cols]);
  const scale = tf.scalar(1 / (2 * x.cols));
  const loss = () => {
    let a = X;
    for (let l = 0; l < W.length; l++) {
      const z = tf.add(tf.matMul(W[l], a), b[l]);
      a = l < W.length - 1 ? tf.tanh(z) : z;
    }
    return tf.mul(tf.sum(tf.squaredDifference(a, Y)), scale);
  };
  const step = () => {
    const { value, grads } = tf.variableGrads(loss);
    const result = value.dataSync()[0];
    value.dispose();
    for (const name of Object.keys(grads)) grads[name].dispose();
    return result;
  };
  const dispose = () => {
    for (const v of [...W, ...b]) v.dispose();
    X.dispose();
    Y.dispose();
    scale.dispose();
  };
  return {
    step,
    dispose,
    firstWeightGrad: () => {
      const { value, grads } = tf.variableGrads(loss, [W[0]]);
      const g = grads[W[0].name].dataSync().slice();
      value.dispose();
      grads[W[0].name].dispose();
      return g;
    },
  };
}

function relativeDifference(a, b) {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

const fmt = (x, digits = 2) => x.toFixed(digits);
const cases = [];
console.log(
  `@gradscope/core vs TensorFlow.js ${tf.version_core} (cpu backend, float32), Node ${process.version}`,
);
console.log(`CPU: ${os.cpus()[0]?.model ?? 'unknown'}; one thread each`);
console.log(`MLP depth ${DEPTH}, tanh, batch ${BATCH}, forward + mse loss + gradients of all W and b`);
console.log(
  `GFLOP/s count 6·n²·m·L per step (2·n·k·m per product; 1 product forward, 2 backward per layer)\n`,
);
console.log(
  'TensorFlow.js has no float64: both of our dtypes are compared with its float32 time ' +
    '(the same tfjs figures on both rows)\n',
);
console.log('width  dtype    ours ms/step  ours GFLOP/s  tfjs ms/step  tfjs GFLOP/s  speedup  agreement');

for (const width of WIDTHS) {
  const { x, y } = problem(width);
  const reference = ourNetwork(width, 'float64');
  const tfNet = tfNetwork(reference, x, y);
  const tfTime = time(tfNet.step);
  const tfLoss = tfNet.step();
  const tfGrad = tfNet.firstWeightGrad();
  tfNet.dispose();
  for (const dtype of ['float64', 'float32']) {
    const net = ourNetwork(width, dtype);
    const xs = dtype === 'float64' ? x : { ...x, dtype, data: Float32Array.from(x.data) };
    const ys = dtype === 'float64' ? y : { ...y, dtype, data: Float32Array.from(y.data) };
    let loss = NaN;
    // A training step: the network's kept buffers, as `fit` uses them (a fresh trace per call is for lessons).
    const ours = time(() => {
      loss = lossAndGradients(net, xs, ys, meanSquaredError, { reuseBuffers: true }).loss;
    });
    // Same work check: our loss and dW^[1] against TensorFlow.js's (float32 rounding differs, so ~1e-6).
    const gradientDifference = relativeDifference(tfGrad, net.params[0].grad.data);
    const lossDifference = Math.abs(loss - tfLoss) / Math.abs(loss);
    const flops = flopsPerStep(width);
    const row = {
      width,
      depth: DEPTH,
      batch: BATCH,
      dtype,
      oursMsPerStep: ours.seconds * 1000,
      oursGflops: flops / ours.seconds / 1e9,
      tfjsMsPerStep: tfTime.seconds * 1000,
      tfjsGflops: flops / tfTime.seconds / 1e9,
      speedup: tfTime.seconds / ours.seconds,
      lossRelativeDifference: lossDifference,
      dW1RelativeDifference: gradientDifference,
      callsPerRun: { ours: ours.calls, tfjs: tfTime.calls },
    };
    cases.push(row);
    console.log(
      [
        String(width).padStart(5),
        dtype.padEnd(7),
        fmt(row.oursMsPerStep, 3).padStart(13),
        fmt(row.oursGflops).padStart(13),
        fmt(row.tfjsMsPerStep, 3).padStart(13),
        fmt(row.tfjsGflops).padStart(13),
        `${fmt(row.speedup)}x`.padStart(8),
        `loss ${lossDifference.toExponential(1)}, dW1 ${gradientDifference.toExponential(1)}`,
      ].join('  '),
    );
  }
}

// Training: the heap should not grow with the number of steps.
console.log(
  `\nTraining: fit, SGD, ${TRAIN_STEPS} steps, width 256, depth ${DEPTH}, ` +
    `batch ${BATCH} of ${TRAIN_EXAMPLES} examples, float64`,
);
const trainRandom = createRandom('bench-train');
const trainX = fromData(256, TRAIN_EXAMPLES, fillNormal(new Float64Array(256 * TRAIN_EXAMPLES), trainRandom));
const trainY = fromData(256, TRAIN_EXAMPLES, fillNormal(new Float64Array(256 * TRAIN_EXAMPLES), trainRandom));
const trainNet = ourNetwork(256, 'float64');
const mb = (bytes) => bytes / 2 ** 20;
globalThis.gc();
const atStart = process.memoryUsage();
const samples = [];
let maxHeapUsed = atStart.heapUsed;
let maxArrayBuffers = atStart.arrayBuffers;
const trainStart = performance.now();
const result = fit(
  trainNet,
  { x: trainX, y: trainY },
  {
    optimizer: sgd({ learningRate: 0.01 }),
    steps: TRAIN_STEPS,
    batchSize: BATCH,
    random: createRandom(1),
    onStep: ({ step, loss }) => {
      const now = process.memoryUsage();
      maxHeapUsed = Math.max(maxHeapUsed, now.heapUsed);
      maxArrayBuffers = Math.max(maxArrayBuffers, now.arrayBuffers);
      if (HEAP_SAMPLES.includes(step)) {
        globalThis.gc();
        const after = process.memoryUsage();
        samples.push({ step, loss, heapUsedMB: mb(after.heapUsed), arrayBuffersMB: mb(after.arrayBuffers) });
      }
    },
  },
);
const trainSeconds = (performance.now() - trainStart) / 1000;
console.log(
  `at start (after gc): heapUsed ${fmt(mb(atStart.heapUsed))} MB, ` +
    `arrayBuffers ${fmt(mb(atStart.arrayBuffers))} MB`,
);
for (const s of samples) {
  console.log(
    `step ${String(s.step).padStart(3)} (after gc): heapUsed ${fmt(s.heapUsedMB)} MB, ` +
      `arrayBuffers ${fmt(s.arrayBuffersMB)} MB, loss ${s.loss.toPrecision(5)}`,
  );
}
const first = samples[0];
const last = samples[samples.length - 1];
const growth = {
  heapUsedMB: last.heapUsedMB - first.heapUsedMB,
  arrayBuffersMB: last.arrayBuffersMB - first.arrayBuffersMB,
};
console.log(
  `peak during training (sampled each step, no gc): heapUsed ${fmt(mb(maxHeapUsed))} MB, ` +
    `arrayBuffers ${fmt(mb(maxArrayBuffers))} MB`,
);
console.log(
  `growth from step ${first.step} to step ${last.step}: heapUsed ${fmt(growth.heapUsedMB, 3)} MB, ` +
    `arrayBuffers ${fmt(growth.arrayBuffersMB, 3)} MB; ` +
    `${fmt((trainSeconds * 1000) / TRAIN_STEPS, 1)} ms/step; stopped: ${result.stopped.reason}`,
);

const minimumSpeedup = Math.min(...cases.map((c) => c.speedup));
console.log(
  `\nminimum speedup ${fmt(minimumSpeedup)}x (target ≥ 1.5x in every case): ` +
    (minimumSpeedup >= 1.5 ? 'met' : 'NOT met'),
);
console.log(
  JSON.stringify({
    benchmark: 'engine',
    node: process.version,
    tfjs: tf.version_core,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    flopCount: '6·n²·m·L per step',
    cases,
    minimumSpeedup,
    training: {
      steps: TRAIN_STEPS,
      width: 256,
      depth: DEPTH,
      batch: BATCH,
      examples: TRAIN_EXAMPLES,
      optimizer: 'sgd',
      msPerStep: (trainSeconds * 1000) / TRAIN_STEPS,
      stopped: result.stopped.reason,
      atStart: { heapUsedMB: mb(atStart.heapUsed), arrayBuffersMB: mb(atStart.arrayBuffers) },
      samples,
      peak: { heapUsedMB: mb(maxHeapUsed), arrayBuffersMB: mb(maxArrayBuffers) },
      growth,
    },
  }),
);
