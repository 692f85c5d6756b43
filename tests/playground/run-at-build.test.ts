import { mkdtempSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildErrorMessage } from '../../src/playground/build/build-error.ts';
import { locatePlayground } from '../../src/playground/build/locate.ts';
import { buildRunStats, runAtBuild, type BuildRunOutcome } from '../../src/playground/build/run-at-build.ts';
import { KEPT_ENGINE_BUILDS, openRunCache } from '../../src/playground/build/run-cache.ts';
import { RECHECK_MS } from '../../src/playground/build/worker-bundle.ts';

// Every run here uses its own cache folder, so a result cached by an earlier test run cannot answer for it.
const cacheRoot = mkdtempSync(join(tmpdir(), 'gs-run-cache-'));
// A booted spare worker may still be writing V8's compile cache: retry until it has let go.
afterAll(() => rmSync(cacheRoot, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
let folders = 0;
const freshCache = () => join(cacheRoot, `cache-${(folders += 1)}`);

describe('runAtBuild', () => {
  it('runs an example in a worker with the engine and Plot, returning its output', async () => {
    const outcome = await runAtBuild(
      `
      import { identity } from '@gradscope/core';
      import * as Plot from '@observablehq/plot';
      console.log(identity(2, 0.5).data[0]);
      display(Plot.lineY([1, 2, 3]));
    `,
      { cacheFolder: freshCache() },
    );
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.result.error).toBeUndefined();
    expect(outcome.result.items.map((item) => item.kind)).toEqual(['log', 'figure']);
  });

  it('ends an infinite loop at the time limit', async () => {
    const outcome = await runAtBuild('while (true) {}', { timeLimitMs: 300, cacheFolder: freshCache() });
    expect(outcome).toEqual({ status: 'timeout', timeLimitMs: 300 });
  });

  it('reports an example that throws, with its line, as a finished run with an error', async () => {
    const outcome = await runAtBuild('const a = 1;\nnull.x;', { cacheFolder: freshCache() });
    expect(outcome.status).toBe('finished');
    if (outcome.status === 'finished')
      expect(outcome.result.error).toMatchObject({ name: 'TypeError', line: 2 });
  });
});

describe('workers used for more than one example', () => {
  // Each example is new code to a fresh cache, so every call below runs.
  const run = (code: string) => runAtBuild(code, { cacheFolder: freshCache() });
  const logs = (outcome: BuildRunOutcome) =>
    outcome.status === 'finished'
      ? outcome.result.items.flatMap((item) => (item.kind === 'log' ? [item.text] : []))
      : [outcome.status];

  it('run clean examples one after another without starting a worker for each', async () => {
    await run('console.log(0)'); // a worker to reuse, however the tests before left the pool
    const before = buildRunStats().workersStarted;
    for (let i = 1; i <= 6; i += 1) expect(logs(await run(`console.log(${i} * 7)`))).toEqual([String(i * 7)]);
    // One spare may boot beside them; six fresh workers would be six.
    expect(buildRunStats().workersStarted - before).toBeLessThanOrEqual(1);
  });

  it.each([
    ['sets a global', 'globalThis.leak = 42;', 'typeof globalThis.leak', 'undefined'],
    ['patches a built-in prototype', 'Array.prototype.leak = () => 42;', 'typeof [].leak', 'undefined'],
    ['replaces a built-in function', 'Math.random = () => 0.5;', 'Math.random() === 0.5', 'false'],
    ['deletes a global', 'delete globalThis.structuredClone;', 'typeof structuredClone', 'function'],
    ['freezes a built-in', 'Object.freeze(Math);', 'Object.isFrozen(Math)', 'false'],
  ])('never pass on what an example that %s changed', async (_, change, probe, clean) => {
    // The change took effect in its own run...
    expect(logs(await run(`${change}\nconsole.log(${probe});`))).not.toEqual([clean]);
    // ...and in none of the next ones, whichever worker they get.
    for (let i = 0; i < 3; i += 1) expect(logs(await run(`console.log(${probe}); // ${i}`))).toEqual([clean]);
  });

  it('never pass on a timer an example left pending', async () => {
    // The timer fires only after the run has reported, when nothing else would notice the change it makes.
    await run('setTimeout(() => { JSON.leak = 1; }, 50);');
    const probe = 'await new Promise((resolve) => setTimeout(resolve, 150)); console.log(typeof JSON.leak);';
    for (let i = 0; i < 3; i += 1) expect(logs(await run(`${probe} // ${i}`))).toEqual(['undefined']);
  });

  it('run an example again in a fresh worker before blaming it for a timeout', async () => {
    // An unreferenced timer is not a pending handle: this worker looks clean, then blocks the next example.
    await run('setTimeout(() => { const end = Date.now() + 1500; while (Date.now() < end); }, 20).unref();');
    const outcome = await runAtBuild('console.log("on time")', {
      cacheFolder: freshCache(),
      timeLimitMs: 800,
    });
    expect(logs(outcome)).toEqual(['on time']);
  });
});

describe('the cache of build-time runs', () => {
  const code = "import { identity } from '@gradscope/core';\nconsole.log(identity(2, 3).data);";

  it('answers an unchanged example without starting a worker, with the same output', async () => {
    const cacheFolder = freshCache();
    const first = await runAtBuild(code, { cacheFolder });
    expect(first.status).toBe('finished');
    const { workersStarted: started, cacheMisses: missed } = buildRunStats();
    const second = await runAtBuild(code, { cacheFolder });
    expect(buildRunStats().workersStarted).toBe(started);
    expect(buildRunStats().cacheMisses).toBe(missed);
    expect(second).toEqual(first);
    // A different example is not answered by the first one's entry.
    const other = await runAtBuild(`${code}\nconsole.log('more');`, { cacheFolder });
    expect(other.status === 'finished' && other.result.items.map((item) => item.kind)).toEqual([
      'log',
      'log',
    ]);
    expect(buildRunStats().cacheMisses).toBe(missed + 1);
  });

  it('runs again when a file the worker is built from changes', async () => {
    // A wrapper of the real worker that also bundles a module standing in for the engine's build.
    const cacheFolder = freshCache();
    const entryFolder = mkdtempSync(join(cacheRoot, 'entry-'));
    const engine = join(entryFolder, 'engine-build.mjs');
    const entry = join(entryFolder, 'worker.mjs');
    const realWorker = resolve('src/playground/build/node-worker.mjs').replace(/\\/g, '/');
    writeFileSync(entry, `import './engine-build.mjs';\nimport ${JSON.stringify(realWorker)};\n`);
    writeFileSync(engine, 'globalThis.engineBuild = 1;\n');
    await runAtBuild(code, { cacheFolder, workerEntry: entry });
    const before = buildRunStats();
    await runAtBuild(code, { cacheFolder, workerEntry: entry });
    expect(buildRunStats().cacheHits).toBe(before.cacheHits + 1);
    // An engine rebuilt after the runner last looked (it looks again after RECHECK_MS, see worker-bundle.ts).
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS + 50));
    writeFileSync(engine, 'globalThis.engineBuild = 2;\n');
    const rerun = await runAtBuild(code, { cacheFolder, workerEntry: entry });
    expect(rerun.status).toBe('finished');
    expect(buildRunStats().workersStarted).toBeGreaterThan(before.workersStarted);
    expect(buildRunStats().cacheMisses).toBe(before.cacheMisses + 1);
    // The replaced bundle is removed: one bundle per worker entry stays on disk.
    expect(readdirSync(join(cacheFolder, 'worker')).filter((name) => name.endsWith('.mjs'))).toHaveLength(1);
  });

  it('does not keep a run that failed, and ignores a corrupt entry', async () => {
    const cacheFolder = freshCache();
    const failing = 'const a = 1;\nnull.x;';
    await runAtBuild(failing, { cacheFolder });
    const before = buildRunStats();
    const again = await runAtBuild(failing, { cacheFolder });
    expect(again.status === 'finished' && again.result.error?.name).toBe('TypeError');
    expect(buildRunStats().cacheMisses).toBe(before.cacheMisses + 1);

    const first = await runAtBuild(code, { cacheFolder });
    const runs = join(cacheFolder, 'runs');
    for (const name of readdirSync(runs, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.json'),
    ))
      writeFileSync(join(runs, name), '{"version":1,"key":');
    const afterCorruption = buildRunStats();
    const rerun = await runAtBuild(code, { cacheFolder });
    expect(buildRunStats().cacheMisses).toBe(afterCorruption.cacheMisses + 1);
    expect(rerun).toEqual({
      ...first,
      result: { ...(first as { result: object }).result, ms: expect.any(Number) },
    });
  });
});

describe('pruning the cache', () => {
  it('keeps the runs of the last few engine builds only', () => {
    const folder = freshCache();
    // Older engine builds, one day apart: old-0 is the oldest.
    for (let age = 0; age < KEPT_ENGINE_BUILDS + 2; age += 1) {
      const build = join(folder, 'runs', `old-${age}`);
      mkdirSync(build, { recursive: true });
      const day = new Date(2026, 0, 1 + age);
      utimesSync(build, day, day);
    }
    const fingerprint = 'f'.repeat(64);
    openRunCache(folder, fingerprint).set('key', { items: [], ms: 1 });
    expect(readdirSync(join(folder, 'runs')).sort()).toEqual(
      [
        fingerprint.slice(0, 24),
        ...Array.from({ length: KEPT_ENGINE_BUILDS - 1 }, (_, i) => `old-${i + 3}`),
      ].sort(),
    );
    expect(openRunCache(folder, fingerprint).get('key')).toEqual({ items: [], ms: 1 });
  });
});

describe('build error messages', () => {
  const root = mkdtempSync(join(tmpdir(), 'gs-locate-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'content', '1-phenomenon'), { recursive: true });
  writeFileSync(
    join(root, 'content', '1-phenomenon', 'deep-linear-network.mdx'),
    [
      '---',
      'title: x',
      '---',
      "import growth from './deep-linear-network/output-growth.ts?raw';",
      '',
      'Text.',
      '',
      '<Playground',
      '  code={growth}',
      '  id="output-growth"',
      '/>',
    ].join('\n'),
  );

  it('name the lesson file, the line of the tag and the example file', () => {
    const location = locatePlayground('/base/lessons/deep-linear-network/', 'output-growth', root);
    expect(location).toEqual({
      lessonFile: join('content', '1-phenomenon', 'deep-linear-network.mdx'),
      lessonLine: 8,
      exampleFile: join('content', '1-phenomenon', 'deep-linear-network', 'output-growth.ts'),
    });
    const message = buildErrorMessage(
      {
        status: 'finished',
        result: {
          items: [],
          ms: 1,
          error: { name: 'TypeError', message: 'x is null', phase: 'runtime', line: 7, column: 3 },
        },
      },
      'output-growth',
      location,
    );
    expect(message).toBe(
      `Playground "output-growth" (${location?.lessonFile}:8) failed at build time:\n  ${location?.exampleFile}:7:3: TypeError: x is null`,
    );
  });

  it('find a playground named by its example, whose id is the example name', () => {
    writeFileSync(
      join(root, 'content', '1-phenomenon', 'by-example.mdx'),
      [
        '---',
        'title: x',
        '---',
        '',
        '<Playground example="growth" id="growth-again" />',
        '',
        '<Playground title="t" example="growth" />',
      ].join('\n'),
    );
    expect(locatePlayground('/lessons/by-example/', 'growth', root)).toEqual({
      lessonFile: join('content', '1-phenomenon', 'by-example.mdx'),
      lessonLine: 7,
      exampleFile: join('content', '1-phenomenon', 'by-example', 'growth.ts'),
    });
    expect(locatePlayground('/lessons/by-example/', 'growth-again', root)?.lessonLine).toBe(5);
  });

  it('say that an example ran out of memory, with JavaScript’s own words', async () => {
    const outcome = await runAtBuild('const big = new Float64Array(1e11);');
    const message = buildErrorMessage(outcome, 'bomb', undefined);
    expect(message).toMatch(
      /^Playground "bomb" failed at build time:\n {2}the code of playground "bomb":1:\d+: Out of memory: The example ran out of memory: .*\(RangeError: Array buffer allocation failed\)$/,
    );
    // A worker that Node stops at its heap limit reports it in its own words.
    expect(
      buildErrorMessage(
        {
          status: 'crashed',
          message: 'Worker terminated due to reaching memory limit: JS heap out of memory',
        },
        'bomb',
        undefined,
      ),
    ).toMatch(/could not run at build time: The example ran out of memory: .*\(Worker terminated .*\)$/);
  });

  it('say how to allow more time when an example times out', () => {
    const message = buildErrorMessage({ status: 'timeout', timeLimitMs: 10000 }, 'output-growth', undefined);
    expect(message).toMatch(/exceeded its time limit of 10000 ms.*timeLimitMs/);
  });

  it('are absent when the example ran cleanly', () => {
    expect(
      buildErrorMessage({ status: 'finished', result: { items: [], ms: 1 } }, 'a', undefined),
    ).toBeUndefined();
  });
});
