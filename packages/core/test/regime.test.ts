import { describe, expect, it } from 'vitest';
import { largestHessianEigenvalue } from '../src/curvature.js';
import { fromData, matrix } from '../src/matrix.js';
import { linearNetwork, mlp } from '../src/network.js';
import { sgd } from '../src/optimizers.js';
import { createRandom, fillNormal } from '../src/random.js';
import { REGIME_DEFAULTS, TRAINING_REGIMES, trainingRegime } from '../src/regime.js';
import { fit, type FitResult } from '../src/train.js';
import { thrown } from './support/errors.js';

/** A run as fit records it, from plain lists of losses and gradient norms. */
function run(
  loss: readonly number[],
  gradNorm: readonly number[] = loss.map(() => 1),
  reason: 'completed' | 'non-finite' = 'completed',
): Pick<FitResult, 'history' | 'stopped'> {
  return {
    history: { loss: Float64Array.from(loss), gradNorm: Float64Array.from(gradNorm) } as FitResult['history'],
    stopped:
      reason === 'completed'
        ? { reason, step: loss.length }
        : { reason, step: loss.length + 1, layer: 1, what: 'loss', location: null },
  };
}

/** n losses falling geometrically from `first` by `factor` per step. */
const geometric = (first: number, factor: number, n: number) =>
  Array.from({ length: n }, (_, t) => first * factor ** t);

describe('trainingRegime, rule by rule', () => {
  it('tries the rules in the order it lists them', () => {
    expect(TRAINING_REGIMES).toEqual(['diverges', 'trains', 'freezes', 'bounces', 'crawls']);
  });

  it('a run that stopped on a non-finite value diverges, whatever its losses were', () => {
    expect(trainingRegime(run([4, 1e-3], [1, 1], 'non-finite'), { referenceLoss: 4 }).regime).toBe(
      'diverges',
    );
    expect(trainingRegime(run([], [], 'non-finite'), { referenceLoss: 4 }).regime).toBe('diverges');
  });

  it('a run that ended no lower than it started diverges, even when both losses are tiny', () => {
    const result = trainingRegime(run([0.01, 0.005, 0.01]), { referenceLoss: 4 });
    expect(result.regime).toBe('diverges');
    expect(result.lossRatio).toBe(0.01 / 4);
  });

  it('a last loss at most a twentieth of the reference trains; just above it does not', () => {
    expect(trainingRegime(run(geometric(4, 0.9, 100)), { referenceLoss: 4 }).regime).toBe('trains'); // 4·0.9^99
    expect(trainingRegime(run([4, 0.2]), { referenceLoss: 4 }).regime).toBe('trains'); // exactly 0.05·4
    expect(trainingRegime(run([4, 0.2 * (1 + 1e-12)]), { referenceLoss: 4 }).regime).not.toBe('trains');
    expect(REGIME_DEFAULTS.trainedBelow).toBe(0.05);
  });

  it('a collapsed gradient and a stalled loss freeze; a collapsed gradient with a falling loss does not', () => {
    const stalled = [100, ...new Array<number>(99).fill(4)];
    const collapsed = [1000, ...new Array<number>(99).fill(1e-3)];
    const frozen = trainingRegime(run(stalled, collapsed), { referenceLoss: 4 });
    expect(frozen.regime).toBe('freezes');
    expect(frozen.gradientRatio).toBe(1e-6);
    expect(frozen.secondHalfProgress).toBe(0);
    // The same gradients with a loss still falling by 1% a step: the second half removes 1 − 0.99^50 of it.
    const falling = trainingRegime(run(geometric(100, 0.99, 100), collapsed), { referenceLoss: 4 });
    expect(falling.secondHalfProgress).toBeCloseTo(1 - 0.99 ** 50, 12);
    expect(falling.regime).toBe('crawls');
  });

  it('a loss that rises on a quarter of the second half bounces; one that rises less often crawls', () => {
    // T = 100, h = 50: the 50 comparisons of steps 51 … 100 with the step before. The loss falls a little every
    // step and jumps up at every third index from 51 on (51, 54, …, 99): 17 rises.
    const bouncing = Array.from({ length: 100 }, (_, t) => 5 - 0.01 * t + (t >= 50 && t % 3 === 0 ? 0.5 : 0));
    const result = trainingRegime(run(bouncing), { referenceLoss: 4 });
    expect(result.riseFraction).toBe(17 / 50);
    expect(result.regime).toBe('bounces');
    const calmer = trainingRegime(run(bouncing), { referenceLoss: 4, bouncingRiseFraction: 0.35 });
    expect(calmer.regime).toBe('crawls');
  });

  it('measures the ratios it reports from the first, middle and last steps', () => {
    const loss = [8, 6, 5, 4, 3];
    const result = trainingRegime(run(loss, [10, 5, 2, 1, 0.5]), { referenceLoss: 4 });
    // T = 5, h = ⌈5/2⌉ = 3: the second half runs from L_3 = 5 to L_5 = 3.
    expect(result).toMatchObject({ steps: 5, firstLoss: 8, finalLoss: 3, lossRatio: 0.75 });
    expect(result.gradientRatio).toBe(0.05);
    expect(result.secondHalfProgress).toBe(0.4);
    expect(result.riseFraction).toBe(0);
    expect(result.regime).toBe('crawls');
  });
});

describe('trainingRegime on real runs', () => {
  /** Least squares in 4 features: its loss is a quadratic whose Hessian is X·Xᵀ/m. */
  function regression() {
    const random = createRandom(3);
    const x = fromData(4, 32, fillNormal(new Float64Array(4 * 32), random));
    const y = fromData(1, 32, fillNormal(new Float64Array(32), random));
    const net = () => mlp({ sizes: [4, 1], activation: 'identity', bias: false, seed: 1 });
    const { eigenvalue } = largestHessianEigenvalue(
      net(),
      { x, y },
      { tolerance: 1e-10, maxIterations: 500 },
    );
    const referenceLoss = Array.from(y.data).reduce((s, v) => s + v * v, 0) / (2 * 32);
    return { data: { x, y }, net, eigenvalue, referenceLoss };
  }

  it('gradient descent on a quadratic diverges above 2/λ_max and not below it', () => {
    const { data, net, eigenvalue, referenceLoss } = regression();
    const at = (factor: number) =>
      trainingRegime(
        fit(net(), data, { optimizer: sgd({ learningRate: (factor * 2) / eigenvalue }), steps: 300 }),
        {
          referenceLoss,
        },
      );
    expect(at(1.05).regime).toBe('diverges');
    expect(at(0.95).regime).not.toBe('diverges');
  });

  it('one step that lands every weight of a deep scalar network near 0 freezes it', () => {
    // ŷ = w^12·x with x = y = 1 and every w = 1.2: each layer's gradient is 1.2^11·(1.2^12 − 1), so this η moves
    // every weight to exactly 0.2, where the gradient is 0.2^11·(0.2^12 − 1), about 10⁻⁸ of what it was.
    const k = 1.2;
    const L = 12;
    const gradient = k ** (L - 1) * (k ** L - 1);
    const learningRate = (k - 0.2) / gradient;
    const data = { x: matrix([[1]]), y: matrix([[1]]) };
    const result = trainingRegime(
      fit(linearNetwork(L, k, 1), data, { optimizer: sgd({ learningRate }), steps: 50 }),
      { referenceLoss: 0.5 },
    );
    expect(result.regime).toBe('freezes');
    // Every layer has the same gradient, so the global norm's ratio is one layer's. The 49 steps after the first
    // move each weight by about η·10⁻⁸ of a gradient: a relative change below 10⁻⁶ in 0.2^11.
    const closedForm = (0.2 ** (L - 1) * (1 - 0.2 ** L)) / gradient;
    expect(Math.abs(result.gradientRatio / closedForm - 1)).toBeLessThan(1e-5);
    expect(result.finalLoss).toBeCloseTo(0.5 * (1 - 0.2 ** L) ** 2, 10);
  });
});

describe('trainingRegime rejects what it cannot judge', () => {
  it('names the function and the argument', () => {
    expect(thrown(() => trainingRegime(run([1, 0.5]), { referenceLoss: 0 })).message).toMatch(
      /^trainingRegime: options\.referenceLoss must be a finite number greater than 0/,
    );
    expect(thrown(() => trainingRegime(run([1, 0.5]), { referenceLoss: 1, trainedBelow: 2 })).argument).toBe(
      'options.trainedBelow',
    );
    expect(thrown(() => trainingRegime({} as never, { referenceLoss: 1 })).argument).toBe('run.history');
  });

  it('refuses a finished run of one step, which says nothing about where it was going', () => {
    expect(thrown(() => trainingRegime(run([1]), { referenceLoss: 1 })).argument).toBe('run.history.loss');
  });

  it('suggests the option meant by a misspelt one', () => {
    const error = thrown(() => trainingRegime(run([1, 0.5]), { referenceLoss: 1, trainBelow: 0.1 } as never));
    expect(error.suggestion).toBe('trainedBelow');
  });
});
