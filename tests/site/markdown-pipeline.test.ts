import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

import { markdownPipeline } from '../../src/lib/markdown/pipeline.ts';

async function render(markdown: string, base = '/gradscope/') {
  const processor = await createMarkdownProcessor({ ...markdownPipeline(base), syntaxHighlight: false });
  const { code, metadata } = await processor.render(markdown, {
    fileURL: new URL('file:///content/1-x/lesson.md'),
  });
  const { document } = parseHTML(`<!doctype html><html><body>${code}</body></html>`);
  return { document, code, metadata };
}

describe('headings in lessons', () => {
  it('get a stable id and a copy-link anchor after them, named after the heading', async () => {
    const { document } = await render('## The product of weights\n\n### A detail');
    const wrapper = document.querySelector('.heading-wrapper.level-h2')!;
    expect(wrapper.querySelector('h2')!.id).toBe('the-product-of-weights');
    const anchor = wrapper.querySelector('h2 + a.heading-anchor')!;
    expect(anchor.getAttribute('href')).toBe('#the-product-of-weights');
    expect(anchor.hasAttribute('data-copy-link')).toBe(true);
    expect(anchor.hasAttribute('data-pagefind-ignore')).toBe(true);
    expect(anchor.querySelector('.sr-only')!.textContent).toBe(
      'Copy link to section: The product of weights',
    );
    expect(document.querySelector('h3')!.id).toBe('a-detail');
  });

  it('with math take their id from the TeX and their label from what a reader hears', async () => {
    const { document, metadata } = await render('## Why $k \\cdot I$?');
    const heading = document.querySelector('h2')!;
    expect(heading.id).toBe('why-k-cdot-i');
    expect(document.querySelector('.heading-anchor .sr-only')!.textContent).toBe(
      'Copy link to section: Why k⋅I?',
    );
    expect((metadata.frontmatter.headingLabels as Record<string, string>)['why-k-cdot-i']).toBe('Why k⋅I?');
  });
});

describe('equations', () => {
  const lesson = [
    'As $\\eqref{eq:power}$ shows, and earlier $\\ref{eq:product}$:',
    '',
    '$$',
    '\\hat y = W^{[L]} \\cdots W^{[1]} x \\label{eq:product}',
    '$$',
    '',
    '$$',
    '\\hat y = k^L x \\label{eq:power}',
    '$$',
    '',
    'Inside a formula: $\\text{by } \\eqref{eq:product}$.',
  ].join('\n');

  it('are numbered in page order and wrapped in an element with a linkable id', async () => {
    const { document } = await render(lesson);
    const equations = [...document.querySelectorAll('div.equation')];
    expect(equations.map((equation) => equation.id)).toEqual(['eq-product', 'eq-power']);
    expect(equations[0].querySelector('.equation-number')!.textContent).toBe('(1)');
    expect(equations[1].querySelector('.equation-number')!.textContent).toBe('(2)');
  });

  it('keep their number beside the formula, outside the part that scrolls, hidden from screen readers', async () => {
    const { document } = await render(lesson);
    for (const equation of document.querySelectorAll('div.equation')) {
      const row = equation.querySelector('.math-display-numbered')!;
      expect([...row.children].map((child) => child.className)).toEqual(['katex-display', 'equation-number']);
      expect(row.querySelector('.katex-display .tag')).toBeNull();
      expect(row.querySelector('.equation-number')!.getAttribute('aria-hidden')).toBe('true');
      // What a screen reader reads, the MathML, still has the number.
      expect(row.querySelector('.katex-mathml')!.textContent).toMatch(/\(\d\)/);
    }
    const unnumbered = await render('$$\nx = 1\n$$');
    expect(unnumbered.document.querySelector('.math-display-numbered, .equation-number')).toBeNull();
  });

  it('can be reached from the keyboard, since a long one scrolls sideways on a phone', async () => {
    const { document } = await render(lesson);
    const displays = [...document.querySelectorAll('.katex-display')];
    expect(displays).toHaveLength(2);
    expect(displays.map((display) => display.getAttribute('tabindex'))).toEqual(['0', '0']);
    expect(document.querySelector('.katex:not(.katex-display .katex)')!.hasAttribute('tabindex')).toBe(false);
  });

  it('are referenced by links reading (n), even before the equation appears', async () => {
    const { document } = await render(lesson);
    const references = [...document.querySelectorAll('a.equation-reference')];
    expect(references.map((link) => [link.getAttribute('href'), link.textContent])).toEqual([
      ['#eq-power', '(2)'],
      ['#eq-product', '1'],
    ]);
  });

  it('referenced inside a larger formula show the number as text', async () => {
    const { code } = await render(lesson);
    expect(code).toContain('<annotation encoding="application/x-tex">\\text{by } \\text{(1)}</annotation>');
  });

  it('fail the build when a reference names no label on the page', async () => {
    await expect(render('See $\\eqref{eq:nowhere}$.')).rejects.toThrow(
      'No equation on this page has \\label{eq:nowhere} (this page labels no equation).',
    );
  });

  it('fail the build when a label is used twice', async () => {
    await expect(render('$$\na \\label{eq:a}\n$$\n\n$$\nb \\label{eq:a}\n$$')).rejects.toThrow(/used twice/);
  });
});

describe('math', () => {
  it('is rendered with MathML for screen readers and no error nodes', async () => {
    const { document } = await render('Inline $x^2$ and\n\n$$\n\\sum_i x_i\n$$');
    expect(document.querySelectorAll('.katex math').length).toBe(2);
    expect(document.querySelectorAll('.katex-error').length).toBe(0);
  });

  it('that KaTeX cannot parse fails the build, naming the line', async () => {
    await expect(render('Fine.\n\nBroken $\\frac{1}{$ here.')).rejects.toThrow(
      /KaTeX could not render 1 formula\(s\)[\s\S]*line 3/,
    );
  });
});

describe('links in lessons', () => {
  it('get the base path when root-relative, and stay as written otherwise', async () => {
    const { document } = await render(
      '[a](/lessons/x/) [b](../y/) [c](https://example.org/) [d](#here) [e](/gradscope/lessons/z/)',
    );
    expect([...document.querySelectorAll('a')].map((link) => link.getAttribute('href'))).toEqual([
      '/gradscope/lessons/x/',
      '../y/',
      'https://example.org/',
      '#here',
      '/gradscope/lessons/z/',
    ]);
  });

  it('are left alone at the domain root', async () => {
    const { document } = await render('[a](/lessons/x/)', '/');
    expect(document.querySelector('a')!.getAttribute('href')).toBe('/lessons/x/');
  });
});

describe('footnotes', () => {
  it('get a visible "Notes" heading with its own anchor', async () => {
    const { document } = await render('Text.[^1]\n\n[^1]: A note.');
    const heading = document.querySelector('section[data-footnotes] h2')!;
    expect(heading.textContent).toBe('Notes');
    expect(heading.className).not.toContain('sr-only');
    expect(heading.parentElement!.querySelector('a.heading-anchor')!.getAttribute('href')).toBe(
      `#${heading.id}`,
    );
  });
});
