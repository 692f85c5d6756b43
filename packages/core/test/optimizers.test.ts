import { describe, expect, it } from 'vitest';
import { GradscopeArgumentError } from '../src/errors.js';
import type { Param } from '../src/layer.js';
import { fromData, type Matrix } from '../src/matrix.js';
import { adam, momentum, sgd, type Optimizer } from '../src/optimizers.js';
import { cosineSchedule, stepDecaySchedule, warmupSchedule } from '../src/schedules.js';
import { thrown } from './support/errors.js';

/** A parameter with the given values and gradient, as a layer would hold it. */
function param(
  name: string,
  value: number[],
  grad: number[],
  dtype: 'float64' | 'float32' = 'float64',
): Param {
  const make = (v: number[]): Matrix =>
    fromData(1, v.length, dtype === 'float32' ? new Float32Array(v) : new Float64Array(v));
  return { name, value: make(value), grad: make(grad) };
}

function values(p: Param): number[] {
  return Array.from(p.value.data);
}

describe('sgd', () => {
  it('moves each parameter by −η·g (hand computation)', () => {
    const p = param('W', [1, -2, 0.5], [0.5, -1, 4]);
    sgd({ learningRate: 0.1 }).step([p]);
    expect(values(p)).toEqual([1 - 0.1 * 0.5, -2 + 0.1 * 1, 0.5 - 0.1 * 4]);
  });

  it('rounds every stored value to float32 in a float32 parameter', () => {
    const p = param('W', [1], [0.1], 'float32');
    sgd({ learningRate: 0.3 }).step([p]);
    expect(p.value.data).toBeInstanceOf(Float32Array);
    expect(p.value.data[0]).toBe(Math.fround(1 - 0.3 * Math.fround(0.1)));
  });
});

describe('momentum', () => {
  it('takes two steps as v ← μv − ηg, W ← W + v (hand computation)', () => {
    const p = param('W', [1, 2], [0.5, -1]);
    const optimizer = momentum({ learningRate: 0.1, momentum: 0.8 });
    optimizer.step([p]);
    const v1 = [-0.1 * 0.5, 0.1 * 1];
    const w1 = [1 + v1[0], 2 + v1[1]];
    expect(values(p)).toEqual(w1);
    p.grad.data.set([2, 3]);
    optimizer.step([p]);
    const v2 = [0.8 * v1[0] - 0.1 * 2, 0.8 * v1[1] - 0.1 * 3];
    expect(values(p)).toEqual([w1[0] + v2[0], w1[1] + v2[1]]);
  });

  it('accumulates a constant gradient into steps of η·g·(1 − μⁿ)/(1 − μ)', () => {
    const p = param('W', [0], [1]);
    const optimizer = momentum({ learningRate: 0.01, momentum: 0.9 });
    let previous = 0;
    for (let n = 1; n <= 60; n++) {
      optimizer.step([p]);
      const stepSize = previous - p.value.data[0];
      previous = p.value.data[0];
      expect(stepSize).toBeCloseTo((0.01 * (1 - 0.9 ** n)) / (1 - 0.9), 12);
    }
    // The distance travelled is η/(1 − μ) · Σ (1 − μⁿ) = η/(1 − μ) · (60 − μ(1 − μ⁶⁰)/(1 − μ)).
    expect(-previous).toBeCloseTo((0.01 / 0.1) * (60 - (0.9 * (1 - 0.9 ** 60)) / 0.1), 10);
  });

  it('keeps a separate velocity for each parameter, and reset() forgets them', () => {
    const a = param('W', [0], [1]);
    const b = param('b', [0], [-2]);
    const optimizer = momentum({ learningRate: 1, momentum: 0.5 });
    optimizer.step([a, b]);
    optimizer.step([a, b]);
    expect(values(a)).toEqual([-1 + (0.5 * -1 - 1)]);
    expect(values(b)).toEqual([2 + (0.5 * 2 + 2)]);
    optimizer.reset();
    a.value.data[0] = 0;
    optimizer.step([a]);
    expect(values(a)).toEqual([-1]);
  });
});

describe('adam', () => {
  it('takes two steps as Kingma & Ba Algorithm 1 (hand computation)', () => {
    const p = param('W', [1, -1], [0.2, -3]);
    const [eta, b1, b2, eps] = [0.01, 0.8, 0.99, 1e-6];
    const optimizer = adam({ learningRate: eta, beta1: b1, beta2: b2, epsilon: eps });
    const w = [1, -1];
    const m = [0, 0];
    const s = [0, 0];
    const grads = [
      [0.2, -3],
      [-0.5, 1],
    ];
    for (let t = 1; t <= 2; t++) {
      p.grad.data.set(grads[t - 1]);
      optimizer.step([p]);
      for (let i = 0; i < 2; i++) {
        const g = grads[t - 1][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        s[i] = b2 * s[i] + (1 - b2) * g * g;
        const mHat = m[i] / (1 - b1 ** t);
        const sHat = s[i] / (1 - b2 ** t);
        w[i] -= (eta * mHat) / (Math.sqrt(sHat) + eps);
      }
      expect(values(p)[0]).toBeCloseTo(w[0], 14);
      expect(values(p)[1]).toBeCloseTo(w[1], 14);
    }
  });

  it('moves every parameter by ≈ η·sign(g) on its first step, whatever the size of g', () => {
    const grads = [1e-4, -3e-3, 0.7, -25, 4e6];
    const p = param('W', [0, 0, 0, 0, 0], grads);
    adam({ learningRate: 0.01 }).step([p]);
    values(p).forEach((w, i) => {
      // The exact first step is −η·g/(|g| + ε): bias correction makes m̂ = g and ŝ = g².
      expect(w).toBeCloseTo((-0.01 * grads[i]) / (Math.abs(grads[i]) + 1e-8), 15);
      // ε = 1e-8 shortens it by a relative |g|/ε ≤ 1e-4 for |g| ≥ 1e-4.
      expect(Math.abs(w / (-0.01 * Math.sign(grads[i])) - 1)).toBeLessThan(1e-4);
    });
  });

  it('leaves a parameter with zero gradient where it is (ε prevents 0/0)', () => {
    const p = param('W', [3], [0]);
    adam().step([p]);
    expect(values(p)).toEqual([3]);
  });
});

describe('every optimizer', () => {
  // f(w) = ½ Σ a_i (w_i − c_i)², an ill-conditioned quadratic (curvatures 1 and 10) with minimum at c.
  const curvature = [1, 10];
  const minimum = [3, -2];
  const cases: [string, Optimizer, number, number][] = [
    // SGD contracts the slow direction by 1 − ηa = 0.95 per step: 0.95^600 · 5 ≈ 2e-13.
    ['sgd', sgd({ learningRate: 0.05 }), 600, 1e-9],
    ['momentum', momentum({ learningRate: 0.05, momentum: 0.5 }), 600, 1e-9],
    // Adam's step m̂/(√ŝ + ε) shrinks as g → 0 because ŝ still remembers the larger early gradients.
    ['adam', adam({ learningRate: 0.02 }), 3000, 1e-9],
  ];
  it.each(cases)('%s minimizes a quadratic', (_name, optimizer, steps, tolerance) => {
    const p = param('W', [0, 0], [0, 0]);
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < 2; i++) p.grad.data[i] = curvature[i] * (p.value.data[i] - minimum[i]);
      optimizer.step([p]);
    }
    for (let i = 0; i < 2; i++) expect(Math.abs(p.value.data[i] - minimum[i])).toBeLessThan(tolerance);
  });

  it.each([NaN, Infinity, -Infinity, 0, -1, '0.1', undefined])(
    'rejects learningRate = %s, naming learningRate',
    (learningRate) => {
      const makers = [
        () => sgd({ learningRate } as never),
        () => momentum({ learningRate } as never),
        // adam has a default learning rate, so it accepts undefined.
        ...(learningRate === undefined ? [] : [() => adam({ learningRate } as never)]),
      ];
      for (const make of makers) {
        expect(make).toThrow(GradscopeArgumentError);
        expect(make).toThrow(/^(sgd|momentum|adam): learningRate must be a finite number greater than 0/);
      }
    },
  );

  it('rejects decay rates outside [0, 1), a non-positive ε and misspelt options, naming each', () => {
    const argumentOf = (make: () => unknown): string | undefined => {
      try {
        make();
      } catch (error) {
        if (error instanceof GradscopeArgumentError) return error.argument;
      }
      return undefined;
    };
    expect(argumentOf(() => momentum({ learningRate: 0.1, momentum: 1 }))).toBe('momentum');
    expect(argumentOf(() => momentum({ learningRate: 0.1, momentum: -0.1 }))).toBe('momentum');
    expect(argumentOf(() => adam({ beta1: 1 }))).toBe('beta1');
    expect(argumentOf(() => adam({ beta2: NaN }))).toBe('beta2');
    expect(argumentOf(() => adam({ epsilon: 0 }))).toBe('epsilon');
    expect(argumentOf(() => adam({ lr: 0.1 } as never))).toBe('options.lr');
    expect(argumentOf(() => sgd(undefined as never))).toBe('options');
    expect(argumentOf(() => sgd({ learningRate: 0.1 }).step({} as never))).toBe('params');
    const mismatched: Param = {
      name: 'W',
      value: fromData(1, 2, new Float64Array(2)),
      grad: fromData(2, 1, new Float64Array(2)),
    };
    expect(argumentOf(() => adam().step([mismatched]))).toBe('params[0]');
  });

  it('names itself and its hyperparameters for legends', () => {
    expect(sgd({ learningRate: 0.1 })).toMatchObject({ name: 'sgd', label: 'SGD (η = 0.1)' });
    expect(momentum({ learningRate: 0.1 }).label).toBe('momentum (η = 0.1, μ = 0.9)');
    expect(adam().label).toBe('Adam (η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8)');
  });
});

describe('learning-rate schedules in the optimizers', () => {
  it('Adam with warmup takes three steps as Algorithm 1 with η_t = η·t/W (hand computation)', () => {
    const [eta, W, b1, b2, eps] = [0.03, 4, 0.9, 0.999, 1e-8];
    const optimizer = adam({ learningRate: warmupSchedule({ learningRate: eta, warmupSteps: W }) });
    const p = param('W', [0.5, -0.25], [0, 0]);
    const grads = [
      [0.4, -2],
      [0.1, 3],
      [-0.7, 0.5],
    ];
    const w = [0.5, -0.25];
    const m = [0, 0];
    const s = [0, 0];
    for (let t = 1; t <= 3; t++) {
      p.grad.data.set(grads[t - 1]);
      optimizer.step([p]);
      const etaT = (eta * t) / W;
      for (let i = 0; i < 2; i++) {
        const g = grads[t - 1][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        s[i] = b2 * s[i] + (1 - b2) * g * g;
        w[i] -= (etaT * (m[i] / (1 - b1 ** t))) / (Math.sqrt(s[i] / (1 - b2 ** t)) + eps);
      }
      expect(values(p)[0]).toBeCloseTo(w[0], 15);
      expect(values(p)[1]).toBeCloseTo(w[1], 15);
      expect(optimizer.state).toEqual({ step: t, learningRate: etaT });
    }
    // Step 1 of warmup moves each parameter by ≈ η/W·sign(g): Adam's size-free first step, scaled down.
    const fresh = param('W', [0, 0], [1e-6, -50]);
    adam({ learningRate: warmupSchedule({ learningRate: eta, warmupSteps: W }) }).step([fresh]);
    expect(values(fresh)[0]).toBeCloseTo((-eta / W) * (1e-6 / (1e-6 + eps)), 15);
    expect(values(fresh)[1]).toBeCloseTo((eta / W) * (50 / (50 + eps)), 15);
  });

  it('SGD and momentum use η_t at their t-th update', () => {
    const schedule = stepDecaySchedule({ learningRate: 0.4, stepSize: 2, factor: 0.5 });
    const p = param('W', [0], [1]);
    const plain = sgd({ learningRate: schedule });
    const moved: number[] = [];
    for (let t = 1; t <= 5; t++) {
      const before = p.value.data[0];
      plain.step([p]);
      moved.push(before - p.value.data[0]);
    }
    [0.4, 0.4, 0.2, 0.2, 0.1].forEach((eta, i) => expect(moved[i]).toBeCloseTo(eta, 15));

    const q = param('W', [0], [1]);
    const heavy = momentum({ learningRate: schedule, momentum: 0.5 });
    let v = 0;
    let w = 0;
    for (let t = 1; t <= 5; t++) {
      heavy.step([q]);
      v = 0.5 * v - schedule(t) * 1;
      w += v;
      expect(q.value.data[0]).toBeCloseTo(w, 15);
    }
  });

  it('state says how many updates were applied and the η of the last one (η_1 before any)', () => {
    const optimizer = sgd({
      learningRate: cosineSchedule({ learningRate: 1, warmupSteps: 2, totalSteps: 6 }),
    });
    expect(optimizer.state).toEqual({ step: 0, learningRate: 0.5 });
    const p = param('W', [0], [0]);
    optimizer.step([p]);
    optimizer.step([p]);
    expect(optimizer.state).toEqual({ step: 2, learningRate: 1 });
    optimizer.reset();
    expect(optimizer.state).toEqual({ step: 0, learningRate: 0.5 });
    expect(sgd({ learningRate: 0.1 }).label).toBe('SGD (η = 0.1)');
    expect(sgd({ learningRate: warmupSchedule({ learningRate: 0.1, warmupSteps: 10 }) }).label).toBe(
      'SGD (η = warmup 10 steps → 0.1)',
    );
  });

  it('rejects a schedule that returns a bad η, at that update, before changing anything', () => {
    const p = param('W', [1], [1]);
    const optimizer = momentum({ learningRate: (t: number) => (t === 1 ? 0.1 : -1) });
    optimizer.step([p]);
    const after = values(p);
    const error = thrown(() => optimizer.step([p]));
    expect(error.message).toMatch(/^momentum: learningRate\(2\) must be a finite number ≥ 0/);
    expect(values(p)).toEqual(after);
  });
});

describe('saving and loading optimizer state', () => {
  const cases: [string, () => Optimizer][] = [
    ['sgd', () => sgd({ learningRate: warmupSchedule({ learningRate: 0.1, warmupSteps: 5 }) })],
    ['momentum', () => momentum({ learningRate: 0.05, momentum: 0.9 })],
    ['adam', () => adam({ learningRate: warmupSchedule({ learningRate: 0.01, warmupSteps: 5 }) })],
  ];
  const gradient = (t: number, i: number) => Math.sin(3 * t + i) + 0.1 * i;

  it.each(cases)('%s loaded into a fresh optimizer continues exactly as the original', (_name, make) => {
    const original = make();
    const a = param('W', [1, -2, 0.5], [0, 0, 0]);
    const b = param('b', [0.3], [0]);
    const run = (optimizer: Optimizer, params: Param[], from: number, to: number) => {
      for (let t = from; t <= to; t++) {
        params.forEach((p, k) => p.grad.data.forEach((_, i) => (p.grad.data[i] = gradient(t, 10 * k + i))));
        optimizer.step(params);
      }
    };
    run(original, [a, b], 1, 3);
    const saved = original.saveState!([a, b]);
    const copies = [a, b].map((p) => param(p.name, values(p), [0, 0, 0].slice(0, p.value.data.length)));
    run(original, [a, b], 4, 9);
    const fresh = make();
    fresh.loadState!(copies, saved);
    expect(fresh.state?.step).toBe(3);
    run(fresh, copies, 4, 9);
    expect(values(copies[0])).toEqual(values(a));
    expect(values(copies[1])).toEqual(values(b));
    expect(fresh.state).toEqual(original.state);
  });

  it('copies the state: later updates do not change a saved state', () => {
    const optimizer = adam();
    const p = param('W', [1], [1]);
    optimizer.step([p]);
    const saved = optimizer.saveState!([p]);
    const m = saved.params[0]!.arrays[0][0];
    optimizer.step([p]);
    expect(saved.params[0]!.arrays[0][0]).toBe(m);
    expect(saved.params[0]!.step).toBe(1);
  });

  it('refuses the state of another rule or of other parameters, naming what is wrong', () => {
    const p = param('W', [1, 2], [1, 1]);
    const heavy = momentum({ learningRate: 0.1 });
    heavy.step([p]);
    const saved = heavy.saveState!([p]);
    const other = thrown(() => adam().loadState!([p], saved));
    expect(other.argument).toBe('saved.name');
    expect(other.message).toMatch(/^adam: saved.name must be "adam"/);
    const bigger = param('W', [1, 2, 3], [0, 0, 0]);
    expect(thrown(() => momentum({ learningRate: 0.1 }).loadState!([bigger], saved)).argument).toBe(
      'saved.params[0]',
    );
    expect(thrown(() => momentum({ learningRate: 0.1 }).loadState!([p, p], saved)).argument).toBe(
      'saved.params',
    );
  });
});
