// In float16, bfloat16 and the flush-to-zero dtypes the storage (a Float64Array, or a Float32Array that keeps
// subnormals) does not round by itself: each kernel must. This test runs every kind of computation the engine
// stores results of (constructors, products, elementwise operations, activations, initializers, losses, every
// layer forward and backward, optimizers, clipping, recurrent networks, data sets, Jacobians) and checks that
// every number it can reach afterwards is a number of the matrix's format: roundTo(dtype, v) === v.
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activation, activationBackward, applyActivation } from '../src/activations.js';
import { clipGradNorm, clipGradValue } from '../src/clipping.js';
import { hessianVectorProduct, largestHessianEigenvalue, parameterCount } from '../src/curvature.js';
import { addingProblem, teacherRegression, twoSpirals } from '../src/datasets.js';
import { roundTo, type DTypeName } from '../src/dtype.js';
import { gru, gruBackward, gruForward } from '../src/gru.js';
import {
  constantInit,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  normalInit,
  orthogonalInit,
  scaledIdentityInit,
  uniformInit,
  xavierNormal,
  xavierUniform,
} from '../src/initializers.js';
import { inputOutputJacobian } from '../src/jacobian.js';
import {
  add,
  addColumnBroadcast,
  hadamard,
  matrixPower,
  scale,
  subtract,
  sumColumns,
  transpose,
} from '../src/linalg.js';
import { binaryCrossEntropy, meanSquaredError, softmaxCrossEntropy } from '../src/losses.js';
import { matmul, matmulTransA, matmulTransB } from '../src/matmul.js';
import {
  clone,
  column,
  copyInto,
  fromData,
  full,
  identity,
  isMatrix,
  matrix,
  set,
  zeros,
  type Matrix,
} from '../src/matrix.js';
import { backward, forward, linearNetwork, lossAndGradients, mlp } from '../src/network.js';
import { adam, momentum, sgd } from '../src/optimizers.js';
import { createRandom } from '../src/random.js';
import { cosineSchedule, warmupSchedule } from '../src/schedules.js';
import { forkNetwork, restore, type TrainingSnapshot } from '../src/snapshot.js';
import { rnnBackward, rnnForward, vanillaRnn } from '../src/rnn.js';
import { createTape } from '../src/tape.js';
import { fit } from '../src/train.js';

const ROUNDING_DTYPES: readonly DTypeName[] = [
  'float16',
  'bfloat16',
  'float32-ftz',
  'float16-ftz',
  'bfloat16-ftz',
];

/** Every Matrix reachable from `value` through object properties and arrays (getters included). */
function matricesIn(value: unknown, path = 'value', seen = new Set<unknown>(), out: [string, Matrix][] = []) {
  if (typeof value !== 'object' || value === null || seen.has(value) || ArrayBuffer.isView(value)) return out;
  seen.add(value);
  if (isMatrix(value)) {
    out.push([path, value]);
    return out;
  }
  if (value instanceof Map || value instanceof WeakMap) return out;
  for (const key of Object.keys(value)) {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    matricesIn(child, `${path}.${key}`, seen, out);
  }
  return out;
}

/** Fails with the place and value of the first stored number that is not a number of `dtype`. */
function expectAllStored(dtype: DTypeName, ...values: unknown[]): number {
  let checked = 0;
  values.forEach((value, n) => {
    for (const [path, m] of matricesIn(value, `values[${n}]`)) {
      expect(m.dtype, path).toBe(dtype);
      for (let i = 0; i < m.data.length; i++) {
        const v = m.data[i];
        if (v !== v) continue; // NaN is a value of every format
        if (!Object.is(roundTo(dtype, v), v)) {
          throw new Error(
            `${path}.data[${i}] = ${v} is not a ${dtype} number (it rounds to ${roundTo(dtype, v)})`,
          );
        }
      }
      checked += m.data.length;
    }
  });
  return checked;
}

/** Fails with the place and value of the first entry of a plain typed array (optimizer state) not of `dtype`. */
function expectArrayStored(dtype: DTypeName, array: ArrayLike<number>): void {
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (v === v && !Object.is(roundTo(dtype, v), v)) {
      throw new Error(`state[${i}] = ${v} is not a ${dtype} number (it rounds to ${roundTo(dtype, v)})`);
    }
  }
}

/**
 * A batch whose entries span many magnitudes, down to float32's subnormals: every kernel then produces values
 * that need rounding, and the flush-to-zero dtypes get subnormal results to flush.
 */
function spreadBatch(rows: number, cols: number, seed: number): number[][] {
  const random = createRandom(seed);
  const scales = [1, 0.3, 1e-3, 3e-5, 1e-7, 1e-38, 3e-40];
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => random.normal() * scales[(i + 2 * j) % scales.length]),
  );
}

describe.each(ROUNDING_DTYPES)('every number stored in %s is a number of that format', (dtype) => {
  const X = matrix(spreadBatch(4, 6, 1), dtype);
  const Y = matrix(spreadBatch(4, 6, 2), dtype);

  it('after building matrices', () => {
    const target = zeros(4, 6, dtype);
    copyInto(target, matrix(spreadBatch(4, 6, 3)));
    const single = zeros(2, 2, dtype);
    set(single, 0, 1, 0.1);
    set(single, 1, 0, 1e-41);
    const raw = fromData(
      1,
      3,
      new Float64Array([0.1, 1 / 3, 1e-40]),
      dtype === 'float32-ftz' ? undefined : dtype,
    );
    const results = [
      X,
      full(2, 3, 0.1, dtype),
      identity(3, 1 / 3, dtype),
      column([0.1, 0.2, 1e-40], dtype),
      clone(matrix(spreadBatch(3, 3, 4)), dtype),
      target,
      single,
      ...(dtype === 'float32-ftz' ? [] : [raw]),
    ];
    expect(expectAllStored(dtype, results)).toBeGreaterThan(60);
  });

  it('after products and elementwise operations', () => {
    const W = matrix(spreadBatch(3, 4, 5), dtype);
    const b = column([0.1, -1e-39, 1 / 3, 7e-6], dtype);
    const results = [
      matmul(W, X),
      matmulTransA(X, Y),
      matmulTransB(X, Y),
      transpose(X),
      add(X, Y),
      subtract(X, Y),
      hadamard(X, Y),
      scale(X, 1 / 3),
      addColumnBroadcast(X, b),
      sumColumns(X),
      matrixPower(
        matrix(
          [
            [1.1, 0.3],
            [1e-3, 0.7],
          ],
          dtype,
        ),
        13,
      ),
    ];
    expect(expectAllStored(dtype, results)).toBeGreaterThan(100);
  });

  it('after every activation, forward and backward', () => {
    for (const name of ACTIVATION_NAMES) {
      const g = activation(name);
      const A = applyActivation(g, X);
      const dZ = activationBackward(g, X, A, Y);
      expectAllStored(dtype, { name, A, dZ });
    }
  });

  it('after every initializer', () => {
    const random = createRandom(6);
    const inits = [
      constantInit(0.1),
      scaledIdentityInit(1 / 3),
      normalInit({ std: 0.1 }),
      uniformInit({ limit: 0.3 }),
      lecunNormal(),
      lecunUniform(),
      xavierNormal(),
      xavierUniform(),
      heNormal(),
      heUniform(),
      orthogonalInit(1.3),
    ];
    expectAllStored(
      dtype,
      inits.map((init) => init.create(5, 3, random, dtype)),
    );
  });

  it('after the losses compute their gradients', () => {
    const probabilities = applyActivation(activation('sigmoid'), X);
    const labels = matrix(
      [
        [1, 0, 1, 0, 1, 1],
        [0, 0, 1, 1, 0, 1],
        [1, 1, 0, 0, 0, 1],
        [0, 1, 1, 0, 1, 0],
      ],
      dtype,
    );
    expectAllStored(dtype, [
      meanSquaredError.gradient(X, Y),
      binaryCrossEntropy.gradient(probabilities, labels),
      softmaxCrossEntropy.gradient(X, labels),
    ]);
  });

  for (const variant of [
    {},
    { norm: 'batch' },
    { norm: 'layer' },
    { residual: true, norm: 'layer' },
  ] as const) {
    it(`after forward, backward and optimizer steps of an MLP ${JSON.stringify(variant)}`, () => {
      const net = mlp({ sizes: [4, 5, 5, 3], activation: 'tanh', seed: 7, dtype, ...variant });
      const targets = matrix(spreadBatch(3, 6, 8), dtype);
      const trace = forward(net, X, { mode: 'train' });
      expectAllStored(dtype, trace);
      const evalTrace = forward(net, X, { mode: 'eval' });
      expectAllStored(dtype, evalTrace);
      forward(net, X, { mode: 'train' });
      const result = lossAndGradients(net, X, targets, 'mse');
      expectAllStored(dtype, result, net.params, net.layers);
      for (const optimizer of [sgd({ learningRate: 0.1 }), momentum({ learningRate: 0.1 }), adam()]) {
        for (let step = 0; step < 3; step++) {
          lossAndGradients(net, X, targets, 'mse');
          clipGradNorm(net.params, 1e-3);
          clipGradValue(net.params, 1e-4);
          expectAllStored(dtype, net.params);
          optimizer.step(net.params);
          expectAllStored(dtype, net.params);
        }
      }
    });
  }

  it('after a forward pass of a float64 input through the network (the input is converted)', () => {
    const net = linearNetwork(3, 1 / 3, 4, dtype);
    const trace = forward(net, matrix(spreadBatch(4, 6, 9)));
    expectAllStored(dtype, trace);
    expectAllStored(dtype, backward(net, trace.output));
  });

  it('after training with fit', () => {
    const net = mlp({ sizes: [4, 6, 3], activation: 'relu', seed: 10, dtype });
    fit(net, { x: X, y: matrix(spreadBatch(3, 6, 11), dtype) }, { optimizer: adam(), steps: 3 });
    expectAllStored(dtype, net.params);
  });

  it('after scheduled optimizers, their saved and loaded state, snapshots, forks and resumed runs', () => {
    const net = mlp({ sizes: [4, 5, 3], activation: 'tanh', norm: 'batch', seed: 16, dtype });
    const data = { x: X, y: matrix(spreadBatch(3, 6, 17), dtype) };
    const schedule = cosineSchedule({ learningRate: 0.3, warmupSteps: 2, totalSteps: 9 });
    const optimizers = () => [
      sgd({ learningRate: schedule }),
      momentum({ learningRate: warmupSchedule({ learningRate: 1 / 3, warmupSteps: 3 }) }),
      adam({ learningRate: schedule }),
    ];
    for (const optimizer of optimizers()) {
      let saved: TrainingSnapshot | undefined;
      const options = { optimizer, steps: 4, batchSize: 3, random: createRandom(18) };
      fit(net, data, { ...options, onStep: (r) => void (r.step === 2 && (saved = r.snapshot())) });
      expectAllStored(dtype, net.params, net.layers, saved);
      for (const entry of saved!.optimizer!.params) entry?.arrays.forEach((a) => expectArrayStored(dtype, a));
      const fork = forkNetwork(net, saved);
      fit(fork, data, { ...options, optimizer: optimizers()[0], resume: saved });
      expectAllStored(dtype, fork.params, fork.layers);
      // State and parameters written by hand with float64 values: loading them rounds them into the format.
      const raw = saved!.optimizer!;
      const edited = {
        ...raw,
        params: raw.params.map((entry) =>
          entry === null ? null : { ...entry, arrays: entry.arrays.map((a) => a.map(() => 1 / 3)) },
        ),
      };
      optimizer.loadState!(net.params, edited);
      for (const entry of optimizer.saveState!(net.params).params)
        entry?.arrays.forEach((a) => expectArrayStored(dtype, a));
      for (const m of [...saved!.params, ...saved!.buffers]) m.data.fill(0.1);
      restore(net, saved!, { optimizer });
      expectAllStored(dtype, net.params, net.layers);
      expectAllStored(dtype, forkNetwork(net, saved).params);
    }
  });

  it('after Hessian-vector products and the largest Hessian eigenvalue, which put θ back', () => {
    const net = mlp({ sizes: [4, 3, 3], activation: 'tanh', seed: 19, dtype });
    const data = { x: X, y: matrix(spreadBatch(3, 6, 20), dtype) };
    const before = net.params.map((p) => Float64Array.from(p.value.data));
    // The loss looks at θ ± εv while the products run: the network must hold numbers of its format then too.
    let looked = 0;
    const loss = {
      ...meanSquaredError,
      value(prediction: Matrix, target: Matrix) {
        looked += expectAllStored(dtype, net.params);
        return meanSquaredError.value(prediction, target);
      },
    };
    hessianVectorProduct(net, data, new Float64Array(parameterCount(net)).fill(1 / 3), { loss });
    largestHessianEigenvalue(net, data, { maxIterations: 3, loss });
    expect(looked).toBeGreaterThan(0);
    net.params.forEach((p, i) => expect(Array.from(p.value.data)).toEqual(Array.from(before[i])));
    expectAllStored(dtype, net.params, net.layers);
  });

  it('after recurrent networks run forward and backward', () => {
    const xs = [0, 1, 2].map((t) => matrix(spreadBatch(2, 3, 20 + t), dtype));
    const target = matrix(spreadBatch(1, 3, 30), dtype);
    const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 4, outputSize: 1, seed: 12, dtype });
    const rnnResult = rnnForward(rnn, xs);
    const rnnGradients = rnnBackward(rnn, rnnResult, {
      dOutput: meanSquaredError.gradient(rnnResult.output as Matrix, target),
      dHs: [null, matrix(spreadBatch(4, 3, 31), dtype), null],
    });
    expectAllStored(dtype, rnnResult.hs, rnnResult.output, rnnResult.nodes, rnnGradients, rnn.params);
    const cell = gru({ inputSize: 2, hiddenSize: 4, outputSize: 1, updateGateBias: 0.1, seed: 13, dtype });
    const gruResult = gruForward(cell, xs);
    const gruGradients = gruBackward(cell, gruResult, {
      dOutput: meanSquaredError.gradient(gruResult.output as Matrix, target),
    });
    expectAllStored(dtype, gruResult.hs, gruResult.output, gruResult.nodes, gruGradients, cell.params);
  });

  it('after every operation of a tape, forward and backward', () => {
    const tape = createTape(dtype);
    const a = tape.leaf(matrix(spreadBatch(3, 2, 40), dtype));
    const b = tape.leaf(matrix(spreadBatch(3, 2, 41), dtype));
    const W = tape.leaf(matrix(spreadBatch(3, 3, 42), dtype));
    const bias = tape.leaf(column([0.1, 1e-39, 1 / 3], dtype));
    const out = tape.activation(
      activation('sigmoid'),
      tape.hadamard(tape.oneMinus(tape.addBias(tape.matmul(W, a), bias)), tape.add(a, b)),
    );
    out.grad.data.set(matrix(spreadBatch(3, 2, 43)).data); // a raw seed, as recurrentBackward writes one
    tape.backward();
    expectAllStored(dtype, [a, b, W, bias, out]);
  });

  it('after generating data sets', () => {
    const random = createRandom(14);
    // The teacher network stays float64 (it defines the task); the data it generates has the asked dtype.
    const { x, y } = teacherRegression({ inputSize: 3, samples: 5, noiseStd: 0.1, random, dtype });
    expectAllStored(dtype, [
      x,
      y,
      twoSpirals({ samples: 8, random, dtype }),
      addingProblem({ length: 4, samples: 3, random, dtype }),
    ]);
  });

  it('in an input-output Jacobian', () => {
    // J is returned as a float64 matrix; its entries are the network's own backward values.
    const net = mlp({ sizes: [3, 4, 2], activation: 'tanh', seed: 15, dtype });
    const J = inputOutputJacobian(net, column([0.1, 1 / 3, 1e-39]));
    for (const v of J.data) expect(roundTo(dtype, v)).toBe(v);
    // The float64 x was converted to the network's dtype for the forward pass the Jacobian ran.
    expectAllStored(dtype, net.layers);
  });
});
