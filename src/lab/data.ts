/**
 * The data the Lab's networks see: inputs x with independent N(0, 1) entries (so ‖x‖²/n ≈ 1, the input
 * mean-field theory starts from), and targets from a fixed "teacher" network (a student–teacher task, the engine's
 * `teacherRegression`): a task a network of the Lab's shape can learn, the same for every seed, so that a failure
 * to learn is the gradients' doing and not the data's. For binary cross-entropy the target is whether the
 * teacher's output is positive; for softmax cross-entropy, which of its four outputs is largest (one-hot).
 *
 * A seed draws its own inputs. The scan measures the gradients of the first `batch` examples; training draws
 * minibatches of `batch` from all of them.
 */
import { createRandom, mlp, teacherRegression, zeros, type Matrix, type Network } from '@gradscope/core';

import { outputSize, type LabLoss, type LabState } from './state.ts';

/** Examples in a training set (or the batch size, if larger). */
export const TRAINING_EXAMPLES = 512;

/** Inputs and targets, one example per column. */
export interface LabData {
  readonly x: Matrix;
  readonly y: Matrix;
}

const teachers = new Map<string, Network>();

/** The teacher for an input width and a loss: a tanh network n → 16 → 16 → outputs, LeCun-initialized. */
function teacherFor(width: number, loss: LabLoss): Network {
  const outputs = outputSize(loss) === 1 ? 1 : 4;
  const key = `${width}|${outputs}`;
  let teacher = teachers.get(key);
  if (!teacher) {
    teacher = mlp({
      sizes: [width, 16, 16, outputs],
      activation: 'tanh',
      init: 'lecunNormal',
      bias: false,
      seed: `lab-teacher-${width}-${outputs}`,
    });
    teachers.set(key, teacher);
  }
  return teacher;
}

/**
 * The training set of a seed: max(512, batch) examples.
 *
 * @example
 * const { x, y } = labData(DEFAULT_STATE, 1); // x: 128 × 512, y: 1 × 512
 */
export function labData(state: LabState, seed: number): LabData {
  const samples = Math.max(TRAINING_EXAMPLES, state.batch);
  const { x, y: raw } = teacherRegression({
    teacher: teacherFor(state.width, state.loss),
    samples,
    random: createRandom(`lab-data-${seed}`),
    dtype: state.dtype,
  });
  if (state.loss === 'mse') return { x, y: raw };
  // Classes, written over the teacher's outputs (column by column: a column is read whole before it is written).
  const { rows, cols, data } = raw;
  for (let j = 0; j < cols; j++) {
    if (rows === 1) {
      data[j] = data[j] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < rows; k++) if (data[k * cols + j] > data[best * cols + j]) best = k;
    for (let k = 0; k < rows; k++) data[k * cols + j] = k === best ? 1 : 0;
  }
  return { x, y: raw };
}

/**
 * The first `count` examples of a data set (the scan's batch), as matrices of their own.
 *
 * @example
 * const batch = firstExamples(labData(state, 1), state.batch);
 */
export function firstExamples(data: LabData, count: number): LabData {
  const take = (m: Matrix): Matrix => {
    const out = zeros(m.rows, count, m.dtype);
    for (let i = 0; i < m.rows; i++) out.data.set(m.data.subarray(i * m.cols, i * m.cols + count), i * count);
    return out;
  };
  return { x: take(data.x), y: take(data.y) };
}
