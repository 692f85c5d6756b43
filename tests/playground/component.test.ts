import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';

import Playground from '../../src/components/Playground.astro';

let container: AstroContainer;

beforeAll(async () => {
  container = await AstroContainer.create();
});

async function render(props: Record<string, unknown>) {
  const html = await container.renderToString(Playground, {
    props,
    request: new Request('https://gradscope.example/lessons/no-such-lesson/'),
  });
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
}

describe('<Playground>', () => {
  it('writes the code and the output of running it into the page', async () => {
    const code = [
      "import * as Plot from '@observablehq/plot';",
      "console.log('hello from the build');",
      "display(Plot.plot({ ariaLabel: 'built', marks: [Plot.lineY([1, 2, 4])] }));",
      'display([{ layer: 1, norm: 1.5 }]);',
      '',
    ].join('\n');
    const document = await render({ code, id: 'built-example', title: 'Built at build time' });
    const element = document.querySelector('gs-playground');
    expect(element?.getAttribute('id')).toBe('playground-built-example');
    expect(element?.getAttribute('data-time-limit')).toBe('10000');
    // The code the reader resets to is the file without its final newline.
    expect(element?.getAttribute('data-lesson-code')).toBe(code.trimEnd());
    expect(document.querySelector('[data-role="code"] pre.astro-code')?.textContent).toContain(
      'hello from the build',
    );
    expect(document.querySelector('.gs-pg-name')?.textContent).toBe('Built at build time');
    const output = document.querySelector('.gs-output');
    expect(output?.querySelector('.gs-out-log')?.textContent).toBe('hello from the build\n');
    expect(output?.querySelector('svg[aria-label="built"]')).not.toBeNull();
    expect(output?.querySelector('table th')?.textContent).toBe('layer');
  });

  it('fails with the playground, the line and the error when the example throws', async () => {
    await expect(render({ code: 'const a = 1;\nnull.boom;', id: 'broken' })).rejects.toThrow(
      /Playground "broken".*failed at build time:\n {2}the code of playground "broken":2:\d+: TypeError: Cannot read properties of null/s,
    );
  });

  it('fails when the example runs past its time limit', async () => {
    await expect(render({ code: 'while (true) {}', id: 'endless', timeLimitMs: 300 })).rejects.toThrow(
      'Playground "endless" exceeded its time limit of 300 ms at build time.',
    );
  });

  it('rejects a bad id or time limit, saying what is expected', async () => {
    await expect(render({ code: 'console.log(1)', id: 'Bad Id' })).rejects.toThrow(
      /id must be lowercase letters, digits and hyphens.*received "Bad Id"/,
    );
    await expect(render({ code: 'console.log(1)', id: 'ok', timeLimitMs: 5 })).rejects.toThrow(
      /timeLimitMs must be a whole number of milliseconds from 100 to 600000; received 5/,
    );
    await expect(render({ code: '  ', id: 'empty' })).rejects.toThrow(
      /code must be the example's TypeScript/,
    );
  });
});
