// A figure's caption opens with "Figure 2.", the lesson's own numbering in reading order, and that label is the
// link to the figure (it used to open with a bare "#").
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

import { depthProfileChart } from '@gradscope/charts';

import Figure from '../../src/components/Figure.astro';
import { compileMdx } from './compile-mdx.ts';

const lesson = '/repo/content/1-phenomenon/lesson.mdx';
const chart = {
  ariaLabel: 'Two points',
  ariaDescription: 'A line through two points.',
  marks: [],
};

describe('figure numbers', () => {
  it('are given in reading order, also to a figure inside another component', async () => {
    const code = await compileMdx(
      [
        '<Figure id="first" chart={c} />',
        '',
        'Text with an inline <Figure id="second" chart={c} /> figure.',
        '',
        '<Aside>',
        '  <Figure id="third" chart={c} />',
        '</Aside>',
      ].join('\n'),
      lesson,
    );
    const numbered = [...code.matchAll(/id: "(\w+)",\s*chart: c,\s*number: (\d+)/g)].map((m) => [m[1], m[2]]);
    expect(numbered).toEqual([
      ['first', '1'],
      ['second', '2'],
      ['third', '3'],
    ]);
  });

  it('are the lesson’s to give: a number written by hand fails, naming the line', async () => {
    await expect(compileMdx('Text.\n\n<Figure id="a" chart={c} number={4} />\n', lesson)).rejects.toThrow(
      `${lesson}:3: <Figure> is numbered by its place in the lesson; remove number=….`,
    );
  });
});

describe('<Figure> caption', () => {
  async function caption(props: Record<string, unknown>) {
    const container = await AstroContainer.create();
    const html = await container.renderToString(Figure, {
      props: { id: 'activation-norms', chart, ...props },
      slots: { default: 'The size of each layer.' },
    });
    return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.querySelector(
      'figcaption',
    )!;
  }

  it('opens with "Figure n." whose label links to the figure, instead of a stray "#"', async () => {
    const figcaption = await caption({ number: 2 });
    expect(figcaption.textContent!.replace(/\s+/g, ' ').trim()).toBe('Figure 2. The size of each layer.');
    const link = figcaption.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('#activation-norms');
    expect(link.textContent).toBe('Figure 2');
  });

  it('reads "Figure." without a number, and rejects a number that is not a count', async () => {
    expect((await caption({})).textContent!.trim()).toMatch(/^Figure\. The size/);
    await expect(caption({ number: 0 })).rejects.toThrow(
      '<Figure id="activation-norms">: number must be a whole number from 1; received 0',
    );
  });

  it('ends with "Open in the Lab", a link to the Lab set to the figure’s configuration', async () => {
    const figcaption = await caption({ number: 1, lab: { depth: 20, width: 2, activation: 'identity' } });
    const link = figcaption.querySelector('a.gs-figure-lab')!;
    expect(link.textContent).toBe("Open in the Lab: figure activation-norms's network, to change and rerun");
    const url = new URL(link.getAttribute('href')!, 'https://gradscope.example');
    expect(url.pathname).toBe('/lab/');
    expect(url.searchParams.get('depth')).toBe('20');
    expect(url.searchParams.get('width')).toBe('2');
    expect(url.searchParams.get('act')).toBe('identity');
  });

  it('fails the build for a Lab configuration that does not fit, naming the figure and the field', async () => {
    await expect(caption({ lab: { depth: 9000 } })).rejects.toThrow(
      '<Figure id="activation-norms">: lab does not fit the Lab: depth 9000 is more than 500: using 500.',
    );
  });
});

describe('<Figure> on a narrow screen', () => {
  it('stops shrinking where the chart’s own text reaches 11 px, not where a legend swatch’s would', async () => {
    const container = await AstroContainer.create();
    const html = await container.renderToString(Figure, {
      props: {
        id: 'with-legend',
        // A 640-pixel chart with 13-pixel text and a swatch legend, whose swatches are 15-pixel SVGs of their own.
        chart: depthProfileChart({
          quantity: '‖a[l]‖',
          labels: 'legend',
          series: [
            { label: 'k = 1.5', values: [1.5, 2.25] },
            { label: 'k = 0.5', values: [0.5, 0.25] },
          ],
        }),
      },
    });
    const box = parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.querySelector(
      '.gs-figure-chart',
    )!;
    const svgs = [...box.querySelectorAll('svg')];
    expect(svgs.length).toBeGreaterThan(1);
    // 640 × 11 / 13 = 541.5, on the chart's own svg; the swatches keep their 15 pixels.
    expect(svgs.at(-1)!.getAttribute('style')).toContain('--gs-readable-width: 542px');
    for (const swatch of svgs.slice(0, -1))
      expect(swatch.getAttribute('style') ?? '').not.toContain('readable');
  });
});
