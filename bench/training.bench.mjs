/**
 * `npm run bench:training`: what a lesson's training figures cost in the page. Not a test: it prints figures, then
 * one JSON line.
 *
 * 1. The layer-by-step heatmap run: an MLP of depth L = 50 (sizes [8, n, …, n, 1], 50 dense layers, tanh, biases),
 *    `fit` for 500 steps of SGD (η = 0.01) on minibatches of 32 from 256 teacher-regression examples, recording
 *    every step's per-layer gradient norms and activation RMS (the 50 × 500 matrices a heatmap reads), the loss,
 *    the global gradient norm and η. For widths n = 16 and 32, and a good (Xavier) and a bad (N(0, 1), far too
 *    large for tanh) initialization: the two runs a lesson computes side by side.
 *    Baseline, same process: the same 500 steps written as a bare loop (`lossAndGradients` on the same minibatch
 *    size, in the network's reused buffers as fit's are, + `optimizer.step`), which records nothing. `speedup` =
 *    baseline time / fit time: below 1 by exactly the cost of recording and of fit's checks.
 * 2. The curvature: `largestHessianEigenvalue` of the same networks on one batch of 32 (default tolerance), with
 *    the Hessian-vector products it needed (two gradient evaluations each).
 *
 * Time: the median over RUNS runs, each on a fresh network from the same seed, as wall-clock time and as this
 * process's CPU time (user + system, `process.cpuUsage`). The code is single-threaded, so on an idle machine the two
 * agree; on a shared one (several builds at once) the wall-clock figure grows and the CPU figure is the one to
 * compare between runs.
 */

import console from 'node:console';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import {
  createRandom,
  fit,
  largestHessianEigenvalue,
  lossAndGradients,
  mlp,
  normalInit,
  sgd,
  teacherRegression,
  xavierNormal,
} from '@gradscope/core';

const DEPTH = 50;
const STEPS = 500;
const BATCH = 32;
const EXAMPLES = 256;
const INPUT = 8;
const WIDTHS = [16, 32];
const RUNS = 3;
const INITS = [
  { name: 'xavierNormal', init: () => xavierNormal() },
  { name: 'normal(1)', init: () => normalInit({ std: 1 }) },
];

const data = teacherRegression({
  inputSize: INPUT,
  samples: EXAMPLES,
  random: createRandom('bench-training'),
});
const batch = {
  x: { ...data.x, cols: BATCH, data: data.x.data.filter((_, k) => k % EXAMPLES < BATCH) },
  y: { ...data.y, cols: BATCH, data: data.y.data.filter((_, k) => k % EXAMPLES < BATCH) },
};

function network(width, init) {
  return mlp({
    sizes: [INPUT, ...new Array(DEPTH - 1).fill(width), 1],
    activation: 'tanh',
    init: init(),
    seed: `bench-training-${width}`,
  });
}

/** Median wall-clock and CPU milliseconds over RUNS calls of `run`, each given a fresh network. */
function median(width, init, run) {
  const wall = [];
  const cpu = [];
  let last;
  for (let r = 0; r < RUNS; r++) {
    const net = network(width, init);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    last = run(net);
    wall.push(performance.now() - start);
    const { user, system } = process.cpuUsage(cpuStart);
    cpu.push((user + system) / 1000);
  }
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  return { ms: middle(wall), cpuMs: middle(cpu), last };
}

const fmt = (x, digits = 1) => x.toFixed(digits);
console.log(
  `@gradscope/core training figures, Node ${process.version}, CPU ${os.cpus()[0]?.model ?? 'unknown'}`,
);
console.log(
  `fit: depth ${DEPTH}, tanh, ${STEPS} steps of SGD, batch ${BATCH} of ${EXAMPLES}, every step recorded; ` +
    `median of ${RUNS} runs\n`,
);
console.log(
  'width  init          fit ms/run (CPU)  ms/step (CPU)  bare loop ms/run (CPU)  speedup (CPU)  heatmap  stopped',
);

const cases = [];
for (const width of WIDTHS) {
  for (const { name, init } of INITS) {
    const ours = median(width, init, (net) =>
      fit(net, data, {
        optimizer: sgd({ learningRate: 0.01 }),
        steps: STEPS,
        batchSize: BATCH,
        random: createRandom(1),
      }),
    );
    const bare = median(width, init, (net) => {
      const optimizer = sgd({ learningRate: 0.01 });
      for (let t = 0; t < STEPS; t++) {
        lossAndGradients(net, batch.x, batch.y, 'mse', { reuseBuffers: true });
        optimizer.step(net.params);
      }
    });
    const { history, stopped } = ours.last;
    const row = {
      width,
      depth: DEPTH,
      steps: STEPS,
      batch: BATCH,
      init: name,
      fitMsPerRun: ours.ms,
      fitMsPerStep: ours.ms / STEPS,
      bareLoopMsPerRun: bare.ms,
      speedup: bare.ms / ours.ms,
      cpu: {
        fitMsPerRun: ours.cpuMs,
        fitMsPerStep: ours.cpuMs / STEPS,
        bareLoopMsPerRun: bare.cpuMs,
        speedup: bare.cpuMs / ours.cpuMs,
      },
      heatmap: [history.gradNormsByLayer.rows, history.gradNormsByLayer.cols],
      stopped: stopped.reason,
    };
    cases.push(row);
    console.log(
      [
        String(width).padStart(5),
        name.padEnd(12),
        `${fmt(row.fitMsPerRun)} (${fmt(row.cpu.fitMsPerRun)})`.padStart(16),
        `${fmt(row.fitMsPerStep, 2)} (${fmt(row.cpu.fitMsPerStep, 2)})`.padStart(13),
        `${fmt(row.bareLoopMsPerRun)} (${fmt(row.cpu.bareLoopMsPerRun)})`.padStart(22),
        `${fmt(row.speedup, 2)}x (${fmt(row.cpu.speedup, 2)}x)`.padStart(13),
        row.heatmap.join('×').padStart(7),
        ` ${row.stopped}`,
      ].join('  '),
    );
  }
}

console.log(`\nλ_max of the Hessian (power iteration, default tolerance), one batch of ${BATCH}`);
console.log('width  init          ms (CPU)  Hv products  ms/product  λ_max  converged');
const curvature = [];
for (const width of WIDTHS) {
  for (const { name, init } of INITS) {
    const { ms, cpuMs, last } = median(width, init, (net) => largestHessianEigenvalue(net, batch));
    const row = {
      width,
      init: name,
      ms,
      cpuMs,
      iterations: last.iterations,
      msPerProduct: ms / last.iterations,
      eigenvalue: last.eigenvalue,
      converged: last.converged,
    };
    curvature.push(row);
    console.log(
      [
        String(width).padStart(5),
        name.padEnd(12),
        `${fmt(ms)} (${fmt(cpuMs)})`.padStart(8),
        String(row.iterations).padStart(11),
        fmt(row.msPerProduct, 2).padStart(10),
        row.eigenvalue.toPrecision(4).padStart(6),
        ` ${row.converged}`,
      ].join('  '),
    );
  }
}

console.log(
  JSON.stringify({
    benchmark: 'training',
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    runs: RUNS,
    cases,
    curvature,
  }),
);
