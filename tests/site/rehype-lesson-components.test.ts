// The lesson pipeline's reading of lesson components, on MDX compiled the way Astro compiles a lesson.
import { compile } from '@mdx-js/mdx';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';

import {
  rehypeLessonComponents,
  type LessonComponentIndex,
} from '../../src/lib/markdown/rehype-lesson-components.ts';

async function compileLesson(mdx: string) {
  const file = new VFile({ value: mdx, path: 'content/1-phenomenon/lesson.mdx' });
  const compiled = await compile(file, {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex, rehypeLessonComponents],
  });
  const index = (compiled.data as { astro: { frontmatter: LessonComponentIndex } }).astro.frontmatter;
  return { code: String(compiled), index };
}

describe('citations', () => {
  it('are numbered in order of first citation, each counted, and each <Cite> told its number and occurrence', async () => {
    const { code, index } = await compileLesson(
      'As <Cite key="he2015" /> and <Cite key="glorot2010" at="eq. 12" /> show, and again <Cite key="he2015" />.',
    );
    expect(index.citations).toEqual([
      { key: 'he2015', count: 2 },
      { key: 'glorot2010', count: 1 },
    ]);
    // The compiled lesson passes the numbers to the components as props (JSX passes `key` on its own; Astro's
    // JSX runtime puts it back among the props).
    const calls = [...code.matchAll(/_jsx\(Cite, \{([^}]*)\}, "([^"]*)"\)/g)].map(
      ([, props, key]) => `${key}: ${props.replace(/\s+/g, ' ').trim()}`,
    );
    expect(calls).toEqual([
      'he2015: index: "1", occurrence: "1"',
      'glorot2010: at: "eq. 12", index: "2", occurrence: "1"',
      'he2015: index: "1", occurrence: "2"',
    ]);
  });

  it('must be written with a plain string key, so the References can be numbered while the lesson builds', async () => {
    await expect(compileLesson('See <Cite key={name} />.')).rejects.toThrow(
      /<Cite>: key must be written as a plain string, like <Cite key="glorot2010" \/>.*received an \{expression\}/,
    );
  });
});

describe('definitions', () => {
  it('are recorded for the glossary with their anchor and their text, math typeset and citations marked', async () => {
    const { index } = await compileLesson(
      [
        '<Definition term="Vanishing gradient">',
        '  The ratio $\\delta^{[1]} / \\delta^{[L]}$ tends to 0 <Cite key="hochreiter1991" at="ch. 4" />.',
        '</Definition>',
      ].join('\n'),
    );
    expect(index.definitions).toHaveLength(1);
    const [definition] = index.definitions;
    expect(definition.term).toBe('Vanishing gradient');
    expect(definition.id).toBe('def-vanishing-gradient');
    expect(definition.html).toMatch(/^<p>The ratio <span class="katex">/);
    expect(definition.html).toContain('<span data-cite="hochreiter1991" data-at="ch. 4"></span>');
  });

  it("keep a string written as an expression, like Prettier's {' '}, as text", async () => {
    const { index } = await compileLesson(
      '<Definition term="depth">\n  Layers{\' \'}\n  <Cite key="x" />.\n</Definition>',
    );
    expect(index.definitions[0].html).toBe('<p>Layers \n<span data-cite="x"></span>.</p>');
  });

  it('cannot hold an {expression}, because the glossary copies the text while the lesson builds', async () => {
    await expect(
      compileLesson('<Definition term="depth">\n  It is {n.depth} layers.\n</Definition>'),
    ).rejects.toThrow(
      '<Definition term="depth">: the glossary copies a definition\'s text when the lesson builds, so it cannot hold an {expression}',
    );
  });

  it('are defined once per lesson', async () => {
    await expect(
      compileLesson('<Definition term="depth">A.</Definition>\n\n<Definition term="Depth">B.</Definition>'),
    ).rejects.toThrow('<Definition term="Depth">: this lesson already defines "depth" (anchor #def-depth)');
  });
});

describe('`for` on <Predict> and <TryThis>', () => {
  it('must name a playground of the lesson; the build says which ids exist and which is nearest', async () => {
    const lesson = [
      '<Predict id="p" answer={1} for="output-grwth">How big?</Predict>',
      '',
      '<Playground code={a} id="output-growth" />',
      '<Playground code={b} id="float32-overflow" />',
    ].join('\n');
    await expect(compileLesson(lesson)).rejects.toThrow(
      '<Predict for="output-grwth">: no <Playground id="output-grwth"> in this lesson (did you mean "output-growth"?); its playgrounds are output-growth, float32-overflow',
    );
  });

  it('accepts a playground that comes later in the lesson, or one found by its example name', async () => {
    const lesson = [
      '<TryThis for="growth">\n\n- a\n- b\n\n</TryThis>',
      '<Playground example="growth" />',
    ].join('\n\n');
    await expect(compileLesson(lesson)).resolves.toBeTruthy();
  });
});
