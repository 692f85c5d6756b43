// Exercise checks: the reader's code runs, then the check calls its function on every case and compares the
// result with the engine's, naming the first failing case; the build refuses a solution that fails or a starter
// that passes.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

import * as core from '../../packages/core/src/index.ts';
import * as charts from '../../src/charts/index.ts';
import { exerciseBuildError, validateExercise } from '../../src/playground/build/exercise-check.ts';
import { runAtBuild } from '../../src/playground/build/run-at-build.ts';
import { createEnvironment } from '../../src/playground/runtime/environment.ts';
import { runReaderCode } from '../../src/playground/runtime/run.ts';
import { compileReaderCode } from '../../src/playground/runtime/transpile.ts';
import { itemsOf } from './support.ts';

/** Runs `code` then `check`, as the page's Check button does. */
function check(code: string, checkCode: string) {
  return runReaderCode(
    code,
    createEnvironment(parseHTML, { core, plot: Plot, charts }, compileReaderCode),
    undefined,
    {
      check: checkCode,
    },
  );
}

// sqrt(2 / fanIn) from the engine's He initialiser: the reference is computed, never typed.
const heCheck = `
import { heNormal } from '@gradscope/core';
export default {
  function: 'heNormalStd',
  cases: [1, 2, 512].map((fanIn) => ({ args: [fanIn], expected: heNormal().std!({ fanIn, fanOut: fanIn }) })),
  tolerance: 1e-12,
};`;
const heSolution = 'export function heNormalStd(fanIn: number): number {\n  return Math.sqrt(2 / fanIn);\n}';
const heStarter = 'export function heNormalStd(fanIn: number): number {\n  return 1 / fanIn;\n}';

// dW = δ·aᵀ and δ_prev = Wᵀ·δ for a linear layer, against the engine's matmul and transpose.
const backwardCheck = `
import { createRandom, fillNormal, fromData, matmul, transpose } from '@gradscope/core';
const random = createRandom(7);
const normalMatrix = (rows: number, cols: number) => fromData(rows, cols, fillNormal(new Float64Array(rows * cols), random));
const cases = [[3, 2, 1], [2, 4, 5]].map(([out, inp, batch]) => {
  const W = normalMatrix(out, inp);
  const a = normalMatrix(inp, batch);
  const delta = normalMatrix(out, batch);
  return { args: [W, a, delta], expected: { dW: matmul(delta, transpose(a)), deltaPrev: matmul(transpose(W), delta) } };
});
export default { function: 'linearBackward', cases };`;

describe('an exercise check', () => {
  it('passes a right function, reporting every case in a table and the largest error', async () => {
    const { error, items } = await check(heSolution, heCheck);
    expect(error).toBeUndefined();
    const [table] = itemsOf(items, 'table');
    expect(table.columns).toEqual(['case', 'input', 'expected', 'received', 'relative error', 'result']);
    expect(table.rows.map((row) => row[1].text)).toEqual([
      'heNormalStd(1)',
      'heNormalStd(2)',
      'heNormalStd(512)',
    ]);
    expect(table.rows.every((row) => row[5].text === '✓ passes')).toBe(true);
    expect(itemsOf(items, 'log').at(-1)?.text).toMatch(/^All 3 cases pass: the largest relative error is /);
  });

  it('names the first failing case with its input, expected and received values, error and tolerance', async () => {
    const { error, items } = await check(heStarter, heCheck);
    // fanIn = 1: the starter gives 1/1 = 1, He gives √2, a relative error of 1 − 1/√2 = 0.29.
    expect(error).toEqual({
      name: 'Check failed',
      phase: 'check',
      message:
        'Case 1 of 3 fails: heNormalStd(1) returned 1, but the engine gives 1.41421: relative error 0.29, above the tolerance 1e-12.',
    });
    const [table] = itemsOf(items, 'table');
    // 1/n and √(2/n) differ at every fan-in n ≥ 1, so every case fails; at 512 by 1 − (1/512)/(1/16) = 0.97.
    expect(table.rows.map((row) => row[5].text)).toEqual(['✗ fails', '✗ fails', '✗ fails']);
    expect(table.rows[2].slice(2, 5).map((cell) => cell.text)).toEqual(['0.0625', '0.00195313', '0.97']);
  });

  it('compares matrices entry by entry and names the worst entry of a nested result', async () => {
    const right = `
      import { matmul, transpose, type Matrix } from '@gradscope/core';
      export function linearBackward(W: Matrix, a: Matrix, delta: Matrix) {
        return { dW: matmul(delta, transpose(a)), deltaPrev: matmul(transpose(W), delta) };
      }`;
    expect((await check(right, backwardCheck)).error).toBeUndefined();

    // Passing δ down without multiplying by Wᵀ gives the wrong shape: the message says so instead of comparing.
    const unmultiplied = right.replace('matmul(transpose(W), delta)', 'delta');
    const { error } = await check(unmultiplied, backwardCheck);
    expect(error?.phase).toBe('check');
    expect(error?.message).toBe(
      'Case 1 of 2 fails: linearBackward(3×2 matrix, 2×1 matrix, 3×1 matrix), at deltaPrev: expected a 2×1 matrix, received a 3×1 one.',
    );

    // Doubling dW keeps the shapes: the message names an entry of dW and its relative error, 1.
    const doubled = right
      .replace('matmul(delta, transpose(a))', 'core.scale(matmul(delta, transpose(a)), 2)')
      .replace('import { matmul', "import * as core from '@gradscope/core';\n      import { matmul");
    const failure = (await check(doubled, backwardCheck)).error;
    expect(failure?.message).toMatch(
      /^Case 1 of 2 fails: .* returned dW\[\d, \d\] = .*, but the engine gives .*: relative error 1, above the tolerance 1e-9\.$/,
    );
  });

  it('says what to export when the function is missing', async () => {
    const { error } = await check('export function heStd(n: number) { return n; }', heCheck);
    expect(error?.message).toBe(
      'Your code must export a function named heNormalStd: write `export function heNormalStd(…) { … }`. It exports heStd.',
    );
  });

  it('places an error the function throws on its own line of the reader code', async () => {
    const throwing =
      'export function heNormalStd(fanIn: number): number {\n  const x: any = null;\n  return x.y;\n}';
    const { error, items } = await check(throwing, heCheck);
    expect(error).toMatchObject({ name: 'TypeError', phase: 'runtime', line: 3 });
    expect(itemsOf(items, 'log').map((item) => item.text)).toContain(
      'Case 1 of 3, heNormalStd(1), threw this error:',
    );
  });

  it('gives each case its own copy of the arguments', async () => {
    const mutating = `
      export function first(values: number[]) { const v = values[0]; values[0] = 99; return v; }`;
    const mutationCheck = `export default { function: 'first', cases: [1, 2].map(() => ({ args: [[1, 2]], expected: 1 })) };`;
    expect((await check(mutating, mutationCheck)).error).toBeUndefined();
  });

  it('treats ∞ and NaN as values that must match exactly, and 0 by absolute error', async () => {
    const nonFinite = `export default { function: 'f', cases: [
      { args: [1], expected: Infinity }, { args: [2], expected: NaN }, { args: [3], expected: 0, tolerance: 1e-3 }] };`;
    expect(
      (await check('export const f = (n: number) => [Infinity, NaN, 1e-4][n - 1];', nonFinite)).error,
    ).toBeUndefined();
    const wrong = await check('export const f = (n: number) => [1e308, NaN, 0.01][n - 1];', nonFinite);
    expect(wrong.error?.message).toBe(
      'Case 1 of 3 fails: f(1) returned 1.00000e+308, but the engine gives Infinity: the values differ, above the tolerance 1e-9.',
    );
    // Cases with their own tolerance get a tolerance column.
    expect(itemsOf(wrong.items, 'table')[0].columns).toContain('tolerance');
    const zero = await check('export const f = (n: number) => [Infinity, NaN, 0.01][n - 1];', nonFinite);
    expect(zero.error?.message).toBe(
      'Case 3 of 3 fails: f(3) returned 0.01, but the engine gives 0: absolute error (the expected value is 0) 0.01, above the tolerance 0.001.',
    );
  });

  it('reports a broken check as the check’s fault, not the reader’s', async () => {
    const { error } = await check(heSolution, 'export default { cases: [] };');
    expect(error).toEqual({
      name: 'Exercise check error',
      phase: 'internal',
      message:
        "The exercise's check is broken: its `function` must be the name of the function to test, as text",
    });
  });
});

describe('the build-time exercise check', () => {
  it('accepts an exercise whose solution passes and whose starter fails, running both in workers', async () => {
    await expect(
      validateExercise({
        name: 'he-std',
        starter: heStarter,
        solution: heSolution,
        check: heCheck,
        timeLimitMs: 10_000,
      }),
    ).resolves.toBeUndefined();
  });

  it('stops the build when the worked solution fails its own check', async () => {
    const wrong = heSolution.replace('2 / fanIn', '1 / fanIn');
    await expect(
      validateExercise({
        name: 'he-std',
        starter: heStarter,
        solution: wrong,
        check: heCheck,
        timeLimitMs: 10_000,
      }),
    ).rejects.toThrow(
      '<Exercise name="he-std">: its worked solution fails its own check: Case 1 of 3 fails: heNormalStd(1) returned 1, but the engine gives 1.41421',
    );
  });

  it('stops the build when the starter passes, because such a check cannot fail', async () => {
    const outcome = await runAtBuild(heSolution, { check: heCheck });
    expect(exerciseBuildError('he-std', outcome, outcome)).toBe(
      '<Exercise name="he-std">: its starter code passes the check, so the check cannot tell a solved exercise from an unsolved one; give the check a case the starter gets wrong',
    );
  });

  it('stops the build when the starter does not compile, naming its file and line', async () => {
    const solution = await runAtBuild(heSolution, { check: heCheck });
    const starter = await runAtBuild('export function heNormalStd(fanIn: number {\n}', { check: heCheck });
    expect(exerciseBuildError('he-std', solution, starter)).toMatch(
      /^<Exercise name="he-std">: its starter code does not compile: he-std\.exercise\.ts:1:\d+: /,
    );
  });
});
