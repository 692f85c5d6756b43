// What a low-precision network computes, number by number: each kernel works in float64 and rounds what it stores,
// and the next kernel reads the stored (rounded) value. Checked against the same arithmetic written out by hand
// with roundTo, for layers whose later steps read an earlier stored result (dense + bias, batch norm's x̂, the
// optimizers' state).
import { describe, expect, it } from 'vitest';
import { batchNorm } from '../src/batchnorm.js';
import { dense } from '../src/dense.js';
import { roundTo, type DTypeName } from '../src/dtype.js';
import { layerNorm } from '../src/layernorm.js';
import { column, matrix } from '../src/matrix.js';
import { adam, momentum } from '../src/optimizers.js';
import { createParam } from '../src/layer.js';
import { createRandom } from '../src/random.js';

const DTYPES: readonly DTypeName[] = ['float16', 'bfloat16', 'float16-ftz'];

/** 40 seeded gradients of alternating sign and varied size. */
function gradients(): number[] {
  const random = createRandom(2);
  return Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 1 : -1) * Math.exp(random.normal()));
}

/** A features × examples batch of seeded normal draws. */
function batch(rows: number, cols: number, seed: number): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => random.normal()));
}

describe.each(DTYPES)('in %s', (dtype) => {
  const r = (x: number) => roundTo(dtype, x);

  it('a dense layer stores z = round(round(W·x) + b): the product, then the bias, each rounded once', () => {
    const layer = dense({ inputSize: 3, outputSize: 2, activation: 'tanh', random: createRandom(1), dtype });
    const b = layer.b!.value;
    b.data.set([r(0.1), r(-1 / 3)]);
    const x = column([0.7, -1.3, 0.45], dtype);
    const { z, a } = layer.forward(x, 'eval');
    const W = layer.W.value.data;
    for (let i = 0; i < 2; i++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += W[i * 3 + k] * x.data[k];
      const zi = r(r(sum) + b.data[i]);
      expect(z.data[i]).toBe(zi);
      expect(a.data[i]).toBe(r(Math.tanh(zi)));
    }
  });

  it('batch norm computes z from the stored x̂: z = round(γ·round((x − μ)/σ) + β)', () => {
    const bn = batchNorm({ size: 2, dtype });
    bn.gamma.value.data.set([r(1.3), r(0.7)]);
    bn.beta.value.data.set([r(0.1), r(-0.25)]);
    const X = matrix(
      [
        [0.3, -1.1, 2.05, 0.8],
        [1e-3, 5e-4, -2e-3, 7e-4],
      ],
      dtype,
    );
    const { z } = bn.forward(X, 'train');
    for (let i = 0; i < 2; i++) {
      const row = Array.from(X.data.subarray(i * 4, i * 4 + 4));
      const mu = row.reduce((s, v) => s + v, 0) / 4;
      const variance = row.reduce((s, v) => s + (v - mu) ** 2, 0) / 4;
      const inv = 1 / Math.sqrt(variance + bn.epsilon);
      row.forEach((v, j) => {
        const xHat = r((v - mu) * inv);
        expect(z.data[i * 4 + j]).toBe(r(bn.gamma.value.data[i] * xHat + bn.beta.value.data[i]));
      });
      // The running statistics are stored numbers too.
      expect(bn.runningMean.data[i]).toBe(r(0.1 * mu));
    }
  });

  it('layer norm computes z from the stored x̂ the same way, per example', () => {
    const ln = layerNorm({ size: 3, dtype });
    ln.gamma.value.data.set([r(1.3), r(0.7), r(-0.4)]);
    ln.beta.value.data.set([r(0.1), r(-0.25), r(0.6)]);
    const m = 50;
    const X = matrix(batch(3, m, 3), dtype);
    const { z } = ln.forward(X, 'eval');
    for (let j = 0; j < m; j++) {
      const col = [0, 1, 2].map((i) => X.data[i * m + j]);
      const mu = col.reduce((s, v) => s + v, 0) / 3;
      const variance = col.reduce((s, v) => s + (v - mu) ** 2, 0) / 3;
      const inv = 1 / Math.sqrt(variance + ln.epsilon);
      col.forEach((v, i) => {
        const xHat = r((v - mu) * inv);
        expect(z.data[i * m + j]).toBe(r(ln.gamma.value.data[i] * xHat + ln.beta.value.data[i]));
      });
    }
  });

  it('momentum keeps its velocity as a stored number: v ← round(μ·v − η·g), W ← round(W + (μ·v − η·g))', () => {
    // W starts at 0 and the gradients change sign, so W stays small and its spacing fine enough to show v's.
    const param = createParam('w', matrix([[0]], dtype));
    const optimizer = momentum({ learningRate: 0.01, momentum: 0.9 });
    let w = 0;
    let v = 0;
    for (const g of gradients()) {
      param.grad.data[0] = r(g);
      optimizer.step([param]);
      const step = 0.9 * v - 0.01 * r(g);
      v = r(step);
      w = r(w + step);
      expect(param.value.data[0]).toBe(w);
    }
  });

  it('Adam keeps its moments as stored numbers', () => {
    const param = createParam('w', matrix([[0]], dtype));
    const optimizer = adam({ learningRate: 0.01 });
    let [w, m, s] = [0, 0, 0];
    gradients().forEach((g, t) => {
      param.grad.data[0] = r(g);
      optimizer.step([param]);
      const mi = 0.9 * m + 0.1 * r(g);
      const si = 0.999 * s + (1 - 0.999) * r(g) * r(g);
      w = r(w - (0.01 * (mi / (1 - 0.9 ** (t + 1)))) / (Math.sqrt(si / (1 - 0.999 ** (t + 1))) + 1e-8));
      [m, s] = [r(mi), r(si)];
      expect(param.value.data[0]).toBe(w);
    });
  });
});
