/**
 * Synthetic data sets for the lessons, every one drawn from a `Random` the caller passes in, so a figure is
 * the same for every reader. Shapes follow the engine's layout: features × m, **one example per column**.
 *
 * - `teacherRegression`: y = f_teacher(x) + noise for a fixed random network f_teacher, the classic
 *   student–teacher setup: a target a network of the same shape can fit exactly, so a failure to learn is the
 *   optimizer's (vanishing or exploding gradients), not the data's.
 * - `twoSpirals`: two interleaved spirals (Lang & Witbrock, "Learning to tell two spirals apart", 1988), a
 *   classification task that needs depth.
 * - `addingProblem`: the long-memory benchmark of Hochreiter & Schmidhuber ("Long short-term memory", Neural
 *   Computation 1997, experiment 4), in the form of Le, Jaitly & Hinton ("A simple way to initialize
 *   recurrent networks of rectified linear units", 2015): two inputs per step, a uniform value in [0, 1) and
 *   a marker that is 1 at exactly two steps (one in each half of the sequence); the target is the sum of the
 *   two marked values. Gradients must carry the error back across up to `length` steps: the recurrent
 *   lessons' test of vanishing.
 */

import { expectDType, rounderFor, type DType } from './dtype.js';
import {
  GradscopeArgumentError,
  expectNonNegativeNumber,
  expectKnownKeys,
  expectPositiveInteger,
  expectPositiveNumber,
} from './errors.js';
import { clone, roundInPlace, zeros, type Matrix } from './matrix.js';
import { expectNetwork, forward, mlp, type MlpSpec, type Network } from './network.js';
import { expectRandom, fillNormal, type Random } from './random.js';

/** Inputs and targets: x is features × m, y is targets × m, one example per column. */
export interface Dataset {
  readonly x: Matrix;
  readonly y: Matrix;
}

/** Options of `teacherRegression`. */
export interface TeacherRegressionOptions {
  /** n_0, features per example (default: the teacher's input size, when a Network is given). */
  readonly inputSize?: number;
  /** m, the number of examples. */
  readonly samples: number;
  /** The teacher: a Network, or an `mlp` spec (given `random` by default). Default: see `teacherRegression`. */
  readonly teacher?: Network | MlpSpec;
  /** Hidden widths of the default teacher. Default [16, 16]. */
  readonly hiddenSizes?: readonly number[];
  /** Outputs of the default teacher. Default 1. */
  readonly outputSize?: number;
  /** Standard deviation of the Gaussian noise added to y. Default 0. */
  readonly noiseStd?: number;
  /** The random source: the teacher's weights (if it is built here), then x, then the noise, in that order. */
  readonly random: Random;
  /** Number format of x and y. Default `'float64'`. */
  readonly dtype?: DType;
}

/** A teacher–student regression data set, with the teacher that made it. */
export interface TeacherDataset extends Dataset {
  readonly teacher: Network;
}

/** The default teacher of `teacherRegression`. */
export const TEACHER_DEFAULTS = {
  hiddenSizes: [16, 16] as readonly number[],
  outputSize: 1,
  activation: 'tanh',
  init: 'lecunNormal',
  bias: false,
  noiseStd: 0,
} as const;

/**
 * A regression data set y = teacher(x) + noiseStd·ε with x_ij ~ N(0, 1) and ε ~ N(0, 1). Without a `teacher`, it
 * is `mlp({ sizes: [inputSize, ...hiddenSizes, outputSize], activation: 'tanh', init: 'lecunNormal', bias:
 * false, random })`: LeCun initialization (σ_w² = 1) keeps a shallow tanh teacher's pre-activation variances
 * at q^1 = 1, q^2 ≈ 0.39, q^3 ≈ 0.24 (`forwardVariance`), so its units are neither linear nor saturated and
 * the target is a genuinely nonlinear (and, without biases, odd) function of x.
 *
 * @example
 * ```ts
 * const { x, y, teacher } = teacherRegression({ inputSize: 4, samples: 256, noiseStd: 0.05, random: createRandom(1) });
 * // x: 4×256, y: 1×256
 * ```
 */
export function teacherRegression(options: TeacherRegressionOptions): TeacherDataset {
  const keys = [
    'inputSize',
    'samples',
    'teacher',
    'hiddenSizes',
    'outputSize',
    'noiseStd',
    'random',
    'dtype',
  ];
  expectKnownKeys('options', options, keys, '{ inputSize, samples, random }', 'teacherRegression');
  const context = 'teacherRegression';
  const random = expectRandom('options.random', options.random, context);
  const samples = expectPositiveInteger('options.samples', options.samples, context);
  const noise = expectNonNegativeNumber(
    'options.noiseStd',
    options.noiseStd ?? TEACHER_DEFAULTS.noiseStd,
    context,
  );
  const dtype = expectDType('options.dtype', options.dtype, context);
  const teacher = buildTeacher(options, random);
  const x = zeros(teacher.inputSize, samples, dtype);
  fillNormal(x.data, random);
  roundInPlace(x);
  const y = clone(forward(teacher, x, { mode: 'eval' }).output, dtype);
  if (noise > 0) {
    for (let i = 0; i < y.data.length; i++) y.data[i] += noise * random.normal();
    roundInPlace(y);
  }
  return { x, y, teacher };
}

function buildTeacher(options: TeacherRegressionOptions, random: Random): Network {
  const context = 'teacherRegression';
  const given = options.teacher;
  const inputSize =
    options.inputSize === undefined
      ? undefined
      : expectPositiveInteger('options.inputSize', options.inputSize, context);
  let teacher: Network;
  if (
    given !== undefined &&
    typeof given === 'object' &&
    given !== null &&
    'layers' in given &&
    'params' in given
  ) {
    teacher = expectNetwork('options.teacher', given, 'teacherRegression');
  } else if (given !== undefined) {
    if (typeof given !== 'object' || given === null) {
      throw new GradscopeArgumentError('options.teacher', given, 'a Network or an mlp spec', context);
    }
    const spec = given as MlpSpec;
    teacher = mlp(spec.seed === undefined && spec.random === undefined ? { ...spec, random } : spec);
  } else {
    if (inputSize === undefined) {
      throw new GradscopeArgumentError('options.inputSize', inputSize, 'a positive integer', context);
    }
    const hiddenSizes = options.hiddenSizes ?? TEACHER_DEFAULTS.hiddenSizes;
    if (!Array.isArray(hiddenSizes)) {
      throw new GradscopeArgumentError(
        'options.hiddenSizes',
        hiddenSizes,
        'an array of positive integers',
        context,
      );
    }
    hiddenSizes.forEach((n, i) => expectPositiveInteger(`options.hiddenSizes[${i}]`, n, context));
    const outputSize = expectPositiveInteger(
      'options.outputSize',
      options.outputSize ?? TEACHER_DEFAULTS.outputSize,
      context,
    );
    teacher = mlp({
      sizes: [inputSize, ...hiddenSizes, outputSize],
      activation: TEACHER_DEFAULTS.activation,
      init: TEACHER_DEFAULTS.init,
      bias: TEACHER_DEFAULTS.bias,
      random,
    });
  }
  if (inputSize !== undefined && inputSize !== teacher.inputSize) {
    throw new GradscopeArgumentError(
      'options.inputSize',
      inputSize,
      `the teacher's input size ${teacher.inputSize} (or left out)`,
      context,
    );
  }
  return teacher;
}

/** Options of `twoSpirals`. */
export interface TwoSpiralsOptions {
  /** m, the number of points (at least 2); classes get ⌈m/2⌉ and ⌊m/2⌋. */
  readonly samples: number;
  /** How many full turns each spiral makes. Default 1.5. */
  readonly turns?: number;
  /** Standard deviation of the Gaussian noise on each coordinate (the spirals reach radius 1). Default 0.1. */
  readonly noiseStd?: number;
  /** The random source: the noise, then the shuffle of the columns. */
  readonly random: Random;
  /** Number format of x and y. Default `'float64'`. */
  readonly dtype?: DType;
}

const spiralDefaults = { turns: 1.5, noiseStd: 0.1 };

/**
 * Two interleaved spirals in the plane: x is 2 × m (the coordinates), y is 1 × m with labels 0 and 1. Point i
 * of a class sits at radius r = (i + ½)/n_class and angle 2π·turns·r, class 1 rotated by π from class 0, plus
 * N(0, noiseStd²) on each coordinate; the columns are then shuffled, so any slice of them is a fair mini-batch.
 *
 * @example
 * ```ts
 * const { x, y } = twoSpirals({ samples: 400, random: createRandom(7) }); // x: 2×400, y: 1×400, 200 of each
 * ```
 */
export function twoSpirals(options: TwoSpiralsOptions): Dataset {
  const keys = ['samples', 'turns', 'noiseStd', 'random', 'dtype'];
  expectKnownKeys('options', options, keys, '{ samples, random }', 'twoSpirals');
  const context = 'twoSpirals';
  const random = expectRandom('options.random', options.random, context);
  const samples = expectPositiveInteger('options.samples', options.samples, context);
  if (samples < 2) {
    throw new GradscopeArgumentError('options.samples', samples, 'at least 2 (one point per class)', context);
  }
  const turns = expectPositiveNumber('options.turns', options.turns ?? spiralDefaults.turns, context);
  const noise = expectNonNegativeNumber(
    'options.noiseStd',
    options.noiseStd ?? spiralDefaults.noiseStd,
    context,
  );
  const dtype = expectDType('options.dtype', options.dtype, context);

  const px = new Float64Array(samples);
  const py = new Float64Array(samples);
  const label = new Uint8Array(samples);
  const perClass = [Math.ceil(samples / 2), Math.floor(samples / 2)];
  let j = 0;
  for (let c = 0; c < 2; c++) {
    const sign = c === 0 ? 1 : -1; // class 1 is class 0 rotated by π
    for (let i = 0; i < perClass[c]; i++, j++) {
      const r = (i + 0.5) / perClass[c];
      const angle = 2 * Math.PI * turns * r;
      px[j] = sign * r * Math.cos(angle) + noise * random.normal();
      py[j] = sign * r * Math.sin(angle) + noise * random.normal();
      label[j] = c;
    }
  }
  const order = shuffledIndices(samples, random);
  const x = zeros(2, samples, dtype);
  const y = zeros(1, samples, dtype);
  for (let col = 0; col < samples; col++) {
    const k = order[col];
    x.data[col] = px[k];
    x.data[samples + col] = py[k];
    y.data[col] = label[k];
  }
  roundInPlace(x);
  return { x, y };
}

/** Fisher–Yates: a uniformly random permutation of 0 … n − 1. */
function shuffledIndices(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const k = random.int(i + 1);
    const t = order[i];
    order[i] = order[k];
    order[k] = t;
  }
  return order;
}

/** Options of `addingProblem`. */
export interface AddingProblemOptions {
  /** T, the number of time steps (at least 2: one marker in each half). */
  readonly length: number;
  /** m, the number of sequences. */
  readonly samples: number;
  /** The random source: per sequence, its T values, then the first marker's step, then the second's. */
  readonly random: Random;
  /** Number format. Default `'float64'`. */
  readonly dtype?: DType;
}

/** The adding problem: one 2 × m input per time step, and the 1 × m targets. */
export interface SequenceDataset {
  /** xs[t] is the input at step t: row 0 the values, row 1 the markers; one sequence per column. */
  readonly xs: readonly Matrix[];
  /** The sum of the two marked values of each sequence. */
  readonly y: Matrix;
}

/**
 * The adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015): m sequences of T steps, each step with
 * two inputs, a value u_t ~ U[0, 1) and a marker that is 1 at exactly two steps, one drawn uniformly from the
 * first half (steps 0 … ⌊T/2⌋ − 1) and one from the second (⌊T/2⌋ … T − 1); the target is the sum of the two
 * marked values, which lies in [0, 2). Always answering 1 scores a mean squared error of 1/6, the baseline a
 * model must beat; doing so needs memory across up to T − 1 steps.
 *
 * @example
 * ```ts
 * const { xs, y } = addingProblem({ length: 50, samples: 128, random: createRandom(3) });
 * // xs: 50 matrices of 2×128; y: 1×128
 * ```
 */
export function addingProblem(options: AddingProblemOptions): SequenceDataset {
  const keys = ['length', 'samples', 'random', 'dtype'];
  expectKnownKeys('options', options, keys, '{ length, samples, random }', 'addingProblem');
  const context = 'addingProblem';
  const random = expectRandom('options.random', options.random, context);
  const length = expectPositiveInteger('options.length', options.length, context);
  if (length < 2) {
    throw new GradscopeArgumentError(
      'options.length',
      length,
      'an integer ≥ 2 (two markers, one in each half of the sequence, need two steps)',
      context,
    );
  }
  const samples = expectPositiveInteger('options.samples', options.samples, context);
  const dtype = expectDType('options.dtype', options.dtype, context);
  const xs: Matrix[] = [];
  for (let t = 0; t < length; t++) xs.push(zeros(2, samples, dtype));
  const y = zeros(1, samples, dtype);
  const half = Math.floor(length / 2);
  const round = rounderFor(dtype);
  for (let j = 0; j < samples; j++) {
    for (let t = 0; t < length; t++) xs[t].data[j] = round(random.next());
    const first = random.int(half);
    const second = half + random.int(length - half);
    xs[first].data[samples + j] = 1;
    xs[second].data[samples + j] = 1;
    // Sum the stored (rounded) values, so y is the sum of what the model sees, itself rounded.
    y.data[j] = round(xs[first].data[j] + xs[second].data[j]);
  }
  return { xs, y };
}
