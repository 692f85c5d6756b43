import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildErrorMessage } from '../../src/playground/build/build-error.ts';
import { locatePlayground } from '../../src/playground/build/locate.ts';
import { runAtBuild } from '../../src/playground/build/run-at-build.ts';

describe('runAtBuild', () => {
  it('runs an example in a worker with the engine and Plot, returning its output', async () => {
    const outcome = await runAtBuild(`
      import { identity } from '@gradscope/core';
      import * as Plot from '@observablehq/plot';
      console.log(identity(2, 0.5).data[0]);
      display(Plot.lineY([1, 2, 3]));
    `);
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.result.error).toBeUndefined();
    expect(outcome.result.items.map((item) => item.kind)).toEqual(['log', 'figure']);
  });

  it('ends an infinite loop at the time limit', async () => {
    const outcome = await runAtBuild('while (true) {}', { timeLimitMs: 300 });
    expect(outcome).toEqual({ status: 'timeout', timeLimitMs: 300 });
  });

  it('reports an example that throws, with its line, as a finished run with an error', async () => {
    const outcome = await runAtBuild('const a = 1;\nnull.x;');
    expect(outcome.status).toBe('finished');
    if (outcome.status === 'finished')
      expect(outcome.result.error).toMatchObject({ name: 'TypeError', line: 2 });
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
