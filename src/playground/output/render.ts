/**
 * Output items → DOM, one implementation for both places: the build renders into a linkedom document and
 * serialises it into the page; the page renders the same markup live, so a rerun looks like the pre-rendered
 * output and nothing jumps when the playground comes alive.
 *
 * Text goes in through `textContent` only. The one piece of markup, a figure, goes through `figure(html)`, which
 * the page implements with DOMPurify (worker output is untrusted) and the build with a plain parse (the lesson's
 * own code).
 */
import { chartSvgOf, readableWidth } from '../../charts/readable-width.js';
import type { OutputItem, RunError } from '../runtime/protocol.js';

/** How to turn a figure's markup into a node; the page sanitises here. */
export type FigureParser = (html: string, document: Document) => Node;

/**
 * Appends one item to an output container, merging consecutive console lines into one block.
 *
 * @example
 * appendItem(panel, { kind: 'log', key: 0, level: 'log', text: 'hi' }, parseFigure);
 */
export function appendItem(container: Element, item: OutputItem, figure: FigureParser): void {
  const document = container.ownerDocument;
  if (item.kind === 'log') {
    const last = container.lastElementChild;
    const block = last?.classList.contains('gs-out-log') ? last : container.appendChild(logBlock(document));
    block.appendChild(logLine(document, item));
    return;
  }
  container.appendChild(itemElement(document, item, figure));
}

/**
 * Replaces the item with the same key (a redrawn figure, a completed note); appends it when it is not there.
 *
 * @example
 * updateItem(panel, { kind: 'figure', key: 3, html: '<svg></svg>' }, parseFigure);
 */
export function updateItem(container: Element, item: OutputItem, figure: FigureParser): void {
  const current = container.querySelector(`[data-key="${item.key}"]`);
  if (!current) {
    appendItem(container, item, figure);
    return;
  }
  const document = container.ownerDocument;
  current.replaceWith(item.kind === 'log' ? logLine(document, item) : itemElement(document, item, figure));
}

/**
 * Renders a whole list of items into an empty container.
 *
 * @example
 * renderItems(panel, result.items, parseFigure);
 */
export function renderItems(container: Element, items: readonly OutputItem[], figure: FigureParser): void {
  for (const item of items) appendItem(container, item, figure);
}

/**
 * Where an error is, in words: "line 5, column 3".
 *
 * @example
 * errorHeading({ name: 'TypeError', message: '…', phase: 'runtime', line: 5, column: 3 });
 * // 'TypeError on line 5, column 3'
 */
export function errorHeading(error: RunError): string {
  if (error.phase === 'timeout' || error.phase === 'stopped') return error.name;
  const where = error.line ? ` on line ${error.line}${error.column ? `, column ${error.column}` : ''}` : '';
  const name = error.phase === 'syntax' ? 'Syntax error' : error.name;
  return `${name}${where}`;
}

function logBlock(document: Document): Element {
  const pre = document.createElement('pre');
  pre.className = 'gs-out-log';
  return pre;
}

function logLine(document: Document, item: Extract<OutputItem, { kind: 'log' }>): Element {
  const line = document.createElement('span');
  line.className = `gs-out-line gs-level-${item.level}`;
  line.setAttribute('data-key', String(item.key));
  line.textContent = `${item.text}\n`;
  return line;
}

function itemElement(document: Document, item: OutputItem, figure: FigureParser): Element {
  switch (item.kind) {
    case 'log': {
      const block = logBlock(document);
      block.appendChild(logLine(document, item));
      return block;
    }
    case 'figure': {
      const wrapper = keyed(document, 'div', 'gs-out-figure', item.key);
      wrapper.appendChild(figure(item.html, document));
      const chart = chartSvgOf(wrapper);
      const minWidth = chart ? readableWidth(chart) : undefined;
      // Scaled down to fit a phone, a chart's text would shrink below reading size: it scrolls instead (CSS).
      if (minWidth) wrapper.setAttribute('style', `--gs-readable-width: ${minWidth}px`);
      // A region that may scroll must be reachable from the keyboard, like a lesson's own figures.
      wrapper.setAttribute('role', 'group');
      wrapper.setAttribute('tabindex', '0');
      wrapper.setAttribute(
        'aria-label',
        `Chart: ${chart?.getAttribute('aria-label') ?? 'output of the code'}`,
      );
      return wrapper;
    }
    case 'table': {
      const wrapper = keyed(document, 'div', 'gs-out-table', item.key);
      // A wide table scrolls sideways; a focusable, named region lets keyboard users scroll it.
      wrapper.setAttribute('role', 'region');
      wrapper.setAttribute('tabindex', '0');
      wrapper.setAttribute('aria-label', `Table: ${item.columns.join(', ')}`);
      const table = document.createElement('table');
      const head = document.createElement('thead');
      const headRow = document.createElement('tr');
      for (const column of item.columns) {
        const th = document.createElement('th');
        th.setAttribute('scope', 'col');
        th.textContent = column;
        headRow.appendChild(th);
      }
      head.appendChild(headRow);
      const body = document.createElement('tbody');
      for (const row of item.rows) {
        const tr = document.createElement('tr');
        for (const cell of row) {
          const td = document.createElement('td');
          if (cell.numeric) td.className = 'gs-out-num';
          td.textContent = cell.text;
          tr.appendChild(td);
        }
        body.appendChild(tr);
      }
      table.append(head, body);
      wrapper.appendChild(table);
      if (item.omittedRows > 0) {
        const more = document.createElement('p');
        more.className = 'gs-out-note';
        more.textContent = `… and ${item.omittedRows} more ${item.omittedRows === 1 ? 'row' : 'rows'}, not shown.`;
        wrapper.appendChild(more);
      }
      return wrapper;
    }
    case 'note': {
      const note = keyed(document, 'p', 'gs-out-note', item.key);
      note.textContent = item.text;
      return note;
    }
    case 'error': {
      const box = keyed(document, 'div', `gs-out-error gs-out-error-${item.error.phase}`, item.key);
      const heading = document.createElement('p');
      heading.className = 'gs-out-error-heading';
      heading.textContent = errorHeading(item.error);
      const message = document.createElement('pre');
      message.className = 'gs-out-error-message';
      message.textContent = item.error.message;
      box.append(heading, message);
      if (item.error.detail) {
        const detail = document.createElement('p');
        detail.className = 'gs-out-error-detail';
        detail.textContent = `JavaScript’s own message: ${item.error.detail}`;
        box.append(detail);
      }
      return box;
    }
  }
}

function keyed(document: Document, tag: string, className: string, key: number): Element {
  const element = document.createElement(tag);
  element.className = className;
  element.setAttribute('data-key', String(key));
  return element;
}
