import { describe, expect, it } from 'vitest';
import { addingProblem, teacherRegression, twoSpirals } from '../src/datasets.js';
import { GradscopeArgumentError } from '../src/errors.js';
import { forward, mlp } from '../src/network.js';
import { createRandom } from '../src/random.js';

/** Σ f(v) over the entries (Float32Array | Float64Array has no common reduce signature). */
function sumOf(values: ArrayLike<number>, f: (v: number) => number = (v) => v): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += f(values[i]);
  return sum;
}

describe('teacherRegression', () => {
  it('returns x (n_0 × m) and y = teacher(x) (1 × m) from the default tanh teacher', () => {
    const { x, y, teacher } = teacherRegression({ inputSize: 5, samples: 64, random: createRandom(1) });
    expect([x.rows, x.cols, y.rows, y.cols]).toEqual([5, 64, 1, 64]);
    expect(teacher.layers.length).toBe(3); // hidden [16, 16], then the output
    expect(Array.from(forward(teacher, x).output.data)).toEqual(Array.from(y.data));
    // A nonlinear, non-constant target: the teacher's outputs spread out.
    const mean = sumOf(y.data) / y.cols;
    const variance = sumOf(y.data, (v) => (v - mean) ** 2) / y.cols;
    expect(variance).toBeGreaterThan(0.01);
  });

  it('draws x from N(0, 1): mean ≈ 0 and mean square ≈ 1 over 20 000 entries', () => {
    const { x } = teacherRegression({ inputSize: 20, samples: 1000, random: createRandom(2) });
    const n = x.data.length;
    const mean = sumOf(x.data) / n;
    const meanSquare = sumOf(x.data, (v) => v * v) / n;
    // Standard errors: 1/√n ≈ 0.0071 for the mean, √(2/n) ≈ 0.01 for the mean square; 5 of them.
    expect(Math.abs(mean)).toBeLessThan(0.036);
    expect(Math.abs(meanSquare - 1)).toBeLessThan(0.05);
  });

  it('replays the same data from the same seed and differs for another seed', () => {
    const make = (seed: number) =>
      teacherRegression({ inputSize: 3, samples: 10, noiseStd: 0.1, random: createRandom(seed) });
    expect(Array.from(make(4).y.data)).toEqual(Array.from(make(4).y.data));
    expect(Array.from(make(4).x.data)).toEqual(Array.from(make(4).x.data));
    expect(Array.from(make(5).y.data)).not.toEqual(Array.from(make(4).y.data));
  });

  it('adds noise of the requested standard deviation to the given teacher', () => {
    const teacher = mlp({ sizes: [3, 8, 1], seed: 9 });
    const { x, y } = teacherRegression({ samples: 20_000, teacher, noiseStd: 0.3, random: createRandom(6) });
    const clean = forward(teacher, x).output.data;
    let sumSquares = 0;
    for (let i = 0; i < y.cols; i++) sumSquares += (y.data[i] - clean[i]) ** 2;
    // The sample std of 20 000 normal draws is within 5·σ/√(2n) = 0.0075 of σ = 0.3.
    expect(Math.abs(Math.sqrt(sumSquares / y.cols) - 0.3)).toBeLessThan(0.0075);
  });

  it('builds a teacher from an mlp spec, with its own seed or with the given random source', () => {
    const spec = { sizes: [2, 4, 3], activation: 'relu' as const };
    const a = teacherRegression({ samples: 5, teacher: spec, random: createRandom(1) });
    expect([a.y.rows, a.y.cols]).toEqual([3, 5]);
    const b = teacherRegression({ samples: 5, teacher: { ...spec, seed: 3 }, random: createRandom(1) });
    expect(Array.from(b.teacher.params[0].value.data)).toEqual(
      Array.from(mlp({ ...spec, seed: 3 }).params[0].value.data),
    );
  });

  it('rejects a missing input size, a size that contradicts the teacher, and bad noise', () => {
    const random = createRandom(1);
    expect(() => teacherRegression({ samples: 5, random })).toThrow(/options\.inputSize/);
    expect(() =>
      teacherRegression({ inputSize: 4, samples: 5, teacher: mlp({ sizes: [3, 1] }), random }),
    ).toThrow(/options\.inputSize/);
    expect(() => teacherRegression({ inputSize: 2, samples: 5, noiseStd: -1, random })).toThrow(
      /options\.noise/,
    );
    expect(() => teacherRegression({ inputSize: 2, samples: 0, random })).toThrow(/options\.samples/);
    expect(() =>
      teacherRegression({
        inputSize: 2,
        samples: 5,
        random: undefined as unknown as ReturnType<typeof createRandom>,
      }),
    ).toThrow(/options\.random/);
  });
});

describe('twoSpirals', () => {
  it('returns 2 × m points and 1 × m labels, half of each class', () => {
    for (const samples of [400, 401]) {
      const { x, y } = twoSpirals({ samples, random: createRandom(7) });
      expect([x.rows, x.cols, y.rows, y.cols]).toEqual([2, samples, 1, samples]);
      const ones = sumOf(y.data);
      expect(sumOf(y.data, (v) => (v === 0 || v === 1 ? 0 : 1))).toBe(0);
      expect(ones).toBe(Math.floor(samples / 2));
    }
  });

  it('puts the two classes on point-reflected spirals: without noise, x of class 1 is −x of class 0', () => {
    const { x, y } = twoSpirals({ samples: 200, noiseStd: 0, random: createRandom(3) });
    const m = x.cols;
    const key = (a: number, b: number) => `${a.toFixed(12)},${b.toFixed(12)}`;
    const class0 = new Set<string>();
    for (let j = 0; j < m; j++) if (y.data[j] === 0) class0.add(key(x.data[j], x.data[m + j]));
    for (let j = 0; j < m; j++) {
      if (y.data[j] === 1) expect(class0.has(key(-x.data[j], -x.data[m + j]))).toBe(true);
    }
    // Radii fill (0, 1): the outermost point of a class of 100 sits at radius 0.995.
    let maxRadius = 0;
    for (let j = 0; j < m; j++) maxRadius = Math.max(maxRadius, Math.hypot(x.data[j], x.data[m + j]));
    expect(maxRadius).toBeCloseTo(0.995, 12);
  });

  it('shuffles the columns, so the first half holds both classes', () => {
    const { y } = twoSpirals({ samples: 200, random: createRandom(11) });
    const firstHalfOnes = sumOf(y.data.subarray(0, 100));
    expect(firstHalfOnes).toBeGreaterThan(30);
    expect(firstHalfOnes).toBeLessThan(70);
  });

  it('replays the same points from the same seed', () => {
    const a = twoSpirals({ samples: 50, random: createRandom(5) });
    const b = twoSpirals({ samples: 50, random: createRandom(5) });
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    expect(Array.from(a.y.data)).toEqual(Array.from(b.y.data));
  });

  it('rejects fewer than two points, zero turns and negative noise', () => {
    const random = createRandom(1);
    expect(() => twoSpirals({ samples: 1, random })).toThrow(/options\.samples/);
    expect(() => twoSpirals({ samples: 10, turns: 0, random })).toThrow(/options\.turns/);
    expect(() => twoSpirals({ samples: 10, noiseStd: -0.1, random })).toThrow(/options\.noiseStd/);
  });
});

describe('addingProblem', () => {
  it('returns one 2 × m input per time step and a 1 × m target', () => {
    const { xs, y } = addingProblem({ length: 30, samples: 16, random: createRandom(1) });
    expect(xs.length).toBe(30);
    for (const x of xs) expect([x.rows, x.cols]).toEqual([2, 16]);
    expect([y.rows, y.cols]).toEqual([1, 16]);
  });

  it('marks exactly two steps per sequence, one in each half, and targets the sum of their values', () => {
    for (const length of [2, 3, 10, 51]) {
      const samples = 200;
      const { xs, y } = addingProblem({ length, samples, random: createRandom(length) });
      const half = Math.floor(length / 2);
      const problems: string[] = []; // collected, so one failing sequence is reported with its index
      for (let j = 0; j < samples; j++) {
        const marked: number[] = [];
        for (let t = 0; t < length; t++) {
          const value = xs[t].data[j];
          const marker = xs[t].data[samples + j];
          if (!(value >= 0 && value < 1)) problems.push(`value ${value} at step ${t} of sequence ${j}`);
          if (marker !== 0 && marker !== 1) problems.push(`marker ${marker} at step ${t} of sequence ${j}`);
          if (marker === 1) marked.push(t);
        }
        if (marked.length !== 2 || marked[0] >= half || marked[1] < half) {
          problems.push(`markers at ${marked.join(', ')} in sequence ${j} of length ${length}`);
        } else if (y.data[j] !== xs[marked[0]].data[j] + xs[marked[1]].data[j]) {
          problems.push(`target ${y.data[j]} of sequence ${j} is not the marked sum`);
        }
      }
      expect(problems).toEqual([]);
    }
  });

  it('has targets of mean 1 and variance 1/6 (the sum of two uniforms), the baseline error to beat', () => {
    const { y } = addingProblem({ length: 8, samples: 20_000, random: createRandom(2) });
    const n = y.cols;
    const mean = sumOf(y.data) / n;
    const variance = sumOf(y.data, (v) => (v - mean) ** 2) / n;
    // Standard errors: √(1/6/n) ≈ 0.0029 for the mean, ≈ 0.0013 for the variance (Var of (y−1)² is 7/180); 5
    // each.
    expect(Math.abs(mean - 1)).toBeLessThan(0.015);
    expect(Math.abs(variance - 1 / 6)).toBeLessThan(0.007);
  });

  it('replays from a seed and keeps float32 targets equal to the sum of the stored values', () => {
    const a = addingProblem({ length: 6, samples: 4, random: createRandom(9) });
    const b = addingProblem({ length: 6, samples: 4, random: createRandom(9) });
    expect(a.xs.map((x) => Array.from(x.data))).toEqual(b.xs.map((x) => Array.from(x.data)));
    const f32 = addingProblem({ length: 6, samples: 4, random: createRandom(9), dtype: 'float32' });
    expect(f32.y.dtype).toBe('float32');
    for (let j = 0; j < 4; j++) {
      let sum = 0;
      for (const x of f32.xs) if (x.data[4 + j] === 1) sum += x.data[j];
      expect(f32.y.data[j]).toBe(Math.fround(sum));
    }
  });

  it('rejects a length of 1, which cannot hold two markers, and a bad sample count', () => {
    const random = createRandom(1);
    expect(() => addingProblem({ length: 1, samples: 4, random })).toThrow(GradscopeArgumentError);
    expect(() => addingProblem({ length: 1, samples: 4, random })).toThrow(/two markers/);
    expect(() => addingProblem({ length: 2.5, samples: 4, random })).toThrow(/options\.length/);
    expect(() => addingProblem({ length: 5, samples: 0, random })).toThrow(/options\.samples/);
  });
});
