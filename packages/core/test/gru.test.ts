import { describe, expect, it } from 'vitest';
import { addingProblem } from '../src/datasets.js';
import { gru, gruBackward, gruForward, GRU_DEFAULTS, type Gru } from '../src/gru.js';
import { uniformInit } from '../src/initializers.js';
import { frobeniusNorm } from '../src/linalg.js';
import { meanSquaredError } from '../src/losses.js';
import { zeros, type Matrix } from '../src/matrix.js';
import { createRandom } from '../src/random.js';
import { rnnBackward, rnnForward, vanillaRnn } from '../src/rnn.js';
import { recurrentGradientCheck } from '../src/recurrentcheck.js';
import { thrown } from './support/errors.js';
import { everyStepLoss, expectRecurrentGradientsMatch, readoutLoss } from './support/gradients.js';
import { randomMatrix, randomSequence } from './support/matrices.js';

/** The order `gru` lists its parameters in (with biases and a readout), which the gradient checks follow too. */
const GRU_PARAM_NAMES = ['W_xu', 'W_hu', 'b_u', 'W_xr', 'W_hr', 'b_r', 'W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y'];

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

/** Cho et al. (2014)'s equations for one sequence (column j), written out with plain loops. */
function referenceStep(cell: Gru, x: Matrix, hPrev: number[], j: number): number[] {
  const n = cell.hiddenSize;
  const m = x.cols;
  const affine = (Wh: Matrix, h: number[], Wx: Matrix, b: Matrix | undefined, i: number): number => {
    let z = b ? b.data[i] : 0;
    for (let k = 0; k < n; k++) z += Wh.data[i * n + k] * h[k];
    for (let k = 0; k < cell.inputSize; k++) z += Wx.data[i * cell.inputSize + k] * x.data[k * m + j];
    return z;
  };
  const u = hPrev.map((_, i) => sigma(affine(cell.W_hu.value, hPrev, cell.W_xu.value, cell.b_u?.value, i)));
  const r = hPrev.map((_, i) => sigma(affine(cell.W_hr.value, hPrev, cell.W_xr.value, cell.b_r?.value, i)));
  const reset = hPrev.map((h, i) => r[i] * h);
  const c = hPrev.map((_, i) =>
    Math.tanh(affine(cell.W_hh.value, reset, cell.W_xh.value, cell.b_h?.value, i)),
  );
  return hPrev.map((h, i) => u[i] * h + (1 - u[i]) * c[i]);
}

describe('GRU forward', () => {
  it('follows Cho et al. (2014): h_t = u ⊙ h_{t−1} + (1 − u) ⊙ tanh(W_hh·(r ⊙ h_{t−1}) + W_xh·x_t + b_h)', () => {
    const random = createRandom('gru reference');
    const cell = gru({ inputSize: 2, hiddenSize: 3, outputSize: 1, updateGateBias: 0.5, random });
    for (const b of [cell.b_r!, cell.b_h!]) b.value.data.set(randomMatrix(3, 1, random, { std: 0.5 }).data);
    const xs = randomSequence(4, 2, 2, random);
    const h0 = randomMatrix(3, 2, random, { std: 0.5 });
    const { hs, output } = gruForward(cell, xs, h0);
    for (let j = 0; j < 2; j++) {
      let h = [0, 1, 2].map((i) => h0.data[i * 2 + j]);
      for (let t = 0; t < 4; t++) {
        h = referenceStep(cell, xs[t], h, j);
        for (let i = 0; i < 3; i++) expect(hs[t].data[i * 2 + j]).toBeCloseTo(h[i], 14);
      }
      const W = cell.readout!.W_hy.value.data;
      const expected = W[0] * h[0] + W[1] * h[1] + W[2] * h[2] + cell.readout!.b_y!.value.data[0];
      expect(output!.data[j]).toBeCloseTo(expected, 14);
    }
  });

  it('starts b_u at updateGateBias and the other biases at 0, and lists its parameters in order', () => {
    const cell = gru({ inputSize: 2, hiddenSize: 3, outputSize: 1, updateGateBias: 3 });
    expect(Array.from(cell.b_u!.value.data)).toEqual([3, 3, 3]);
    expect(Array.from(cell.b_r!.value.data)).toEqual([0, 0, 0]);
    expect(Array.from(cell.b_h!.value.data)).toEqual([0, 0, 0]);
    expect(cell.params.map((p) => p.name)).toEqual(GRU_PARAM_NAMES);
    expect(GRU_DEFAULTS.updateGateBias).toBe(0);
    expect(gru({ inputSize: 1, hiddenSize: 2 }).b_u!.value.data[0]).toBe(0);
  });

  it('with the update gate saturated at 1 it copies h_0 forward and passes the gradient back unchanged', () => {
    // σ(z) rounds to exactly 1 for z > 37.5 or so; b_u = 100 puts every pre-activation of u far beyond that, so
    // h_t = 1·h_{t−1} + 0·c_t = h_{t−1} and ∂h_t/∂h_{t−1} = I exactly (σ' = u(1 − u) = 0, and 1 − u = 0).
    const random = createRandom('gru carry');
    const cell = gru({ inputSize: 2, hiddenSize: 3, outputSize: 2, updateGateBias: 100, random });
    const xs = randomSequence(8, 2, 3, random);
    const h0 = randomMatrix(3, 3, random);
    const forward = gruForward(cell, xs, h0);
    for (const h of forward.hs) expect(Array.from(h.data)).toEqual(Array.from(h0.data));
    const { hiddenGradNorms, dH0, dHs } = gruBackward(cell, forward, { dOutput: randomMatrix(2, 3, random) });
    for (const norm of hiddenGradNorms) expect(norm).toBe(hiddenGradNorms[7]);
    expect(Array.from(dH0.data)).toEqual(Array.from(dHs[7].data));
    expect(frobeniusNorm(dH0)).toBeGreaterThan(0);
  });
});

describe('GRU backpropagation through time', () => {
  // As for the vanilla RNN: short sequences and small sizes, so no gradient entry is small enough for
  // finite-difference rounding to dominate the 1e-6 relative tolerance.
  const T = 6;
  const names = [...GRU_PARAM_NAMES, ...Array.from({ length: T }, (_, t) => `xs[${t}]`), 'h0'];
  const setup = (updateGateBias: number) => {
    const random = createRandom(`gru gradcheck ${updateGateBias}`);
    const cell = gru({ inputSize: 3, hiddenSize: 4, outputSize: 2, updateGateBias, random });
    // Random biases (b_u around updateGateBias) so that no gate sits at a symmetric point.
    for (const b of [cell.b_u!, cell.b_r!, cell.b_h!, cell.readout!.b_y!]) {
      for (let i = 0; i < b.value.data.length; i++) b.value.data[i] += random.normal(0, 0.5);
    }
    return {
      cell,
      xs: randomSequence(T, 3, 3, random, { std: 0.5 }),
      h0: randomMatrix(4, 3, random, { std: 0.5 }),
      y: randomMatrix(2, 3, random),
      targets: randomSequence(T, 4, 3, random),
    };
  };

  for (const updateGateBias of [0, 2]) {
    it(`updateGateBias ${updateGateBias}: the gradient of an MSE on the last step's readout passes a centred finite-difference check for every parameter, input and h0`, () => {
      const { cell, xs, h0, y } = setup(updateGateBias);
      const rows = recurrentGradientCheck(cell, xs, readoutLoss(y), { h0 });
      expectRecurrentGradientsMatch(rows, names);
    });

    it(`updateGateBias ${updateGateBias}: the gradient of a loss on every step passes a centred finite-difference check`, () => {
      const { cell, xs, h0, y, targets } = setup(updateGateBias);
      const rows = recurrentGradientCheck(cell, xs, everyStepLoss(y, targets), { h0 });
      expectRecurrentGradientsMatch(rows, names);
    });
  }

  it('a GRU without biases passes the gradient check too', () => {
    const random = createRandom('gru no bias');
    const cell = gru({ inputSize: 2, hiddenSize: 3, outputSize: 1, bias: false, random });
    const xs = randomSequence(5, 2, 2, random);
    const y = randomMatrix(1, 2, random);
    const rows = recurrentGradientCheck(cell, xs, readoutLoss(y), {
      h0: randomMatrix(3, 2, random, { std: 0.5 }),
    });
    expectRecurrentGradientsMatch(rows, [
      'W_xu',
      'W_hu',
      'W_xr',
      'W_hr',
      'W_xh',
      'W_hh',
      'W_hy',
      'xs[0]',
      'xs[1]',
      'xs[2]',
      'xs[3]',
      'xs[4]',
      'h0',
    ]);
  });
});

describe('the GRU on the adding problem', () => {
  it('with b_u = 3 its gradient decays over T = 30 steps far less than the tanh RNN’s, and b_u is what carries it', () => {
    // Both networks get PyTorch's default weights, U(±1/√hiddenSize), for every matrix (as in rnn.test.ts).
    // updateGateBias = 3 makes u_t ≈ σ(3) ≈ 0.95 at initialization, so the direct path diag(u_t) keeps most of
    // the gradient at every step. The thresholds have wide margins: here the tanh RNN's ratio ‖∂L/∂h_1‖/‖∂L/∂h_T‖
    // is ~1e-6, and over seeds the GRU's is 0.2–0.35 with b_u = 3 and 1e-7–1e-5 with b_u = 0.
    const T = 30;
    const hiddenSize = 16;
    const { xs, y } = addingProblem({ length: T, samples: 64, random: createRandom('adding gru') });
    const init = uniformInit({ limit: 1 / Math.sqrt(hiddenSize) });
    const common = { inputSize: 2, hiddenSize, outputSize: 1, init, recurrentInit: init, seed: 1 };
    const decay = (norms: Float64Array): number => norms[0] / norms[T - 1];

    const rnn = vanillaRnn({ ...common, activation: 'tanh' });
    const rnnPass = rnnForward(rnn, xs);
    const rnnDecay = decay(
      rnnBackward(rnn, rnnPass, { dOutput: meanSquaredError.gradient(rnnPass.output!, y) }).hiddenGradNorms,
    );
    const gruDecay = (updateGateBias: number): number => {
      const cell = gru({ ...common, updateGateBias });
      const pass = gruForward(cell, xs);
      return decay(
        gruBackward(cell, pass, { dOutput: meanSquaredError.gradient(pass.output!, y) }).hiddenGradNorms,
      );
    };
    const carrying = gruDecay(3);
    expect(rnnDecay).toBeLessThan(1e-4);
    expect(carrying).toBeGreaterThan(0.05);
    expect(carrying).toBeLessThanOrEqual(1);
    expect(carrying / rnnDecay).toBeGreaterThan(1e3);
    expect(carrying / gruDecay(0)).toBeGreaterThan(1e3);
  });
});

describe('argument errors', () => {
  it('updateGateBias must be finite, and is refused without biases', () => {
    expect(thrown(() => gru({ inputSize: 2, hiddenSize: 3, updateGateBias: NaN })).argument).toBe(
      'spec.updateGateBias',
    );
    const e = thrown(() => gru({ inputSize: 2, hiddenSize: 3, bias: false, updateGateBias: 1 }));
    expect(e.argument).toBe('spec.updateGateBias');
    expect(e.message).toContain('bias is false');
  });

  it('bad sizes name the option, and a step of the wrong shape names the step', () => {
    expect(thrown(() => gru({ inputSize: 2, hiddenSize: 0 })).argument).toBe('spec.hiddenSize');
    const cell = gru({ inputSize: 2, hiddenSize: 3 });
    const x = zeros(2, 4);
    expect(thrown(() => gruForward(cell, [])).argument).toBe('xs');
    expect(thrown(() => gruForward(cell, [x, x, x, zeros(4, 2)])).message).toContain('looks transposed');
    expect(thrown(() => gruForward(cell, [x, x, x, zeros(4, 2)])).argument).toBe('xs[3]');
    expect(thrown(() => gruForward(cell, [x, zeros(2, 1)])).argument).toBe('xs[1]');
  });

  it('gruBackward rejects a vanilla RNN and a result of another cell', () => {
    const cell = gru({ inputSize: 2, hiddenSize: 3, outputSize: 1 });
    const other = gru({ inputSize: 2, hiddenSize: 3, outputSize: 1 });
    const forward = gruForward(cell, [zeros(2, 2)]);
    expect(thrown(() => gruBackward(other, forward, { dOutput: zeros(1, 2) })).argument).toBe('result');
    const rnn = vanillaRnn({ inputSize: 2, hiddenSize: 3, outputSize: 1 });
    expect(thrown(() => gruBackward(rnn as never, forward, { dOutput: zeros(1, 2) })).argument).toBe('cell');
  });
});
