import { describe, expect, it } from 'vitest';
import { createLayerBuffers, createParam, type Layer } from '../src/layer.js';
import { fromData, zeros } from '../src/matrix.js';
import { mlp, network, predict, type Network } from '../src/network.js';
import { adam, momentum, sgd, type Optimizer } from '../src/optimizers.js';
import { createRandom, fillNormal } from '../src/random.js';
import { warmupSchedule } from '../src/schedules.js';
import { forkNetwork, restore, snapshot, type TrainingSnapshot } from '../src/snapshot.js';
import { fit, type FitOptions, type TrainingData } from '../src/train.js';
import { thrown } from './support/errors.js';

/** A teacher network's outputs on normal inputs. */
function teacherData(m: number): TrainingData {
  const teacher = mlp({ sizes: [3, 8, 2], activation: 'tanh', seed: 'teacher' });
  const x = fromData(3, m, fillNormal(new Float64Array(3 * m), createRandom('inputs')));
  return { x, y: predict(teacher, x) };
}

/** Every parameter's entries, and every batch-norm statistic's, as plain numbers. */
function state(net: Network): number[][] {
  const rows = net.params.map((p) => Array.from(p.value.data));
  const visit = (layers: readonly Layer[]): void => {
    for (const layer of layers) {
      if (layer.inner) visit(layer.inner);
      const bn = layer as Partial<{
        runningMean: { data: Float64Array };
        runningVariance: { data: Float64Array };
      }>;
      if (bn.runningMean && bn.runningVariance)
        rows.push(Array.from(bn.runningMean.data), Array.from(bn.runningVariance.data));
    }
  };
  visit(net.layers);
  return rows;
}

/** A network with dense, batch-norm and residual layers: what fork and snapshot must handle beyond plain dense. */
const mixedSpec = {
  sizes: [3, 6, 6, 6, 2],
  activation: 'tanh',
  norm: 'batch',
  residual: true,
  seed: 4,
} as const;

interface Case {
  readonly name: string;
  readonly net: () => Network;
  readonly options: () => Omit<FitOptions, 'steps'>;
}

const cases: Case[] = [
  {
    name: 'full-batch SGD',
    net: () => mlp({ sizes: [3, 5, 2], seed: 1 }),
    options: () => ({ optimizer: sgd({ learningRate: 0.1 }) }),
  },
  {
    name: 'momentum on minibatches, snapshot mid-epoch',
    net: () => mlp({ sizes: [3, 5, 5, 2], activation: 'relu', init: 'heNormal', seed: 2 }),
    options: () => ({
      optimizer: momentum({ learningRate: 0.02, momentum: 0.9 }),
      batchSize: 12,
      random: createRandom(7),
    }),
  },
  {
    name: 'Adam with warmup, batch norm and residual blocks, every 4th step kept',
    net: () => mlp(mixedSpec),
    options: () => ({
      optimizer: adam({ learningRate: warmupSchedule({ learningRate: 0.01, warmupSteps: 30 }) }),
      batchSize: 16,
      random: createRandom(3),
      everySteps: 4,
    }),
  },
];

/** Trains `steps` steps and keeps the snapshot `record.snapshot()` gives at step `at`. */
function runWithSnapshot(c: Case, steps: number, at: number) {
  const net = c.net();
  let saved: TrainingSnapshot | undefined;
  const result = fit(net, teacherData(40), {
    ...c.options(),
    steps,
    onStep: (record) => {
      if (record.step === at) saved = record.snapshot();
    },
  });
  return { net, result, saved: saved as TrainingSnapshot };
}

describe('snapshot and restore', () => {
  it('restore puts back every parameter and batch-norm statistic bit for bit, and the optimizer state', () => {
    const net = mlp(mixedSpec);
    const data = teacherData(40);
    const random = createRandom(1);
    const optimizer = adam({ learningRate: 0.01 });
    fit(net, data, { optimizer, steps: 5, batchSize: 8, random });
    const before = state(net);
    const saved = snapshot(net, { optimizer, random });
    expect(saved.step).toBe(5);
    expect(saved.buffers).toHaveLength(2 * 3); // three batch-norm layers, mean and variance each
    fit(net, data, { optimizer, steps: 5, batchSize: 8, random });
    expect(state(net)).not.toEqual(before);
    restore(net, saved, { optimizer, random });
    expect(state(net)).toEqual(before);
    expect(optimizer.state?.step).toBe(5);
    expect(random.getState()).toEqual(saved.random);
  });

  it('copies: training after a snapshot does not change it', () => {
    const net = mlp({ sizes: [3, 4, 2], seed: 3 });
    const saved = snapshot(net);
    const first = Array.from(saved.params[0].data);
    fit(net, teacherData(10), { optimizer: sgd({ learningRate: 0.5 }), steps: 3 });
    expect(Array.from(saved.params[0].data)).toEqual(first);
    expect(Array.from(net.params[0].value.data)).not.toEqual(first);
  });

  it('is plain data: a structured clone (what postMessage sends to a Web Worker) restores the same', () => {
    const net = mlp(mixedSpec);
    fit(net, teacherData(20), { optimizer: momentum({ learningRate: 0.01 }), steps: 3 });
    const expected = state(net);
    const saved = structuredClone(snapshot(net, { optimizer: momentum({ learningRate: 0.01 }) }));
    const other = mlp({ ...mixedSpec, seed: 99 });
    restore(other, saved);
    expect(state(other)).toEqual(expected);
  });

  it('rejects a snapshot of another network, and a random source when the snapshot has none', () => {
    const saved = snapshot(mlp({ sizes: [3, 4, 2], seed: 1 }));
    const wider = mlp({ sizes: [3, 5, 2], seed: 1 });
    const error = thrown(() => restore(wider, saved));
    expect(error.argument).toBe('saved.params[0]');
    expect(error.message).toMatch(
      /^restore: saved.params\[0\] must be a 5×3 float64 matrix like net's W\[1\]/,
    );
    expect(thrown(() => restore(mlp({ sizes: [3, 4, 4, 2] }), saved)).argument).toBe('saved');
    const random = thrown(() => restore(mlp({ sizes: [3, 4, 2] }), saved, { random: createRandom(1) }));
    expect(random.argument).toBe('options.random');
    expect(
      thrown(() => snapshot(mlp({ sizes: [3, 4, 2] }), { optimiser: sgd({ learningRate: 1 }) } as never))
        .message,
    ).toContain('did you mean "optimizer"?');
  });
});

describe('forking a training run', () => {
  it.each(cases)(
    '$name: resuming from a snapshot with the same options replays the original continuation bit for bit',
    (c) => {
      const [steps, at] = [60, 25];
      const original = runWithSnapshot(c, steps, at);
      const fork = forkNetwork(original.net, original.saved);
      const resumed = fit(fork, teacherData(40), {
        ...c.options(),
        random: createRandom('anything: the saved state replaces it'),
        steps: steps - at,
        resume: original.saved,
      });
      const { history } = resumed;
      expect(history.firstStep).toBe(at + 1);
      expect(Array.from(history.loss)).toEqual(Array.from(original.result.history.loss.subarray(at)));
      expect(Array.from(history.gradNorm)).toEqual(Array.from(original.result.history.gradNorm.subarray(at)));
      expect(Array.from(history.learningRate)).toEqual(
        Array.from(original.result.history.learningRate.subarray(at)),
      );
      expect(state(fork)).toEqual(state(original.net));
      expect(resumed.stopped).toEqual({ reason: 'completed', step: steps });
      // The kept steps keep their numbering (1, 1 + everySteps, …), and their norms are the original's.
      const kept = Array.from(original.result.history.recordedSteps).filter((t) => t > at);
      expect(Array.from(history.recordedSteps)).toEqual(kept);
      const o = original.result.history.gradNormsByLayer;
      const offset = o.cols - kept.length;
      for (let l = 0; l < o.rows; l++) {
        for (let j = 0; j < kept.length; j++) {
          expect(history.gradNormsByLayer.data[l * kept.length + j]).toBe(o.data[l * o.cols + offset + j]);
        }
      }
    },
  );

  it('a fork with clipping on agrees with the original at step t + 1 and departs from t + 2 on', () => {
    const c = cases[1];
    const [steps, at] = [40, 15];
    const original = runWithSnapshot(c, steps, at);
    const originalAtEnd = state(original.net);
    const clippedRun = fit(forkNetwork(original.net, original.saved), teacherData(40), {
      ...c.options(),
      steps: steps - at,
      clip: { norm: 0.05 },
      resume: original.saved,
    });
    const base = original.result.history.loss.subarray(at);
    const forked = clippedRun.history.loss;
    // Step t + 1's loss is computed before its (clipped) update, from the same parameters and batch.
    expect(forked[0]).toBe(base[0]);
    expect(original.result.history.gradNorm[at]).toBeGreaterThan(0.05); // so the update is clipped
    for (let i = 1; i < forked.length; i++) expect(forked[i]).not.toBe(base[i]);
    // Training the fork left the original network as its own run ended.
    expect(state(original.net)).toEqual(originalAtEnd);
  });

  it('a fork with another optimizer starts that optimizer afresh (its schedule from step 1)', () => {
    const c = cases[1];
    const original = runWithSnapshot(c, 30, 10);
    const schedule = warmupSchedule({ learningRate: 0.01, warmupSteps: 10 });
    const optimizer = adam({ learningRate: schedule });
    const { history } = fit(forkNetwork(original.net, original.saved), teacherData(40), {
      optimizer,
      batchSize: 12,
      steps: 5,
      resume: original.saved,
    });
    expect(optimizer.state?.step).toBe(5);
    expect(Array.from(history.learningRate)).toEqual([1, 2, 3, 4, 5].map((t) => schedule(t)));
    // Same parameters and same first batch (the random source was left out: it comes from the snapshot).
    expect(history.loss[0]).toBe(original.result.history.loss[10]);
  });

  it.each([
    ['batch norm and residual blocks', mixedSpec],
    ['layer norm', { sizes: [3, 5, 5, 2], activation: 'relu', norm: 'layer', seed: 8 }],
  ] as const)(
    'forkNetwork copies a network with %s: same layers and labels, its own parameters',
    (_name, spec) => {
      const net = mlp(spec);
      fit(net, teacherData(20), { optimizer: sgd({ learningRate: 0.05 }), steps: 2 });
      const fork = forkNetwork(net);
      expect(fork.label).toBe(net.label);
      expect(fork.layers.map((l) => l.label)).toEqual(net.layers.map((l) => l.label));
      expect(fork.params.map((p) => p.name)).toEqual(net.params.map((p) => p.name));
      expect(state(fork)).toEqual(state(net));
      const x = teacherData(20).x;
      expect(Array.from(predict(fork, x).data)).toEqual(Array.from(predict(net, x).data));
      const before = state(net);
      fit(fork, teacherData(20), { optimizer: sgd({ learningRate: 0.05 }), steps: 2 });
      expect(state(net)).toEqual(before);
      expect(state(fork)).not.toEqual(before);
    },
  );

  it('forkNetwork refuses a layer of your own, pointing to restore', () => {
    const W = createParam('V', zeros(2, 3));
    const description = {
      kind: 'dense',
      label: 'my layer',
      inputSize: 3,
      outputSize: 2,
      dtype: 'float64',
      params: [W],
      activation: mlp({ sizes: [1, 1] }).layers[0].activation!,
    } as const;
    const buffers = createLayerBuffers(description);
    const custom: Layer = {
      ...description,
      forward: (x, _mode, reuse = false) => buffers.traceFor(x, reuse),
      backward: (dA, reuse = false) => buffers.gradientsFor(dA, reuse),
    };
    const error = thrown(() => forkNetwork(network([custom])));
    expect(error.argument).toBe('net.layers[0]');
    expect(error.message).toMatch(/^forkNetwork: .*use restore\(net, saved\)/);
  });

  it('refuses to resume on data of another size or in another network, naming options.resume', () => {
    const { saved } = runWithSnapshot(cases[1], 5, 3);
    const error = thrown(() =>
      fit(mlp({ sizes: [3, 5, 5, 2] }), teacherData(30), {
        optimizer: sgd({ learningRate: 0.1 }),
        steps: 2,
        batchSize: 12,
        resume: saved,
      }),
    );
    expect(error.argument).toBe('options.resume.minibatches');
    const other = thrown(() =>
      fit(mlp({ sizes: [3, 4, 5, 2] }), teacherData(40), {
        optimizer: sgd({ learningRate: 0.1 }),
        steps: 2,
        resume: saved,
      }),
    );
    expect(other.argument).toBe('options.resume.params[0]');
    expect(other.message).toMatch(/^fit: options\.resume\.params\[0\] must be a 4×3 float64 matrix/);
    expect(
      thrown(() =>
        fit(mlp({ sizes: [3, 2] }), teacherData(4), {
          optimizer: sgd({ learningRate: 1 }),
          steps: 1,
          resume: 3 as never,
        }),
      ).argument,
    ).toBe('options.resume');
  });
});

// An optimizer of your own without saveState still trains, and its snapshot says it has no state.
describe('optimizers without saveState', () => {
  it('snapshot records null, and a resumed run resets that optimizer', () => {
    let resets = 0;
    const plain: Optimizer = {
      name: 'plain',
      label: 'plain',
      step(params) {
        for (const p of params)
          for (let i = 0; i < p.value.data.length; i++) p.value.data[i] -= 0.1 * p.grad.data[i];
      },
      reset() {
        resets++;
      },
    };
    const net = mlp({ sizes: [3, 4, 2], seed: 1 });
    const saved = snapshot(net, { optimizer: plain });
    expect(saved.optimizer).toBeNull();
    fit(net, teacherData(10), { optimizer: plain, steps: 2, resume: saved });
    expect(resets).toBe(1);
  });
});
