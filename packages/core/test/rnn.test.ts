import { describe, expect, it } from 'vitest';
import { activation } from '../src/activations.js';
import { addingProblem } from '../src/datasets.js';
import { scaledIdentityInit, uniformInit } from '../src/initializers.js';
import { createParam } from '../src/layer.js';
import { frobeniusNorm } from '../src/linalg.js';
import { matmulTransA } from '../src/matmul.js';
import { meanSquaredError } from '../src/losses.js';
import { clone, column, matrix, zeros } from '../src/matrix.js';
import { createRandom } from '../src/random.js';
import {
  RNN_ACTIVATIONS,
  recurrentJacobianNorms,
  rnnBackward,
  rnnForward,
  vanillaRnn,
  type Rnn,
} from '../src/rnn.js';
import { gru, gruForward } from '../src/gru.js';
import { type RecurrentNetwork, type RecurrentForwardResult } from '../src/recurrent.js';
import { recurrentGradientCheck } from '../src/recurrentcheck.js';
import { createTape } from '../src/tape.js';
import { thrown } from './support/errors.js';
import { everyStepLoss, expectRecurrentGradientsMatch, readoutLoss } from './support/gradients.js';
import { randomMatrix, randomSequence } from './support/matrices.js';
import { relativeError } from './support/reference.js';

describe('the tape', () => {
  it('replays matmul, addBias, hadamard, oneMinus and tanh backward to the hand-derived gradients', () => {
    // L = Σ tanh(W·x + b) ⊙ (1 − x): small enough to differentiate by hand.
    const tape = createTape();
    const W = tape.leaf(
      matrix([
        [0.5, -1],
        [2, 0.25],
      ]),
    );
    const x = tape.leaf(column([0.3, -0.7]));
    const b = tape.leaf(column([0.1, -0.2]));
    const a = tape.activation(activation('tanh'), tape.addBias(tape.matmul(W, x), b));
    const y = tape.hadamard(a, tape.oneMinus(x));
    expect(tape.operations).toEqual(['matmul', 'addBias', 'tanh', 'oneMinus', 'hadamard']);
    y.grad.data.fill(1);
    tape.backward();
    const z = [0.5 * 0.3 - 1 * -0.7 + 0.1, 2 * 0.3 + 0.25 * -0.7 - 0.2];
    const t = z.map(Math.tanh);
    const one = [1 - 0.3, 1 + 0.7];
    const delta = [one[0] * (1 - t[0] ** 2), one[1] * (1 - t[1] ** 2)];
    expect(b.grad.data[0]).toBeCloseTo(delta[0], 15);
    expect(b.grad.data[1]).toBeCloseTo(delta[1], 15);
    expect(W.grad.data[1]).toBeCloseTo(delta[0] * -0.7, 15);
    expect(W.grad.data[2]).toBeCloseTo(delta[1] * 0.3, 15);
    // x is used twice: through W·x and through (1 − x), so its gradient is the sum of both uses.
    expect(x.grad.data[0]).toBeCloseTo(0.5 * delta[0] + 2 * delta[1] - t[0], 15);
    expect(x.grad.data[1]).toBeCloseTo(-1 * delta[0] + 0.25 * delta[1] - t[1], 15);
  });

  it('zeroGrad then backward again gives the same gradients, not twice them', () => {
    const tape = createTape();
    const x = tape.leaf(column([1, 2]));
    const y = tape.hadamard(x, x);
    y.grad.data.fill(1);
    tape.backward();
    expect(Array.from(x.grad.data)).toEqual([2, 4]);
    tape.zeroGrad();
    y.grad.data.fill(1);
    tape.backward();
    expect(Array.from(x.grad.data)).toEqual([2, 4]);
  });
});

describe('a cell of one’s own', () => {
  it('any step built from tape operations gets a correct BPTT for free: it passes the finite-difference check', () => {
    // h_t = tanh(W·h_{t−1} + U·x_t) ⊙ (1 − σ(V·x_t)): not a cell of the engine, only of the tape's operations.
    const random = createRandom('own cell');
    const W = createParam('W', randomMatrix(3, 3, random, { std: 0.6 }));
    const U = createParam('U', randomMatrix(3, 2, random));
    const V = createParam('V', randomMatrix(3, 2, random));
    const cell: RecurrentNetwork = {
      kind: 'mine',
      label: 'my cell',
      inputSize: 2,
      hiddenSize: 3,
      outputSize: null,
      dtype: 'float64',
      params: [W, U, V],
      readout: null,
      step: (tape, x, h) => {
        const a = tape.activation(
          activation('tanh'),
          tape.add(tape.matmul(tape.param(W), h), tape.matmul(tape.param(U), x)),
        );
        return tape.hadamard(
          a,
          tape.oneMinus(tape.activation(activation('sigmoid'), tape.matmul(tape.param(V), x))),
        );
      },
    };
    const xs = randomSequence(5, 2, 2, random);
    const target = randomMatrix(3, 2, random);
    const rows = recurrentGradientCheck(
      cell,
      xs,
      (f) => ({
        value: meanSquaredError.value(f.hs[4], target),
        gradients: { dHs: [null, null, null, null, meanSquaredError.gradient(f.hs[4], target)] },
      }),
      { h0: randomMatrix(3, 2, random) },
    );
    expectRecurrentGradientsMatch(rows, ['W', 'U', 'V', 'xs[0]', 'xs[1]', 'xs[2]', 'xs[3]', 'xs[4]', 'h0']);
  });
});

describe('vanilla RNN forward', () => {
  it('computes h_t = g(W_hh·h_{t−1} + W_xh·x_t + b_h) and the readout y = W_hy·h_T + b_y, one sequence per column', () => {
    const rnn = vanillaRnn({ inputSize: 1, hiddenSize: 2, outputSize: 1, activation: 'tanh' });
    rnn.W_xh.value.data.set([1, -2]);
    rnn.W_hh.value.data.set([0.5, 0.25, -1, 2]);
    rnn.b_h!.value.data.set([0.1, 0.2]);
    rnn.readout!.W_hy.value.data.set([3, -1]);
    rnn.readout!.b_y!.value.data.set([0.5]);
    const xs = [matrix([[1, -1]]), matrix([[0.5, 2]])];
    const h0 = matrix([
      [0.2, 0],
      [0, -0.3],
    ]);
    const { hs, output } = rnnForward(rnn, xs, h0);
    for (let j = 0; j < 2; j++) {
      let h = [h0.data[j], h0.data[2 + j]];
      for (let t = 0; t < 2; t++) {
        const x = xs[t].data[j];
        h = [
          Math.tanh(0.5 * h[0] + 0.25 * h[1] + 1 * x + 0.1),
          Math.tanh(-1 * h[0] + 2 * h[1] - 2 * x + 0.2),
        ];
        expect(hs[t].data[j]).toBeCloseTo(h[0], 15);
        expect(hs[t].data[2 + j]).toBeCloseTo(h[1], 15);
      }
      expect(output!.data[j]).toBeCloseTo(3 * h[0] - h[1] + 0.5, 14);
    }
  });

  it('leaves an earlier forward result intact (each pass has its own tape and buffers)', () => {
    const random = createRandom('rnn two passes');
    const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 3, outputSize: 1, seed: 1 });
    const first = rnnForward(rnn, randomSequence(4, 2, 2, random));
    const kept = first.hs.map((h) => Array.from(h.data));
    const second = rnnForward(rnn, randomSequence(4, 2, 2, random));
    expect(first.hs.map((h) => Array.from(h.data))).toEqual(kept);
    expect(second.hs[3]).not.toBe(first.hs[3]);
  });
});

describe('vanilla RNN backpropagation through time', () => {
  // Sizes are small and the sequences short (T = 6), so no gradient entry vanishes below the ~1e-8 level where
  // finite-difference rounding (≈ 1e-16·|L|/ε) would dominate the relative error.
  const T = 6;
  const setup = (activation: (typeof RNN_ACTIVATIONS)[number]) => {
    const random = createRandom(`rnn gradcheck ${activation}`);
    const rnn = vanillaRnn({ inputSize: 3, hiddenSize: 4, outputSize: 2, activation, random });
    for (const p of [rnn.b_h!, rnn.readout!.b_y!])
      p.value.data.set(randomMatrix(p.value.rows, 1, random, { std: 0.5 }).data);
    const xs = randomSequence(T, 3, 3, random, { std: 0.5 });
    const h0 = randomMatrix(4, 3, random, { std: 0.5 });
    const y = randomMatrix(2, 3, random);
    const targets = randomSequence(T, 4, 3, random);
    return { rnn, xs, h0, y, targets };
  };
  const names = [
    'W_xh',
    'W_hh',
    'b_h',
    'W_hy',
    'b_y',
    ...Array.from({ length: T }, (_, t) => `xs[${t}]`),
    'h0',
  ];

  for (const activation of RNN_ACTIVATIONS) {
    it(`with ${activation}: the gradient of an MSE on the last step's readout passes a centred finite-difference check for every parameter, input and h0`, () => {
      const { rnn, xs, h0, y } = setup(activation);
      const rows = recurrentGradientCheck(rnn, xs, readoutLoss(y), { h0 });
      expectRecurrentGradientsMatch(rows, names);
    });

    it(`with ${activation}: the gradient of a loss on every step (states and readout) passes a centred finite-difference check`, () => {
      const { rnn, xs, h0, y, targets } = setup(activation);
      const rows = recurrentGradientCheck(rnn, xs, everyStepLoss(y, targets), { h0 });
      expectRecurrentGradientsMatch(rows, names);
    });
  }

  it('a loss on the states alone needs no readout: the gradient check passes for a network without one', () => {
    const random = createRandom('rnn without readout');
    const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 3, activation: 'tanh', random });
    rnn.b_h!.value.data.set([0.3, -0.2, 0.1]);
    const xs = randomSequence(5, 2, 2, random);
    const targets = randomSequence(5, 3, 2, random);
    const rows = recurrentGradientCheck(rnn, xs, (f) => ({
      // A loss on steps 1 and 4 only: null entries of dHs are steps without a loss.
      value: meanSquaredError.value(f.hs[1], targets[1]) + meanSquaredError.value(f.hs[4], targets[4]),
      gradients: {
        dHs: f.hs.map((h, t) => (t === 1 || t === 4 ? meanSquaredError.gradient(h, targets[t]) : null)),
      },
    }));
    // h0 defaults to zeros, and its gradient is checked too.
    expectRecurrentGradientsMatch(rows, [
      'W_xh',
      'W_hh',
      'b_h',
      'xs[0]',
      'xs[1]',
      'xs[2]',
      'xs[3]',
      'xs[4]',
      'h0',
    ]);
  });

  it('backward run twice on one forward result writes the same gradients (overwrites, never accumulates)', () => {
    const { rnn, xs, h0, y } = setup('tanh');
    const forward = rnnForward(rnn, xs, h0);
    const dOutput = meanSquaredError.gradient(forward.output!, y);
    const first = rnnBackward(rnn, forward, { dOutput });
    const grads = rnn.params.map((p) => Array.from(p.grad.data));
    const norms = Array.from(first.hiddenGradNorms);
    const second = rnnBackward(rnn, forward, { dOutput });
    expect(rnn.params.map((p) => Array.from(p.grad.data))).toEqual(grads);
    expect(Array.from(second.hiddenGradNorms)).toEqual(norms);
  });

  it('hiddenGradNorms[t] is the Frobenius norm of ∂L/∂h_t, and the last one is ‖W_hyᵀ·dOutput‖', () => {
    const { rnn, xs, h0, y } = setup('tanh');
    const forward = rnnForward(rnn, xs, h0);
    const dOutput = meanSquaredError.gradient(forward.output!, y);
    const { hiddenGradNorms, dHs } = rnnBackward(rnn, forward, { dOutput });
    expect(hiddenGradNorms.length).toBe(T);
    for (let t = 0; t < T; t++) expect(hiddenGradNorms[t]).toBe(frobeniusNorm(dHs[t]));
    expect(hiddenGradNorms[T - 1]).toBeCloseTo(
      frobeniusNorm(matmulTransA(rnn.readout!.W_hy.value, dOutput)),
      15,
    );
  });
});

describe('the linear RNN with W_hh = k·I', () => {
  // With g = identity and W_hh = k·I, dh_{t−1} = W_hhᵀ·dh_t = k·dh_t exactly, so ‖∂L/∂h_t‖ = k^{T−t}·‖∂L/∂h_T‖.
  // Each step multiplies by k once (one rounding, since the off-diagonal zeros add exactly), so after 30 steps the
  // computed norms differ from the closed form only by ~30 roundings: a relative tolerance of 1e-12 is generous.
  for (const k of [0.9, 1.1]) {
    it(`k = ${k}: ‖∂L/∂h_t‖ = ${k}^(T−t)·‖∂L/∂h_T‖ at every step, and ‖∂L/∂h_0‖ = ${k}^T·‖∂L/∂h_T‖`, () => {
      const T = 30;
      const random = createRandom(`linear ${k}`);
      const rnn = vanillaRnn({
        inputSize: 2,
        hiddenSize: 3,
        outputSize: 1,
        activation: 'identity',
        recurrentInit: scaledIdentityInit(k),
        random,
      });
      const xs = randomSequence(T, 2, 4, random);
      const forward = rnnForward(rnn, xs);
      const { hiddenGradNorms, dH0 } = rnnBackward(rnn, forward, { dOutput: randomMatrix(1, 4, random) });
      const last = hiddenGradNorms[T - 1];
      expect(last).toBeGreaterThan(0);
      for (let t = 0; t < T; t++) {
        expect(relativeError(hiddenGradNorms[t], k ** (T - 1 - t) * last)).toBeLessThan(1e-12);
      }
      expect(relativeError(frobeniusNorm(dH0), k ** T * last)).toBeLessThan(1e-12);
      // Every step's Jacobian is k·I, whose spectral norm is k.
      for (const norm of recurrentJacobianNorms(rnn, forward, { example: 3 }))
        expect(norm).toBeCloseTo(k, 14);
    });
  }
});

describe('recurrentJacobianNorms', () => {
  it('bounds the tanh RNN’s gradient decay: ‖∂L/∂h_t‖ ≤ ‖∂L/∂h_T‖·Π_{s>t} ‖diag(g′(z_s))·W_hh‖₂, and each factor is ≤ ‖W_hh‖₂ = 1', () => {
    const T = 12;
    const random = createRandom('jacobian bound');
    const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 5, outputSize: 1, activation: 'tanh', random });
    // One sequence (m = 1) and a loss on the readout only: then dh_{t−1} = J_tᵀ·dh_t exactly.
    const xs = Array.from({ length: T }, () => randomMatrix(2, 1, random, { std: 2 }));
    const forward = rnnForward(rnn, xs);
    const { hiddenGradNorms } = rnnBackward(rnn, forward, { dOutput: matrix([[1]]) });
    const J = recurrentJacobianNorms(rnn, forward);
    expect(J.length).toBe(T);
    let bound = hiddenGradNorms[T - 1];
    for (let t = T - 2; t >= 0; t--) {
      bound *= J[t + 1];
      expect(hiddenGradNorms[t]).toBeLessThanOrEqual(bound * (1 + 1e-12));
    }
    // W_hh is orthogonal (the default), so tanh' ≤ 1 can only shrink it; inputs of std 2 saturate some units.
    for (const norm of J) expect(norm).toBeLessThanOrEqual(1 + 1e-12);
    expect(Math.min(...J)).toBeLessThan(0.9);
  });
});

describe('vanishing on the adding problem', () => {
  it('the tanh RNN’s ‖∂L/∂h_1‖ is orders of magnitude below ‖∂L/∂h_T‖ over T = 30 steps at initialization', () => {
    // The weights are PyTorch's default for nn.RNN, U(±1/√hiddenSize): W_hh then has spectral radius ≈ 1/√3, so the
    // backward signal shrinks by roughly that factor, times tanh' ≤ 1, per step. (With the engine's default
    // orthogonal W_hh and these small inputs, tanh' ≈ 1 and the decay over 30 steps is only about 10x.)
    const T = 30;
    const hiddenSize = 16;
    const { xs, y } = addingProblem({ length: T, samples: 64, random: createRandom('adding rnn') });
    const init = uniformInit({ limit: 1 / Math.sqrt(hiddenSize) });
    const rnn = vanillaRnn({ inputSize: 2, hiddenSize, outputSize: 1, init, recurrentInit: init, seed: 1 });
    const forward = rnnForward(rnn, xs);
    const { hiddenGradNorms } = rnnBackward(rnn, forward, {
      dOutput: meanSquaredError.gradient(forward.output!, y),
    });
    expect(hiddenGradNorms[T - 1]).toBeGreaterThan(0);
    expect(hiddenGradNorms[0] / hiddenGradNorms[T - 1]).toBeLessThan(1e-4);
  });
});

describe('float32', () => {
  it('a float32 RNN stores float32 states and gradients that agree with float64 to float32 precision', () => {
    const random = createRandom('float32 rnn');
    const xs = randomSequence(5, 2, 3, random);
    const spec = { inputSize: 2, hiddenSize: 4, outputSize: 1, seed: 5 } as const;
    const rnn64 = vanillaRnn(spec);
    const rnn32 = vanillaRnn({ ...spec, dtype: 'float32' });
    const f64 = rnnForward(rnn64, xs);
    const f32 = rnnForward(
      rnn32,
      xs.map((x) => clone(x, 'float32')),
    );
    expect(f32.hs[4].data).toBeInstanceOf(Float32Array);
    const dOutput = matrix([[1, -1, 0.5]]);
    const b64 = rnnBackward(rnn64, f64, { dOutput });
    const b32 = rnnBackward(rnn32, f32, { dOutput: clone(dOutput, 'float32') });
    expect(rnn32.W_hh.grad.data).toBeInstanceOf(Float32Array);
    // float32 has a relative precision of 6e-8; a few dozen roundings stay well below 1e-5.
    for (let t = 0; t < 5; t++)
      expect(relativeError(b32.hiddenGradNorms[t], b64.hiddenGradNorms[t])).toBeLessThan(1e-5);
  });
});

describe('argument errors', () => {
  const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 3, outputSize: 1 });
  const x = zeros(2, 4);

  it('an activation other than tanh, relu or identity throws, listing those three', () => {
    const e = thrown(() => vanillaRnn({ inputSize: 2, hiddenSize: 3, activation: 'sigmoid' as 'tanh' }));
    expect(e.argument).toBe('spec.activation');
    expect(e.message).toContain('"tanh", "relu", "identity"');
  });

  it('bad sizes, options and initializers name the option', () => {
    expect(thrown(() => vanillaRnn({ inputSize: 0, hiddenSize: 3 })).argument).toBe('spec.inputSize');
    expect(thrown(() => vanillaRnn({ inputSize: 2, hiddenSize: 2.5 })).argument).toBe('spec.hiddenSize');
    expect(thrown(() => vanillaRnn({ inputSize: 2, hiddenSize: 3, outputSize: -1 })).argument).toBe(
      'spec.outputSize',
    );
    expect(
      thrown(() => vanillaRnn({ inputSize: 2, hiddenSize: 3, recurrentInit: 'he' as 'heNormal' })).argument,
    ).toBe('spec.recurrentInit');
    expect(
      thrown(() => vanillaRnn({ inputSize: 2, hiddenSize: 3, seed: 1, random: createRandom(1) })).argument,
    ).toBe('spec.seed');
    expect(
      thrown(() => vanillaRnn({ inputSize: 2, hiddenSize: 3, bias: 'yes' as unknown as boolean })).argument,
    ).toBe('spec.bias');
  });

  it('an empty sequence throws naming xs', () => {
    expect(thrown(() => rnnForward(rnn, [])).argument).toBe('xs');
  });

  it('a step of the wrong height throws naming that step, xs[3]', () => {
    const e = thrown(() => rnnForward(rnn, [x, x, x, zeros(3, 4)]));
    expect(e.argument).toBe('xs[3]');
    expect(e.message).toContain('2 rows');
  });

  it('a step with a different batch size throws naming that step, xs[2]', () => {
    const e = thrown(() => rnnForward(rnn, [x, x, zeros(2, 5)]));
    expect(e.argument).toBe('xs[2]');
    expect(e.message).toContain('4 columns, like xs[0]');
  });

  it('a float32 step for a float64 network, and an h0 of the wrong shape, throw', () => {
    expect(thrown(() => rnnForward(rnn, [x, zeros(2, 4, 'float32')])).argument).toBe('xs[1]');
    expect(thrown(() => rnnForward(rnn, [x], zeros(3, 5))).argument).toBe('h0');
  });

  it('backward rejects missing or misshapen gradients and a result from another network', () => {
    const forward: RecurrentForwardResult = rnnForward(rnn, [x, x]);
    expect(thrown(() => rnnBackward(rnn, forward, {})).argument).toBe('gradients');
    expect(thrown(() => rnnBackward(rnn, forward, { dOutput: zeros(2, 4) })).argument).toBe(
      'gradients.dOutput',
    );
    expect(thrown(() => rnnBackward(rnn, forward, { dHs: [zeros(3, 4)] })).argument).toBe('gradients.dHs');
    expect(thrown(() => rnnBackward(rnn, forward, { dHs: [null, zeros(4, 3)] })).argument).toBe(
      'gradients.dHs[1]',
    );
    const other: Rnn = vanillaRnn({ inputSize: 2, hiddenSize: 3, outputSize: 1 });
    expect(thrown(() => rnnBackward(other, forward, { dOutput: zeros(1, 4) })).argument).toBe('result');
    const noReadout = vanillaRnn({ inputSize: 2, hiddenSize: 3 });
    const plain = rnnForward(noReadout, [x]);
    expect(plain.output).toBeNull();
    expect(thrown(() => rnnBackward(noReadout, plain, { dOutput: zeros(1, 4) })).message).toContain(
      'no readout',
    );
  });

  it('a GRU given to rnnForward throws, pointing to gruForward', () => {
    const cell = gru({ inputSize: 2, hiddenSize: 3 });
    expect(thrown(() => rnnForward(cell as unknown as Rnn, [x])).message).toContain('gruForward');
    expect(thrown(() => gruForward(rnn as never, [x])).message).toContain('rnnForward');
  });

  it('recurrentJacobianNorms rejects an example index outside the batch', () => {
    const forward = rnnForward(rnn, [x]);
    expect(thrown(() => recurrentJacobianNorms(rnn, forward, { example: 4 })).argument).toBe(
      'options.example',
    );
  });
});
