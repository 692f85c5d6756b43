// A lesson's MDX has no import lines: the pipeline brings its examples, its numbers and figures, and `fmt`. The
// MDX here is compiled by the same processor the site configures, in a temporary content folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { unified } from '@astrojs/markdown-remark';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, describe, expect, it } from 'vitest';

import Playground from '../../src/components/Playground.astro';
import { markdownPipeline } from '../../src/lib/markdown/pipeline.ts';
import { compileMdx } from './compile-mdx.ts';

const root = mkdtempSync(join(tmpdir(), 'gs-lesson-scope-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const part = join(root, 'content', '1-phenomenon');
mkdirSync(join(part, 'growth'), { recursive: true });
writeFileSync(join(part, 'growth', 'output-growth.ts'), "console.log('grows');\n");
writeFileSync(join(part, 'growth', 'float32-overflow.ts'), "console.log('overflows');\n");
writeFileSync(join(part, 'growth', 'numbers.ts'), 'export const depth = 20;\n');
for (const suffix of ['exercise', 'solution', 'check']) {
  writeFileSync(join(part, 'growth', `he-std.${suffix}.ts`), `// ${suffix}\n`);
}
writeFileSync(join(part, 'growth', 'half.exercise.ts'), '// a starter without its solution and check\n');
mkdirSync(join(part, 'bare'), { recursive: true });
writeFileSync(join(part, 'bare', 'figures.ts'), 'export const chart = { marks: [] };\n');

/** Compiles `mdx` as the lesson `content/1-phenomenon/<slug>.mdx` and returns the JavaScript module. */
const compile = (slug: string, mdx: string) => compileMdx(mdx, join(part, `${slug}.mdx`));

describe('a lesson without import lines', () => {
  it('gets its example’s code from ./<slug>/<example>.ts, imported with ?raw so Vite watches the file', async () => {
    const code = await compile('growth', 'Text.\n\n<Playground example="output-growth" title="Growth" />\n');
    expect(code).toContain('import __example_output_growth from "./growth/output-growth.ts?raw";');
    expect(code).toMatch(/example: "output-growth",\s*title: "Growth",\s*code: __example_output_growth/);
  });

  it('imports an example once however often it appears, each tag keeping its own id', async () => {
    const code = await compile(
      'growth',
      '<Playground example="output-growth" />\n\n<Playground example="output-growth" id="output-growth-again" />\n',
    );
    expect(code.match(/import __example_output_growth /g)).toHaveLength(1);
    expect(code.match(/code: __example_output_growth/g)).toHaveLength(2);
    expect(code).toContain('id: "output-growth-again"');
  });

  it('has n (numbers.ts), figures (figures.ts) when they exist, and fmt from the charts', async () => {
    const growth = await compile('growth', 'With {n.depth} layers, {fmt(1e40)}.\n');
    expect(growth).toContain('import * as n from "./growth/numbers.ts";');
    expect(growth).not.toContain('figures.ts');
    expect(growth).toContain('import {formatNumber as fmt} from "@gradscope/charts";');
    const bare = await compile('bare', 'No numbers here.\n');
    expect(bare).toContain('import * as figures from "./bare/figures.ts";');
    expect(bare).not.toContain('numbers.ts');
  });

  it('leaves a name the lesson declares itself alone', async () => {
    const code = await compile(
      'growth',
      "import * as n from './elsewhere.ts';\nexport const fmt = (x) => String(x);\n\n{n.depth} {fmt(1)}\n",
    );
    expect(code).toContain("import * as n from './elsewhere.ts'");
    expect(code).not.toContain('./growth/numbers.ts');
    expect(code).not.toContain('formatNumber as fmt');
  });

  it('fails on a missing example, naming the lesson file and line, the file it looked for and the likely name', async () => {
    const compiling = compile('growth', 'One.\n\nTwo.\n\n<Playground example="output-grwoth" />\n');
    await expect(compiling).rejects.toThrow(
      `${join(part, 'growth.mdx')}:5: <Playground example="output-grwoth"> needs the file ${join(part, 'growth', 'output-grwoth.ts')}, which does not exist. Did you mean example="output-growth"? The examples of this lesson are: float32-overflow, output-growth.`,
    );
  });

  it('gives <Exercise name> its starter, solution and check from ./<slug>/<name>.{exercise,solution,check}.ts', async () => {
    const code = await compile('growth', '<Exercise name="he-std">Write it.</Exercise>\n');
    for (const [prop, suffix] of [
      ['starter', 'exercise'],
      ['solution', 'solution'],
      ['check', 'check'],
    ]) {
      const variable = `__exercise_he_std_${prop}`;
      expect(code).toContain(`import ${variable} from "./growth/he-std.${suffix}.ts?raw";`);
      expect(code).toContain(`${prop}: ${variable}`);
    }
  });

  it('does not count an exercise’s files as examples', async () => {
    await expect(compile('growth', '<Playground example="nothing" />\n')).rejects.toThrow(
      'The examples of this lesson are: float32-overflow, output-growth.',
    );
  });

  it('fails on an exercise missing one of its files, naming the lesson line and the file', async () => {
    await expect(compile('growth', 'Text.\n\n<Exercise name="half">Halve it.</Exercise>\n')).rejects.toThrow(
      `${join(part, 'growth.mdx')}:3: <Exercise name="half"> needs the file ${join(part, 'growth', 'half.solution.ts')} (its solution), which does not exist.`,
    );
  });

  it('says so when the lesson has no examples at all', async () => {
    await expect(compile('bare', '<Playground example="first" />\n')).rejects.toThrow(
      /bare\.mdx:1: .*does not exist\. The lesson has no examples yet: put them in .*bare\/\./,
    );
  });

  it('rejects an example given as an expression or with code as well, and a playground with neither', async () => {
    await expect(compile('growth', '<Playground example={"output-growth"} />\n')).rejects.toThrow(
      /<Playground example=…> must be the example's file name without \.ts, in quotes/,
    );
    await expect(compile('growth', '<Playground example="output-growth" code={"x"} />\n')).rejects.toThrow(
      /takes example="…" or code=\{…\}, not both/,
    );
    await expect(compile('growth', '<Playground title="x" />\n')).rejects.toThrow(
      /<Playground> needs example="<name>"/,
    );
  });

  it('does not touch plain Markdown, which has no imports', async () => {
    const processor = await unified(markdownPipeline('/')).createRenderer({ syntaxHighlight: false });
    const { code } = await processor.render('With `n.depth` layers.', {
      fileURL: new URL(`file://${join(part, 'growth.md')}`),
    });
    expect(code).toBe('<p>With <code>n.depth</code> layers.</p>');
  });
});

describe('<Playground example>', () => {
  // A build-time run starts a worker thread: seconds on a busy machine.
  it(
    'takes its id from the example name, so a lesson names each example once',
    { timeout: 30_000 },
    async () => {
      const container = await AstroContainer.create();
      const html = await container.renderToString(Playground, {
        props: { example: 'output-growth', code: 'console.log(1.5 ** 20);' },
      });
      expect(html).toContain('id="playground-output-growth"');
      expect(html).toContain('data-id="output-growth"');
    },
  );
});
