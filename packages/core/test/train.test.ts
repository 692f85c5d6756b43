import { describe, expect, it } from 'vitest';
import { FLOAT32_MAX } from '../src/dtype.js';
import { GradscopeArgumentError } from '../src/errors.js';
import { frobeniusNorm } from '../src/linalg.js';
import { fromData, full, zeros, type Matrix } from '../src/matrix.js';
import { forward, linearNetwork, lossAndGradients, mlp, predict } from '../src/network.js';
import { adam, sgd, type Optimizer } from '../src/optimizers.js';
import { warmupSchedule } from '../src/schedules.js';
import { forkNetwork, type TrainingSnapshot } from '../src/snapshot.js';
import { createRandom, fillNormal } from '../src/random.js';
import { meanSquaredError } from '../src/losses.js';
import { fit, type StepRecord } from '../src/train.js';

/** A teacher network's outputs on normal inputs: a regression problem a student of enough width can fit. */
function teacherData(m: number) {
  const teacher = mlp({ sizes: [3, 8, 1], activation: 'tanh', seed: 'teacher' });
  const x = fromData(3, m, fillNormal(new Float64Array(3 * m), createRandom('inputs')));
  return { x, y: predict(teacher, x) };
}

/** An optimizer that changes nothing: the network stays fixed, so a step's loss depends on its batch only. */
const frozen: Optimizer = { name: 'frozen', label: 'no update', step() {}, reset() {} };

describe('fit', () => {
  it('lowers the loss of a student network on a teacher regression by more than 100×', () => {
    const data = teacherData(256);
    const student = mlp({ sizes: [3, 16, 1], activation: 'tanh', seed: 'student' });
    const before = meanSquaredError.value(predict(student, data.x), data.y);
    const { history, stopped, steps } = fit(student, data, {
      optimizer: adam({ learningRate: 0.01 }),
      steps: 400,
      batchSize: 32,
      random: createRandom(5),
    });
    expect(stopped).toEqual({ reason: 'completed', step: 400 });
    expect(steps).toBe(400);
    const after = meanSquaredError.value(predict(student, data.x), data.y);
    // Measured: 2600× lower (seeded, so this is deterministic; 100× leaves room for harmless changes).
    expect(after).toBeLessThan(before / 100);
    // The minibatch losses fall too: the last 20 steps average far below the first 20 (measured: 700×).
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(history.loss.subarray(380))).toBeLessThan(mean(history.loss.subarray(0, 20)) / 100);
  });

  it('records at step 1 exactly the loss and gradient norms of the untrained network', () => {
    const data = teacherData(64);
    const net = mlp({ sizes: [3, 5, 4, 1], activation: 'tanh', seed: 3 });
    const { loss } = lossAndGradients(net, data.x, data.y, 'mse');
    const dW = net.layers.map((layer) => frobeniusNorm(layer.params[0].grad));
    const all = Math.sqrt(net.params.reduce((s, p) => s + frobeniusNorm(p.grad) ** 2, 0));
    const { history } = fit(net, data, { optimizer: sgd({ learningRate: 0.1 }), steps: 2 });
    expect(history.loss[0]).toBe(loss);
    expect(history.gradNorm[0]).toBeCloseTo(all, 14);
    history.layerGradNorms[0].forEach((norm, l) => expect(norm).toBeCloseTo(dW[l], 14));
    // Full-batch gradient descent with a small step lowers the loss.
    expect(history.loss[1]).toBeLessThan(history.loss[0]);
  });

  it('stops a float32 1.5·I network of depth 300 at the layer where 1.5^l passes the float32 maximum', () => {
    // a^[l] = 1.5^l · x with x = (1, 1)ᵀ: the first l with 1.5^l > FLOAT32_MAX is ⌈ln(FLOAT32_MAX)/ln 1.5⌉ =
    // 219. 1.5^218 is 0.72·FLOAT32_MAX and 1.5^219 is 1.08·FLOAT32_MAX, far beyond float32 rounding (~219 ·
    // 6e-8).
    const expected = Math.ceil(Math.log(FLOAT32_MAX) / Math.log(1.5));
    expect(expected).toBe(219);
    const net = linearNetwork(300, 1.5, 2, 'float32');
    const result = fit(
      net,
      { x: full(2, 4, 1), y: zeros(2, 4) },
      { optimizer: sgd({ learningRate: 0.01 }), steps: 10 },
    );
    expect(result.stopped).toMatchObject({
      reason: 'non-finite',
      step: 1,
      layer: expected,
      what: 'activation',
    });
    expect(result.stopped).toHaveProperty('location.what', 'z');
    expect(result.stopped).toHaveProperty('location.value', Infinity);
    expect(result.steps).toBe(0);
    expect(result.history.loss).toHaveLength(0);
    expect(result.history.layerGradNorms).toHaveLength(0);
    // No update was applied: W^[1] is still 1.5·I.
    expect(Array.from(net.params[0].value.data)).toEqual([1.5, 0, 0, 1.5]);
  });

  it('stops at the top layer when the forward pass is finite but dW^[L] = delta·a^[L−1]ᵀ overflows', () => {
    // Depth L = 150, x = (1, 1)ᵀ, y = 0: ŷ = 1.5^150·x is finite in float32 (3.6e26), the mse loss 1.5^300 is
    // computed in float64, and every dW^[l] = 1.5^(L−l)·ŷ · (1.5^(l−1)·x)ᵀ has entries 1.5^(2L−1) = 1.5^299 >
    // FLOAT32_MAX. Backpropagation computes dW^[L] first, so that is where the gradient became non-finite.
    const depth = 150;
    expect(1.5 ** depth).toBeLessThan(FLOAT32_MAX);
    expect(1.5 ** (2 * depth - 1)).toBeGreaterThan(FLOAT32_MAX);
    const net = linearNetwork(depth, 1.5, 2, 'float32');
    const { stopped, steps } = fit(
      net,
      { x: full(2, 1, 1), y: zeros(2, 1) },
      { optimizer: sgd({ learningRate: 0.01 }), steps: 3 },
    );
    expect(stopped).toMatchObject({ reason: 'non-finite', step: 1, layer: depth, what: 'gradient' });
    expect(stopped).toHaveProperty('location.what', 'dW');
    expect(steps).toBe(0);
  });

  it('stops with what = "loss" when the activations are finite but the loss overflows', () => {
    // float64, depth 900: ŷ = 1.5^900·x ≈ 5e158 is finite, the mse loss ½·2·1.5^1800 overflows (ln 1.5·1800 >
    // 709.8).
    const depth = 900;
    expect(Number.isFinite(1.5 ** depth)).toBe(true);
    expect(1.5 ** (2 * depth)).toBe(Infinity);
    const { stopped } = fit(
      linearNetwork(depth, 1.5),
      { x: full(2, 1, 1), y: zeros(2, 1) },
      { optimizer: sgd({ learningRate: 0.01 }), steps: 3 },
    );
    expect(stopped).toEqual({
      reason: 'non-finite',
      step: 1,
      layer: depth,
      what: 'loss',
      location: null,
    });
  });

  it('stops when onStep returns false, after applying that step', () => {
    const data = teacherData(32);
    const records: StepRecord[] = [];
    const { history, stopped, steps } = fit(mlp({ sizes: [3, 4, 1], seed: 1 }), data, {
      optimizer: sgd({ learningRate: 0.05 }),
      steps: 100,
      onStep: (record) => {
        records.push({ ...record, layerGradNorms: Float64Array.from(record.layerGradNorms) });
        if (record.step === 5) return false;
      },
    });
    expect(stopped).toEqual({ reason: 'callback', step: 5 });
    expect(steps).toBe(5);
    expect(records.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((r) => r.loss)).toEqual(Array.from(history.loss));
    expect(records.map((r) => r.gradNorm)).toEqual(Array.from(history.gradNorm));
    expect(records.every((r) => r.clipped === false)).toBe(true);
  });

  it('returns one loss and gradient norm per step and per-layer norms every `everySteps` steps', () => {
    const net = mlp({ sizes: [3, 6, 6, 6, 1], seed: 2 });
    const { history } = fit(net, teacherData(16), {
      optimizer: sgd({ learningRate: 0.01 }),
      steps: 10,
      everySteps: 3,
    });
    expect(history.loss).toBeInstanceOf(Float64Array);
    expect(history.loss).toHaveLength(10);
    expect(history.gradNorm).toHaveLength(10);
    expect(Array.from(history.recordedSteps)).toEqual([1, 4, 7, 10]);
    expect(history.layerGradNorms).toHaveLength(4);
    for (const row of history.layerGradNorms) {
      expect(row).toHaveLength(4);
      row.forEach((norm) => expect(norm).toBeGreaterThan(0));
    }
  });

  it('splits each epoch into disjoint minibatches of batchSize examples, replayable from the seed', () => {
    // Identity network, W = 1, no bias; example j is x_j = j + 1 with target 0, so a batch's mse loss is
    // Σ x_j² / (2B). With m = 10 and B = 5, steps 1–2 are one epoch and steps 3–4 the next: each pair covers
    // every example once, so its summed loss is Σ_{j=1}^{10} j² / 10 = 38.5, whatever the shuffle.
    const m = 10;
    const x = fromData(
      1,
      m,
      Float64Array.from({ length: m }, (_, j) => j + 1),
    );
    const run = (seed: number) =>
      fit(
        linearNetwork(1, 1, 1),
        { x, y: zeros(1, m) },
        { optimizer: frozen, steps: 4, batchSize: 5, random: createRandom(seed) },
      ).history.loss;
    const loss = run(1);
    expect(loss[0] + loss[1]).toBeCloseTo(38.5, 12);
    expect(loss[2] + loss[3]).toBeCloseTo(38.5, 12);
    expect(loss[0]).not.toBe(loss[1]);
    expect(Array.from(run(1))).toEqual(Array.from(loss));
    expect(Array.from(run(2))).not.toEqual(Array.from(loss));
  });

  it('clips the gradients before the update but records their norm before clipping', () => {
    const data = teacherData(16);
    const net = mlp({ sizes: [3, 4, 1], seed: 4 });
    const before = net.params.map((p) => Float64Array.from(p.value.data));
    const records: StepRecord[] = [];
    const { history } = fit(net, data, {
      optimizer: sgd({ learningRate: 1 }),
      steps: 1,
      clip: { norm: 1e-3 },
      onStep: (r) => {
        records.push(r);
      },
    });
    // With η = 1 the update is −g after clipping, so the parameters moved by exactly maxNorm in total.
    let moved = 0;
    net.params.forEach((p, i) => p.value.data.forEach((w, j) => (moved += (w - before[i][j]) ** 2)));
    expect(Math.sqrt(moved)).toBeCloseTo(1e-3, 12);
    expect(history.gradNorm[0]).toBeGreaterThan(1e-3);
    expect(records[0].clipped).toBe(true);
  });

  it('reuses one scratch row for the per-layer norms of the steps it does not keep', () => {
    const data = teacherData(16);
    const net = mlp({ sizes: [3, 4, 1], seed: 4 });
    const kept: Float64Array[] = [];
    fit(net, data, {
      optimizer: sgd({ learningRate: 0.1 }),
      steps: 4,
      everySteps: 2,
      onStep: (r) => {
        kept.push(r.layerGradNorms);
      },
    });
    // Steps 2 and 4 are not kept in the history: they share one scratch row.
    expect(kept[1]).toBe(kept[3]);
    expect(kept[0]).not.toBe(kept[2]);
    expect(kept[0]).not.toBe(kept[1]);
  });

  it('rejects bad data and options, naming the argument', () => {
    const net = mlp({ sizes: [3, 4, 2], seed: 1 });
    const x = zeros(3, 6);
    const y = zeros(2, 6);
    const optimizer = sgd({ learningRate: 0.1 });
    const argumentOf = (make: () => unknown): string | undefined => {
      try {
        make();
      } catch (error) {
        if (error instanceof GradscopeArgumentError) return error.argument;
        throw error;
      }
      return undefined;
    };
    expect(argumentOf(() => fit(net, { x: zeros(6, 3), y }, { optimizer, steps: 1 }))).toBe('data.x');
    expect(() => fit(net, { x: zeros(6, 3), y }, { optimizer, steps: 1 })).toThrow(/looks transposed/);
    expect(argumentOf(() => fit(net, { x, y: zeros(1, 6) }, { optimizer, steps: 1 }))).toBe('data.y');
    expect(argumentOf(() => fit(net, { x, y: zeros(2, 5) }, { optimizer, steps: 1 }))).toBe('data.y');
    expect(argumentOf(() => fit(net, null as never, { optimizer, steps: 1 }))).toBe('data');
    const nan: Matrix = zeros(3, 6);
    nan.data[1] = NaN;
    expect(argumentOf(() => fit(net, { x: nan, y }, { optimizer, steps: 1 }))).toBe('data.x[0][1]');
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 0 }))).toBe('options.steps');
    expect(argumentOf(() => fit(net, { x, y }, { optimizer: {} as never, steps: 1 }))).toBe(
      'options.optimizer',
    );
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 1, batchSize: 7 }))).toBe(
      'options.batchSize',
    );
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 1, batchSize: 2 }))).toBe(
      'options.random',
    );
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 1, loss: 'l2' as never }))).toBe(
      'options.loss',
    );
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 1, clip: { norm: 0 } }))).toBe(
      'options.clip.norm',
    );
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 1, lr: 0.1 } as never))).toBe(
      'options.lr',
    );
    expect(argumentOf(() => fit(net, { x, y }, { optimizer, steps: 1, mode: 'test' as never }))).toBe(
      'options.mode',
    );
    expect(argumentOf(() => fit({} as never, { x, y }, { optimizer, steps: 1 }))).toBe('net');
  });

  it('keeps the per-layer norms as a layers × steps matrix whose columns are the per-step rows', () => {
    const net = mlp({ sizes: [3, 6, 6, 6, 1], seed: 2 });
    const { history } = fit(net, teacherData(16), {
      optimizer: sgd({ learningRate: 0.01 }),
      steps: 10,
      everySteps: 3,
    });
    const { gradNormsByLayer: grid } = history;
    expect([grid.rows, grid.cols, grid.dtype]).toEqual([4, 4, 'float64']);
    history.layerGradNorms.forEach((row, j) =>
      row.forEach((norm, l) => expect(grid.data[l * grid.cols + j]).toBe(norm)),
    );
    expect(history.activationRmsByLayer.rows).toBe(4);
    expect(history.activationRmsByLayer.cols).toBe(4);
  });

  it("records the RMS of each layer's activations: k^l for the lecture network k·I on x = 1", () => {
    // a^[l] = k^l·x with every entry of x equal to 1, so every entry of a^[l] is k^l and so is its RMS.
    const depth = 12;
    const k = 1.5;
    const { history } = fit(
      linearNetwork(depth, k, 3),
      { x: full(3, 5, 1), y: zeros(3, 5) },
      { optimizer: frozen, steps: 2 },
    );
    const rms = history.activationRmsByLayer;
    for (let l = 1; l <= depth; l++) {
      expect(rms.data[(l - 1) * rms.cols]).toBeCloseTo(k ** l, 12);
      expect(rms.data[(l - 1) * rms.cols + 1]).toBeCloseTo(k ** l, 12);
    }
  });

  it.each([
    ['dense', {}],
    ['batch-norm', { norm: 'batch' }],
    ['residual layer-norm', { residual: true, norm: 'layer' }],
  ] as const)(
    'reads the activation RMS of the step it trains on, while computing in reused buffers (%s)',
    (_, variant) => {
      // fit runs in the network's training buffers. The activations of step t are those of the network as
      // step t − 1 left it, so a fork of the snapshot taken at step t − 1, run forward in fresh matrices, must
      // show the same RMS; the untouched network gives step 1's.
      const data = teacherData(12);
      const net = mlp({ sizes: [3, 6, 6, 6, 1], activation: 'tanh', seed: 4, ...variant });
      const snapshots: TrainingSnapshot[] = [];
      const seen: Float64Array[] = [];
      const before = forkNetwork(net);
      const { history } = fit(net, data, {
        optimizer: sgd({ learningRate: 0.2 }),
        steps: 5,
        onStep: (record) => {
          seen.push(Float64Array.from(record.activationRms));
          snapshots.push(record.snapshot());
        },
      });
      const rmsOf = (fork: typeof net): number[] =>
        forward(fork, data.x, { mode: 'train' }).layers.map(({ a }) => {
          let sum = 0;
          for (const v of a.data) sum += v * v;
          return Math.sqrt(sum / a.data.length);
        });
      const expected = [
        rmsOf(before),
        ...snapshots.slice(0, -1).map((saved) => rmsOf(forkNetwork(net, saved))),
      ];
      expected.forEach((layers, t) => {
        layers.forEach((rms, l) => {
          expect(seen[t][l]).toBeCloseTo(rms, 13);
          expect(history.activationRmsByLayer.data[l * history.activationRmsByLayer.cols + t]).toBe(
            seen[t][l],
          );
        });
      });
      // The steps did train: the activations moved.
      expect(seen[4][0]).not.toBe(seen[0][0]);
    },
  );

  it('records the learning rate each update used (NaN for an optimizer that does not say)', () => {
    const schedule = warmupSchedule({ learningRate: 0.05, warmupSteps: 4 });
    const data = teacherData(16);
    const { history } = fit(mlp({ sizes: [3, 4, 1], seed: 1 }), data, {
      optimizer: sgd({ learningRate: schedule }),
      steps: 6,
    });
    expect(Array.from(history.learningRate)).toEqual([1, 2, 3, 4, 5, 6].map((t) => schedule(t)));
    const unknown = fit(mlp({ sizes: [3, 4, 1], seed: 1 }), data, { optimizer: frozen, steps: 2 });
    expect(Array.from(unknown.history.learningRate)).toEqual([NaN, NaN]);
  });

  it('trims the matrices to the steps completed when training stops early', () => {
    const net = mlp({ sizes: [3, 4, 4, 1], seed: 5 });
    const { history } = fit(net, teacherData(16), {
      optimizer: sgd({ learningRate: 0.05 }),
      steps: 10,
      onStep: (r) => (r.step === 4 ? false : undefined),
    });
    expect(history.gradNormsByLayer.cols).toBe(4);
    expect(history.gradNormsByLayer.data).toHaveLength(3 * 4);
    history.layerGradNorms.forEach((row, j) =>
      row.forEach((norm, l) => expect(history.gradNormsByLayer.data[l * 4 + j]).toBe(norm)),
    );
  });
});
