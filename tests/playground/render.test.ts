import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

import { appendItem, errorHeading, renderItems, updateItem } from '../../src/playground/output/render.ts';
import type { OutputItem } from '../../src/playground/runtime/protocol.ts';

function panel() {
  const { document } = parseHTML('<!doctype html><html><body><div></div></body></html>');
  return document.querySelector('div') as unknown as Element;
}

const figure = (html: string, document: Document) => {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
};

describe('output rendering', () => {
  it('merges consecutive console lines into one block, level by level', () => {
    const container = panel();
    renderItems(
      container,
      [
        { kind: 'log', key: 0, level: 'log', text: 'a' },
        { kind: 'log', key: 1, level: 'warn', text: 'b' },
        { kind: 'figure', key: 2, html: '<svg></svg>' },
        { kind: 'log', key: 3, level: 'log', text: 'c' },
      ],
      figure,
    );
    const blocks = [...container.children].map((child) => [
      child.tagName.toLowerCase(),
      child.className,
      [...child.querySelectorAll('.gs-out-line')].map((line) => [
        line.className,
        line.getAttribute('data-key'),
        line.textContent,
      ]),
    ]);
    expect(blocks).toEqual([
      [
        'pre',
        'gs-out-log',
        [
          ['gs-out-line gs-level-log', '0', 'a\n'],
          ['gs-out-line gs-level-warn', '1', 'b\n'],
        ],
      ],
      ['div', 'gs-out-figure', []],
      ['pre', 'gs-out-log', [['gs-out-line gs-level-log', '3', 'c\n']]],
    ]);
    expect(container.querySelector('.gs-out-figure > svg')).not.toBeNull();
  });

  it('lets a chart shrink only as far as its text stays 11 px, and makes its box reachable by keyboard', () => {
    const container = panel();
    const chart = (attributes: string) =>
      `<figure class="gs-chart"><p>Title</p><svg aria-label="Norms" viewBox="0 0 640 360" ${attributes}></svg></figure>`;
    appendItem(
      container,
      { kind: 'figure', key: 0, html: chart('width="640" style="font-size:13px"') },
      figure,
    );
    // Plot's default 10 px text is already below 11 px: the chart is kept at its own width, never enlarged.
    appendItem(container, { kind: 'figure', key: 1, html: chart('width="640" font-size="10"') }, figure);
    appendItem(container, { kind: 'figure', key: 2, html: '<svg viewBox="0 0 10 10"></svg>' }, figure);
    const [styled, plain, unsized] = [...container.querySelectorAll('.gs-out-figure')];
    // 640 × 11 / 13 = 541.5.
    expect(styled.getAttribute('style')).toBe('--gs-readable-width: 542px');
    expect(plain.getAttribute('style')).toBe('--gs-readable-width: 640px');
    expect(unsized.hasAttribute('style')).toBe(false);
    expect([
      styled.getAttribute('role'),
      styled.getAttribute('tabindex'),
      styled.getAttribute('aria-label'),
    ]).toEqual(['group', '0', 'Chart: Norms']);
    expect(unsized.getAttribute('aria-label')).toBe('Chart: output of the code');
  });

  it('measures the chart, not its legend: swatches and colour ramps are SVGs too, and come first', () => {
    const container = panel();
    const swatches = '<div class="legend"><span><svg width="15" height="15"></svg>k = 1.5</span></div>';
    const ramp = '<svg class="ramp" width="400" height="50" style="font-size:10px"></svg>';
    const plot = '<svg aria-label="Norms" width="640" style="font-size:13px"></svg>';
    appendItem(container, { kind: 'figure', key: 0, html: `<figure>${swatches}${plot}</figure>` }, figure);
    appendItem(container, { kind: 'figure', key: 1, html: `<figure>${ramp}${plot}</figure>` }, figure);
    for (const box of container.querySelectorAll('.gs-out-figure')) {
      expect(box.getAttribute('style')).toBe('--gs-readable-width: 542px');
    }
  });

  it('puts text in as text, never as markup', () => {
    const container = panel();
    appendItem(
      container,
      { kind: 'log', key: 0, level: 'log', text: '<img src=x onerror=alert(1)>' },
      figure,
    );
    appendItem(container, { kind: 'note', key: 1, text: '<b>bold</b>' }, figure);
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('renders a table with column headers, right-aligned numbers and the count of omitted rows', () => {
    const container = panel();
    const item: OutputItem = {
      kind: 'table',
      key: 4,
      columns: ['layer', 'norm'],
      rows: [
        [
          { text: '1', numeric: true },
          { text: 'big', numeric: false },
        ],
      ],
      omittedRows: 3,
    };
    appendItem(container, item, figure);
    const wrapper = container.querySelector('.gs-out-table');
    expect(wrapper?.getAttribute('role')).toBe('region');
    expect(wrapper?.getAttribute('tabindex')).toBe('0');
    expect(
      [...container.querySelectorAll('th')].map((th) => [th.getAttribute('scope'), th.textContent]),
    ).toEqual([
      ['col', 'layer'],
      ['col', 'norm'],
    ]);
    expect(container.querySelector('td')?.className).toBe('gs-out-num');
    expect(container.querySelector('.gs-out-note')?.textContent).toBe('… and 3 more rows, not shown.');
  });

  it('replaces an item in place by key, and appends one it has not seen', () => {
    const container = panel();
    appendItem(container, { kind: 'figure', key: 1, html: '<svg id="old"></svg>' }, figure);
    appendItem(container, { kind: 'note', key: 2, text: 'after' }, figure);
    updateItem(container, { kind: 'figure', key: 1, html: '<svg id="new"></svg>' }, figure);
    updateItem(container, { kind: 'note', key: 9, text: 'late' }, figure);
    expect([...container.children].map((child) => child.getAttribute('data-key'))).toEqual(['1', '2', '9']);
    expect(container.querySelector('#new')).not.toBeNull();
    expect(container.querySelector('#old')).toBeNull();
  });

  it('shows JavaScript’s own message under an error explained in other words', () => {
    const container = panel();
    appendItem(
      container,
      {
        kind: 'error',
        key: 0,
        error: {
          name: 'Out of memory',
          message: 'The example ran out of memory.',
          detail: 'RangeError: Array buffer allocation failed',
          phase: 'runtime',
          line: 3,
        },
      },
      figure,
    );
    expect(container.querySelector('.gs-out-error-heading')?.textContent).toBe('Out of memory on line 3');
    expect(container.querySelector('.gs-out-error-message')?.textContent).toBe(
      'The example ran out of memory.',
    );
    expect(container.querySelector('.gs-out-error-detail')?.textContent).toBe(
      'JavaScript’s own message: RangeError: Array buffer allocation failed',
    );
    appendItem(
      container,
      { kind: 'error', key: 1, error: { name: 'TypeError', message: 'x', phase: 'runtime' } },
      figure,
    );
    expect(container.querySelectorAll('.gs-out-error-detail')).toHaveLength(1);
  });

  it('heads an error with where it happened', () => {
    expect(errorHeading({ name: 'TypeError', message: 'x', phase: 'runtime', line: 5, column: 3 })).toBe(
      'TypeError on line 5, column 3',
    );
    expect(errorHeading({ name: 'SyntaxError', message: 'x', phase: 'syntax', line: 2 })).toBe(
      'Syntax error on line 2',
    );
    expect(errorHeading({ name: 'GradscopeArgumentError', message: 'x', phase: 'runtime' })).toBe(
      'GradscopeArgumentError',
    );
    expect(errorHeading({ name: 'Time limit', message: 'x', phase: 'timeout' })).toBe('Time limit');
  });
});
