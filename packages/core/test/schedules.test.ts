import { describe, expect, it } from 'vitest';
import {
  constantSchedule,
  cosineSchedule,
  inverseSqrtSchedule,
  resolveLearningRate,
  stepDecaySchedule,
  warmupSchedule,
  type Schedule,
} from '../src/schedules.js';
import { thrown } from './support/errors.js';

/** η_t for t = 1 … n. */
function values(schedule: Schedule, n: number): number[] {
  return Array.from({ length: n }, (_, i) => schedule(i + 1));
}

describe('learning-rate schedules', () => {
  it('constant: η at every step', () => {
    expect(values(constantSchedule({ learningRate: 0.3 }), 50)).toEqual(new Array(50).fill(0.3));
  });

  it('linear warmup: η·t/W up to step W, then η', () => {
    const eta = 0.1;
    const W = 8;
    const schedule = warmupSchedule({ learningRate: eta, warmupSteps: W });
    values(schedule, 30).forEach((value, i) => {
      const t = i + 1;
      expect(value).toBe(t <= W ? (eta * t) / W : eta);
    });
    // The rise is linear: equal increments of η/W.
    expect(schedule(5) - schedule(4)).toBeCloseTo(eta / W, 15);
  });

  it('warmup then cosine: peak η at W, η_end + (η − η_end)/2 halfway, η_end at T and after', () => {
    const [eta, final, W, T] = [0.2, 0.02, 10, 110];
    const schedule = cosineSchedule({
      learningRate: eta,
      warmupSteps: W,
      totalSteps: T,
      finalLearningRate: final,
    });
    values(schedule, 130).forEach((value, i) => {
      const t = i + 1;
      const expected =
        t <= W
          ? (eta * t) / W
          : t >= T
            ? final
            : final + 0.5 * (eta - final) * (1 + Math.cos((Math.PI * (t - W)) / (T - W)));
      expect(value).toBeCloseTo(expected, 15);
    });
    expect(schedule(W)).toBe(eta);
    expect(schedule((W + T) / 2)).toBeCloseTo((eta + final) / 2, 15);
    expect(schedule(T)).toBe(final);
    // A quarter of the way down, the cosine has lost (1 − cos(π/4))/2 of the range.
    expect(schedule(W + (T - W) / 4)).toBeCloseTo(final + ((eta - final) * (1 + Math.SQRT1_2)) / 2, 15);
    // Without warmup the decay starts at step 1 (just below η) and is monotone.
    const plain = values(cosineSchedule({ learningRate: 1, totalSteps: 50 }), 50);
    expect(plain[0]).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 50)), 15);
    for (let i = 1; i < plain.length; i++) expect(plain[i]).toBeLessThan(plain[i - 1]);
  });

  it('step decay: η·γ^⌊(t − 1)/k⌋, so the first k steps use η', () => {
    const schedule = stepDecaySchedule({ learningRate: 0.4, stepSize: 3, factor: 0.5 });
    expect(values(schedule, 10)).toEqual([0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05]);
    // The default factor is 0.1.
    expect(stepDecaySchedule({ learningRate: 1, stepSize: 2 })(3)).toBeCloseTo(0.1, 15);
  });

  it('inverse square root: η·t/W up to W, then η·√(W/t), continuous at the peak', () => {
    const [eta, W] = [1e-3, 16];
    const schedule = inverseSqrtSchedule({ learningRate: eta, warmupSteps: W });
    values(schedule, 200).forEach((value, i) => {
      const t = i + 1;
      expect(value).toBeCloseTo(t <= W ? (eta * t) / W : eta * Math.sqrt(W / t), 18);
    });
    expect(schedule(W)).toBe(eta);
    expect(schedule(4 * W)).toBeCloseTo(eta / 2, 18);
  });

  it('labels every schedule with its parameters, for legends', () => {
    expect(warmupSchedule({ learningRate: 0.1, warmupSteps: 100 }).label).toBe('warmup 100 steps → 0.1');
    expect(stepDecaySchedule({ learningRate: 0.1, stepSize: 10, factor: 0.5 }).label).toBe(
      'step decay 0.1 × 0.5 every 10 steps',
    );
    expect(cosineSchedule({ learningRate: 1, warmupSteps: 5, totalSteps: 50 }).label).toBe(
      'warmup 5 steps, cosine 1 → 0 at step 50',
    );
  });

  it('rejects bad options and steps, naming the function and the parameter', () => {
    const cases: [() => unknown, string, string][] = [
      [() => constantSchedule({ learningRate: 0 }), 'constantSchedule', 'options.learningRate'],
      [() => warmupSchedule({ learningRate: 0.1, warmupSteps: 0 }), 'warmupSchedule', 'options.warmupSteps'],
      [
        () => warmupSchedule({ learningRate: 0.1, warmupStep: 5 } as never),
        'warmupSchedule',
        'options.warmupStep',
      ],
      [
        () => cosineSchedule({ learningRate: 0.1, warmupSteps: 10, totalSteps: 10 }),
        'cosineSchedule',
        'options.totalSteps',
      ],
      [
        () => cosineSchedule({ learningRate: 0.1, totalSteps: 10, finalLearningRate: 0.2 }),
        'cosineSchedule',
        'options.finalLearningRate',
      ],
      [
        () => stepDecaySchedule({ learningRate: 0.1, stepSize: 10, factor: 0 }),
        'stepDecaySchedule',
        'options.factor',
      ],
      [
        () => inverseSqrtSchedule({ learningRate: NaN, warmupSteps: 10 }),
        'inverseSqrtSchedule',
        'options.learningRate',
      ],
      [() => warmupSchedule({ learningRate: 0.1, warmupSteps: 5 })(0), 'warmupSchedule', 'step'],
      [() => cosineSchedule({ learningRate: 0.1, totalSteps: 5 })(1.5), 'cosineSchedule', 'step'],
    ];
    for (const [make, context, argument] of cases) {
      const error = thrown(make);
      expect(error.argument).toBe(argument);
      expect(error.message.startsWith(`${context}: ${argument} must be`)).toBe(true);
    }
    // The misspelt option gets a hint.
    expect(thrown(cases[2][0]).message).toContain('did you mean "warmupSteps"?');
  });

  it('checks a schedule of your own at the step where it goes wrong, naming that step', () => {
    const rate = resolveLearningRate((t: number) => (t < 3 ? 0.1 : NaN), 'learningRate', 'sgd');
    expect(rate.at(2)).toBe(0.1);
    const error = thrown(() => rate.at(3));
    expect(error.argument).toBe('learningRate(3)');
    expect(error.message).toMatch(/^sgd: learningRate\(3\) must be a finite number ≥ 0/);
    expect(thrown(() => resolveLearningRate(-1, 'learningRate', 'adam').at(1)).argument).toBe('learningRate');
  });
});
