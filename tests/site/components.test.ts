import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';

import Heading from '../../src/components/Heading.astro';
import Pager from '../../src/components/Pager.astro';
import References from '../../src/components/References.astro';
import ShortAnswer from '../../src/components/ShortAnswer.astro';
import Sidebar from '../../src/components/Sidebar.astro';
import TableOfContents from '../../src/components/TableOfContents.astro';
import { lessonSchema } from '../../src/lib/lesson-schema.ts';
import { groupByPart, readingOrder } from '../../src/lib/reading-order.ts';

let container: AstroContainer;

beforeAll(async () => {
  container = await AstroContainer.create();
});

async function dom(component: Parameters<AstroContainer['renderToString']>[0], options = {}) {
  const html = await container.renderToString(component, options);
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
}

const lessons = readingOrder(
  [
    ['1-phenomenon/deep-linear-network', 1, 1, 'The lecture: a deep linear network'],
    ['1-phenomenon/activations', 1, 2, 'Activations'],
    ['3-forum-questions/why-relu', 3, 1, 'Does ReLU fix it?'],
  ].map(([id, part, order, title]) => ({
    id: id as string,
    data: lessonSchema.parse({ title, summary: 'S.', part, order }),
  })),
);

describe('<Heading>', () => {
  it('renders the heading with its id and a copy-link anchor named after its text', async () => {
    const document = await dom(Heading, {
      props: { level: 2, id: 'reading-order' },
      slots: { default: 'Reading <em>order</em>' },
    });
    const heading = document.querySelector('h2#reading-order')!;
    expect(heading.innerHTML).toBe('Reading <em>order</em>');
    const anchor = document.querySelector('.heading-wrapper > a.heading-anchor[data-copy-link]')!;
    expect(anchor.getAttribute('href')).toBe('#reading-order');
    expect(anchor.textContent!.trim()).toBe('Copy link to section: Reading order');
  });

  it('rejects a level outside 2–6, naming the prop', async () => {
    await expect(container.renderToString(Heading, { props: { level: 1, id: 'x' } })).rejects.toThrow(
      '<Heading> level must be one of 2, 3, 4, 5, 6; got 1.',
    );
  });

  it('rejects an id that would not survive in a URL fragment', async () => {
    await expect(container.renderToString(Heading, { props: { level: 2, id: 'two words' } })).rejects.toThrow(
      /<Heading> id must start with a letter/,
    );
  });
});

describe('<Sidebar>', () => {
  it('lists the parts that have lessons, in reading order, and marks the current lesson', async () => {
    const document = await dom(Sidebar, {
      props: { groups: groupByPart(lessons), currentSlug: 'activations' },
    });
    expect([...document.querySelectorAll('.sidebar-part-title')].map((p) => p.textContent!.trim())).toEqual([
      'Part 1 · The phenomenon',
      'Part 3 · Forum questions',
    ]);
    const current = document.querySelectorAll('[aria-current="page"]');
    expect(current.length).toBe(1);
    expect(current[0].getAttribute('href')).toBe('/lessons/activations/');
  });
});

describe('<TableOfContents>', () => {
  const headings = [
    { depth: 2, slug: 'short-answer', text: 'Short answer' },
    { depth: 2, slug: 'one', text: 'One' },
    { depth: 3, slug: 'one-a', text: 'One A' },
    { depth: 4, slug: 'deep', text: 'Too deep to list' },
    { depth: 2, slug: 'two', text: 'Two' },
  ];

  it('nests h3 under their h2 and leaves out deeper headings', async () => {
    const document = await dom(TableOfContents, { props: { headings, variant: 'aside' } });
    const top = [...document.querySelectorAll('nav > ol > li > a')].map((a) => a.getAttribute('href'));
    expect(top).toEqual(['#short-answer', '#one', '#two']);
    expect(document.querySelector('a[href="#one"] + ol a')!.getAttribute('href')).toBe('#one-a');
    expect(document.querySelector('a[href="#deep"]')).toBeNull();
  });

  it('renders the inline variant collapsed in a <details>', async () => {
    const document = await dom(TableOfContents, { props: { headings, variant: 'inline' } });
    expect(document.querySelector('details.toc-inline:not([open]) > summary')!.textContent).toBe(
      'On this page',
    );
  });

  it('renders nothing for a lesson without headings', async () => {
    expect(
      (await container.renderToString(TableOfContents, { props: { headings: [], variant: 'aside' } })).trim(),
    ).not.toContain('<nav');
  });
});

describe('<ShortAnswer>', () => {
  it('puts the question and the answer under the heading whose id is short-answer', async () => {
    const document = await dom(ShortAnswer, {
      props: { questionHtml: 'Why does it explode?', answerHtml: 'Because <em>1.5^L</em>.' },
    });
    const section = document.querySelector('section.short-answer')!;
    expect(section.getAttribute('aria-labelledby')).toBe('short-answer');
    expect(section.querySelector('h2#short-answer')!.textContent).toBe('Short answer');
    expect(section.querySelector('.short-answer-question')!.textContent).toBe(
      'Question: Why does it explode?',
    );
    expect(section.querySelector('.short-answer-text')!.innerHTML).toBe('Because <em>1.5^L</em>.');
  });
});

describe('<References>', () => {
  const glorot = {
    title: 'Understanding the difficulty',
    authors: ['X. Glorot', 'Y. Bengio'],
    year: 2010,
    venue: 'AISTATS 2010',
    url: 'https://proceedings.mlr.press/v9/glorot10a.html',
    note: 'Xavier initialisation.',
  };
  const lstm = { title: 'Long short-term memory', authors: ['S. Hochreiter', 'J. Schmidhuber', 'F. Gers'] };

  it('numbers the works in the order given, with ids, authors, year, linked title, venue and note', async () => {
    const document = await dom(References, {
      props: {
        references: [
          { key: 'glorot2010', count: 1, work: glorot },
          { key: 'hochreiter1997', count: 1, work: lstm },
        ],
      },
    });
    const items = [...document.querySelectorAll('section.references li')];
    expect(items.map((item) => item.id)).toEqual(['ref-1', 'ref-2']);
    expect(items[0].textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'X. Glorot and Y. Bengio (2010). Understanding the difficulty. AISTATS 2010. Xavier initialisation. ↩',
    );
    expect(items[0].querySelector('a.work-title')!.getAttribute('href')).toBe(
      'https://proceedings.mlr.press/v9/glorot10a.html',
    );
    expect(items[1].textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'S. Hochreiter, J. Schmidhuber and F. Gers. Long short-term memory. ↩',
    );
    expect(document.querySelector('h2#references')).not.toBeNull();
  });

  it('links back to every citation of a work in the text', async () => {
    const document = await dom(References, {
      props: { references: [{ key: 'glorot2010', count: 3, work: glorot }] },
    });
    const back = [...document.querySelectorAll('#ref-1 .reference-backlinks a')];
    expect(back.map((a) => a.getAttribute('href'))).toEqual([
      '#cite-glorot2010-1',
      '#cite-glorot2010-2',
      '#cite-glorot2010-3',
    ]);
    expect(back[1].getAttribute('aria-label')).toBe('Back to citation 2 of 3 of Glorot and Bengio 2010');
  });

  it('writes a work without authors as title (year)', async () => {
    const document = await dom(References, {
      props: {
        references: [{ key: 'ieee754', count: 1, work: { title: 'IEEE 754', year: 2019, venue: 'IEEE' } }],
      },
    });
    expect(document.querySelector('#ref-1')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'IEEE 754 (2019). IEEE. ↩',
    );
  });

  it('renders nothing when a lesson cites nothing', async () => {
    expect((await container.renderToString(References, { props: { references: [] } })).trim()).toBe('');
  });
});

describe('<Pager>', () => {
  it('links the previous and next lessons with rel=prev and rel=next', async () => {
    const document = await dom(Pager, { props: { previous: lessons[0], next: lessons[2] } });
    expect(document.querySelector('a[rel="prev"]')!.getAttribute('href')).toBe(
      '/lessons/deep-linear-network/',
    );
    expect(document.querySelector('a[rel="next"] .pager-title')!.textContent).toBe('Does ReLU fix it?');
  });

  it('shows only the next link on the first lesson', async () => {
    const document = await dom(Pager, { props: { next: lessons[1] } });
    expect(document.querySelector('a[rel="prev"]')).toBeNull();
    expect(document.querySelector('a[rel="next"]')).not.toBeNull();
  });
});
