// The lesson components that need no JavaScript, on the built fixture site: citations and their References,
// the glossary and the bibliography, definitions, asides and network diagrams; and TryThis's link to its example.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { parsePage, useBrowserAndSite } from '../support/fixtures.ts';
import { basePath, builtPages } from '../support/site.ts';

const env = useBrowserAndSite();
const base = basePath();
const page = (path: string) => {
  const found = builtPages().find((p) => p.path === `${base}${path}`);
  if (!found) throw new Error(`The fixture build has no page ${base}${path}`);
  return parsePage(found).document;
};
const text = (element: Element | null) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('citations and References', () => {
  const lesson = page('lessons/sample-deep-linear/');

  it('number the works in order of first citation, and every citation links to its entry', () => {
    const citations = [...lesson.querySelectorAll('article a.cite')];
    expect(citations.map((a) => [a.id, a.getAttribute('href'), text(a)])).toEqual([
      ['cite-glorot2010-1', '#ref-1', 'Reference [1]'],
      ['cite-pascanu2013-1', '#ref-2', 'Reference [2]'],
      ['cite-glorot2010-2', '#ref-1', 'Reference [1, section 4]'],
      ['cite-he2015-1', '#ref-3', 'Reference [3]'],
    ]);
    expect([...lesson.querySelectorAll('.references li')].map((li) => li.id)).toEqual([
      'ref-1',
      'ref-2',
      'ref-3',
    ]);
  });

  it('link back from each entry to each of its citations', () => {
    const back = [...lesson.querySelectorAll('#ref-1 .reference-backlinks a')].map((a) =>
      a.getAttribute('href'),
    );
    expect(back).toEqual(['#cite-glorot2010-1', '#cite-glorot2010-2']);
    for (const href of [...lesson.querySelectorAll('.reference-backlinks a')].map((a) =>
      a.getAttribute('href')!,
    )) {
      expect(lesson.getElementById(href.slice(1)), href).not.toBeNull();
    }
  });

  it('list the lesson’s works in the table of contents only when it cites some', () => {
    expect(lesson.querySelector('nav a[href="#references"]')).not.toBeNull();
    expect(page('lessons/sample-why-relu/').querySelector('#references')).toBeNull();
  });
});

describe('the bibliography', () => {
  const bibliography = page('bibliography/');

  it('lists every work of the references file by first author, with the lessons citing it', () => {
    const entries = [...bibliography.querySelectorAll('.bibliography li')];
    expect(entries.map((li) => li.id)).toEqual(['glorot2010', 'he2015', 'hochreiter1997', 'pascanu2013']);
    expect(text(bibliography.querySelector('#glorot2010 .bibliography-cited'))).toBe(
      'Cited in “Fixture: a deep linear network” and “Fixture: the second lesson”.',
    );
    expect(
      [...bibliography.querySelectorAll('#glorot2010 .bibliography-cited a')].map((a) =>
        a.getAttribute('href'),
      ),
    ).toEqual([`${base}lessons/sample-deep-linear/#ref-1`, `${base}lessons/sample-second/#ref-1`]);
    expect(text(bibliography.querySelector('#hochreiter1997 .bibliography-cited'))).toBe(
      'Not cited by a lesson yet.',
    );
  });
});

describe('definitions and the glossary', () => {
  it('define a term in place, with an anchor, a link to itself and one to the glossary', () => {
    const definition = page('lessons/sample-deep-linear/').querySelector('#def-vanishing-gradient')!;
    expect(definition.getAttribute('role')).toBe('note');
    expect(text(definition.querySelector('dfn'))).toBe('vanishing gradient');
    expect(definition.querySelector('a.definition-link')!.getAttribute('href')).toBe(
      '#def-vanishing-gradient',
    );
    expect(definition.querySelector('.definition-glossary a')!.getAttribute('href')).toBe(
      `${base}glossary/#def-vanishing-gradient`,
    );
  });

  it('lists every term alphabetically with its definition, its citations and a link back to its lesson', () => {
    const glossary = page('glossary/');
    const entries = [...glossary.querySelectorAll('.glossary-entry')];
    expect(entries.map((entry) => text(entry.querySelector('dt')))).toEqual([
      'exploding gradient',
      'vanishing gradient',
    ]);
    const vanishing = glossary.querySelector('#def-vanishing-gradient')!;
    // The math is typeset, and the citation reads as its authors and year, linked to the bibliography.
    expect(vanishing.querySelector('.katex')).not.toBeNull();
    const cite = vanishing.querySelector('a.cite')!;
    expect([text(cite), cite.getAttribute('href')]).toEqual([
      'Pascanu et al. 2013',
      `${base}bibliography/#pascanu2013`,
    ]);
    expect(vanishing.querySelector('.glossary-source a')!.getAttribute('href')).toBe(
      `${base}lessons/sample-deep-linear/#def-vanishing-gradient`,
    );
  });
});

describe('asides and network diagrams', () => {
  const lesson = page('lessons/sample-deep-linear/');

  it('name each aside by its title, or by its kind when it has none', () => {
    const titleOf = (aside: Element) => text(lesson.getElementById(aside.getAttribute('aria-labelledby')!));
    const asides = [...lesson.querySelectorAll('.aside:not(#def-vanishing-gradient)')];
    expect(asides.map((aside) => [aside.className.match(/aside-(\w+)/)?.[1], titleOf(aside)])).toEqual([
      ['warning', 'Which format?'],
      ['history', 'History'],
    ]);
    expect(text(page('lessons/sample-second/').querySelector('.aside-note .aside-title'))).toBe('Note');
  });

  it('draw the network as an image with a name and a description of the layers', () => {
    const [small, deep] = [...lesson.querySelectorAll('.network-diagram svg')];
    expect(small.getAttribute('role')).toBe('img');
    expect(text(lesson.getElementById(small.getAttribute('aria-labelledby')!))).toBe('Three layers of 1.5·I');
    expect(text(lesson.getElementById(small.getAttribute('aria-describedby')!))).toBe(
      'A network of 3 weight layers. Input x: 2 units; 2 hidden layers, a[1] to a[2]: 2 units each; output ŷ: 2 units. Every weight matrix is 1.5·I. Hidden layers apply the activation g = identity. Highlighted: a[1]. An arrow shows the forward pass, from the input to the output. An arrow shows the backward pass, from the output back to the input.',
    );
    expect(small.querySelectorAll('circle').length).toBe(8);
    // Twenty layers of eight units: the first three and last two layers, five units drawn of each, one a ⋮.
    expect(deep.querySelectorAll('circle').length).toBe(5 * 4);
    expect([...deep.querySelectorAll('.nd-ellipsis text')].map(text)).toEqual(['⋯', '16 more']);
  });

  it('take their colours from the theme', async () => {
    const colours: Record<string, string> = {};
    for (const colorScheme of ['light', 'dark'] as const) {
      const watched = await openPage(env.browser, { colorScheme });
      await watched.page.goto(env.site.url('lessons/sample-deep-linear/'));
      const circle = watched.page.locator('.network-diagram circle').first();
      colours[colorScheme] = await circle.evaluate((element) => getComputedStyle(element).fill);
      await watched.close();
    }
    expect(colours.light).not.toBe(colours.dark);
  });
});

describe('TryThis', () => {
  it('lists the edits, and its link takes the reader to the example with its editor open', async () => {
    const watched = await openPage(env.browser);
    const { page: browserPage } = watched;
    await browserPage.goto(env.site.url('lessons/sample-deep-linear/'));
    const box = browserPage.locator('.try-this');
    expect(await box.locator('li').count()).toBe(2);
    await box.getByRole('link', { name: 'Go to the example and edit it' }).click();
    const pg = browserPage.locator('gs-playground[data-id="output-growth"]');
    await pg.locator('.monaco-editor, textarea.gs-pg-textarea').first().waitFor({ timeout: 20_000 });
    expect(new URL(browserPage.url()).hash).toBe('#playground-output-growth');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
