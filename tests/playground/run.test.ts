import { describe, expect, it } from 'vitest';

import { itemsOf, run } from './support.ts';

describe('runReaderCode', () => {
  it('prints console output in order, formatting values like a console', async () => {
    const { items, error } = await run(`
      console.log('loss', 0.25, [1, 2]);
      console.warn({ depth: 50 });
      console.error(new Error('bad'));
    `);
    expect(error).toBeUndefined();
    expect(itemsOf(items, 'log').map((item) => [item.level, item.text])).toEqual([
      ['log', 'loss 0.25 [1, 2]'],
      ['warn', '{ depth: 50 }'],
      ['error', 'Error: bad'],
    ]);
  });

  it('caps console output at 1,000 lines and says how many were cut', async () => {
    const { items } = await run(`for (let i = 0; i < 1500; i++) console.log('line ' + i);`);
    const logs = itemsOf(items, 'log');
    expect(logs).toHaveLength(1000);
    expect(logs.at(-1)?.text).toBe('line 999');
    const notes = itemsOf(items, 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0].text).toContain('1,000 lines; 500 more lines were not shown');
  });

  it('keeps the count of cut lines current while the code runs, so a run stopped mid-flood still says how many', async () => {
    // Interval 0: every cut line updates the note (the worker may be terminated after any of them).
    const { events } = await run(`for (let i = 0; i < 2503; i++) console.log(i);`, {
      maxLogLines: 3,
      redrawIntervalMs: 0,
    });
    const notes = events.flatMap((event) =>
      (event.type === 'item' || event.type === 'update') && event.item.kind === 'note' ? [event] : [],
    );
    expect(notes[0]).toMatchObject({
      type: 'item',
      item: { text: expect.stringContaining('at least 1 more line was') },
    });
    const whileRunning = notes.slice(0, -1).map((event) => (event.item as { text: string }).text);
    expect(whileRunning).toHaveLength(2500);
    expect(whileRunning[1]).toBe('Console output was cut at 3 lines; at least 2 more lines were not shown.');
    expect(whileRunning.at(-1)).toBe(
      'Console output was cut at 3 lines; at least 2,500 more lines were not shown.',
    );
    // Once the code has finished, the exact count.
    expect(notes.at(-1)).toMatchObject({
      type: 'update',
      item: { text: 'Console output was cut at 3 lines; 2,500 more lines were not shown.' },
    });
  });

  it('updates the count of cut lines at most once per redraw interval while the code runs', async () => {
    const { events, items } = await run(`for (let i = 0; i < 5000; i++) console.log(i);`, {
      maxLogLines: 10,
      redrawIntervalMs: 1e9,
    });
    const noteEvents = events.filter(
      (event) => (event.type === 'item' || event.type === 'update') && event.item.kind === 'note',
    );
    // The first cut line, then the exact count at the end: nothing in between within one interval.
    expect(noteEvents.map((event) => event.type)).toEqual(['item', 'update']);
    expect(itemsOf(items, 'note')[0].text).toBe(
      'Console output was cut at 10 lines; 4,990 more lines were not shown.',
    );
  });

  it('counts the lines of a multi-line message against the cap', async () => {
    const { items } = await run(`console.log(Array.from({ length: 1200 }, (_, i) => i).join('\\n'));`, {
      maxLogLines: 1000,
    });
    expect(itemsOf(items, 'log')[0].text.split('\n')).toHaveLength(1000);
    expect(itemsOf(items, 'note')[0].text).toContain('200 more lines');
  });

  it('prints a matrix as aligned rows', async () => {
    const { items } = await run(`
      import { identity } from '@gradscope/core';
      console.log(identity(2, 1.5));
    `);
    expect(itemsOf(items, 'log')[0].text).toBe('Matrix 2×2 float64\n[[1.5    0]\n [  0  1.5]]');
  });

  it('displays a Plot options object through the charts’ renderChart, like the lesson’s own figures', async () => {
    const { items, error } = await run(`
      import * as Plot from '@observablehq/plot';
      display({ title: 'Output norm', marks: [Plot.lineY([1, 2, 4, 8])], width: 300, height: 120 });
    `);
    expect(error).toBeUndefined();
    const [figure] = itemsOf(items, 'figure');
    expect(figure.html).toMatch(/^<figure class="gs-chart">/);
    expect(figure.html).toContain('viewBox="0 0 300 120"');
    expect(figure.html).toContain('role="img"');
    expect(figure.html).not.toContain('<style');
  });

  it('renders Plot.plot and mark.plot() in the environment document', async () => {
    const { items, error } = await run(`
      import * as Plot from '@observablehq/plot';
      display(Plot.plot({ marks: [Plot.dot([[1, 2]])] }));
      display(Plot.barY([3, 1, 2]).plot({ height: 100 }));
      display(Plot.lineY([1, 3]));
    `);
    expect(error).toBeUndefined();
    expect(itemsOf(items, 'figure')).toHaveLength(3);
  });

  it('turns the headings of a figure Plot rendered itself into divs, leaving the lesson outline alone', async () => {
    const { items } = await run(`
      import * as Plot from '@observablehq/plot';
      display(Plot.plot({ title: 'Output norm', subtitle: 'by depth', marks: [Plot.lineY([1, 2])] }));
    `);
    const [figure] = itemsOf(items, 'figure');
    expect(figure.html.startsWith('<figure')).toBe(true);
    expect(figure.html).not.toMatch(/<h[1-6]|<style/);
    expect(figure.html).toContain('<div class="plot-title">Output norm</div>');
  });

  it('gives every figure one accessible image with a name', async () => {
    const { items } = await run(`
      import * as Plot from '@observablehq/plot';
      display(Plot.plot({ marks: [Plot.lineY([1, 2])] }));
      display(Plot.plot({ ariaLabel: 'Output norm', marks: [Plot.lineY([1, 2])] }));
      display(Plot.plot({ title: 'Titled', marks: [Plot.lineY([1, 2])] }));
    `);
    const names = itemsOf(items, 'figure').map(
      (figure) => /<svg[^>]*role="img"[^>]*>/.exec(figure.html)?.[0],
    );
    expect(names[0]).toContain('aria-label="Chart drawn by the example"');
    expect(names[1]).toContain('aria-label="Output norm"');
    expect(names[2]).toContain('aria-label="Titled"');
  });

  it('passes @gradscope/charts through to the code', async () => {
    const { items, error } = await run(`
      import { renderChart } from '@gradscope/charts';
      console.log(typeof renderChart);
    `);
    expect(error).toBeUndefined();
    expect(itemsOf(items, 'log')[0].text).toBe('function');
  });

  it('displays an array of plain objects as a table with a column per key', async () => {
    const { items } = await run(`
      display([{ layer: 1, norm: 1 / 3 }, { layer: 2, norm: 2.25, note: 'big' }]);
    `);
    const [table] = itemsOf(items, 'table');
    expect(table.columns).toEqual(['layer', 'norm', 'note']);
    expect(table.rows[0]).toEqual([
      { text: '1', numeric: true },
      { text: '0.333333', numeric: true },
      { text: '', numeric: false },
    ]);
    expect(table.omittedRows).toBe(0);
  });

  it('shows at most 200 rows of a table and counts the rest', async () => {
    const { items } = await run(`display(Array.from({ length: 250 }, (_, i) => ({ i })));`);
    const [table] = itemsOf(items, 'table');
    expect(table.rows).toHaveLength(200);
    expect(table.omittedRows).toBe(50);
  });

  it('prints other displayed values', async () => {
    const { items } = await run(`display(42); display('text'); display([]);`);
    expect(itemsOf(items, 'log').map((item) => item.text)).toEqual(['42', 'text', '[]']);
  });

  it('redraws a figure in place through the handle display returns, ending on the last value', async () => {
    const { items, events } = await run(
      `
      import * as Plot from '@observablehq/plot';
      const values: number[] = [];
      const view = display({ marks: [Plot.lineY(values)], ariaLabel: 'step 0' });
      for (let step = 1; step <= 50; step++) {
        values.push(step);
        view.update({ marks: [Plot.lineY(values)], ariaLabel: 'step ' + step });
      }
    `,
      { redrawIntervalMs: 1e9 },
    );
    const figures = itemsOf(items, 'figure');
    expect(figures).toHaveLength(1);
    expect(figures[0].html).toContain('aria-label="step 50"');
    // Throttled: the 49 intermediate states were never drawn, only the first and the last.
    expect(events.filter((event) => event.type === 'update')).toHaveLength(1);
  });

  it('reports progress, throttled, always including the last step', async () => {
    const { events } = await run(`for (let i = 1; i <= 1000; i++) progress(i, 1000);`, {
      progressIntervalMs: 1e9,
    });
    const progress = events.filter((event) => event.type === 'progress');
    expect(progress[0]).toEqual({ type: 'progress', step: 1, total: 1000 });
    expect(progress.at(-1)).toEqual({ type: 'progress', step: 1000, total: 1000 });
    expect(progress.length).toBeLessThan(5);
  });

  it('locates a syntax error at its line and column', async () => {
    const { error, items } = await run(`const a = 1;\nconst b = ;\n`);
    expect(error).toMatchObject({ name: 'SyntaxError', phase: 'syntax', line: 2, column: 11 });
    expect(itemsOf(items, 'error')).toHaveLength(1);
  });

  it('locates a runtime error in the reader’s code despite removed types and rewritten imports', async () => {
    const { error } = await run(
      [
        "import { zeros } from '@gradscope/core';",
        'interface Point { x: number }',
        'const p: Point = { x: 1 };',
        'const m = zeros(2, 2);',
        '  const broken: any = null; broken.size;',
      ].join('\n'),
    );
    expect(error).toMatchObject({ name: 'TypeError', phase: 'runtime', line: 5 });
    expect(error?.column).toBe(36);
  });

  it('keeps an engine error’s message and points at the call in the reader’s code', async () => {
    const { error } = await run(["import { zeros } from '@gradscope/core';", '', 'zeros(0, 3);'].join('\n'));
    expect(error).toMatchObject({ name: 'GradscopeArgumentError', engine: true, line: 3, column: 1 });
    expect(error?.message).toMatch(/rows must be a positive integer; received 0/);
  });

  it('refuses imports other than the three reader modules, naming them', async () => {
    const { error } = await run(`import fs from 'node:fs';\nconsole.log(fs);`);
    expect(error?.message).toBe(
      'Cannot import "node:fs": a playground can import @gradscope/core, @observablehq/plot, @gradscope/charts.',
    );
    expect(error?.line).toBe(1);
  });

  it('says that the code ran out of memory when an allocation fails, keeping JavaScript’s message', async () => {
    const { error, items } = await run(`
      import { zeros } from '@gradscope/core';
      const sizes = [10, 100000];
      for (const n of sizes) zeros(n, n);
    `);
    expect(error).toMatchObject({
      name: 'Out of memory',
      phase: 'runtime',
      detail: 'RangeError: Array buffer allocation failed',
      line: 4,
    });
    expect(error?.message).toMatch(/^The example ran out of memory: .*smaller matrices/);
    expect(itemsOf(items, 'error')[0].error).toEqual(error);
  });

  it('leaves other RangeErrors as they are', async () => {
    const { error } = await run(`new Array(-1);`);
    expect(error).toMatchObject({ name: 'RangeError', message: 'Invalid array length' });
    expect(error?.detail).toBeUndefined();
  });

  it('supports top-level await', async () => {
    const { items, error } = await run(
      `await new Promise((resolve) => setTimeout(resolve, 1));\nconsole.log('after');`,
    );
    expect(error).toBeUndefined();
    expect(itemsOf(items, 'log')[0].text).toBe('after');
  });

  it('reports a thrown non-Error value', async () => {
    const { error } = await run(`throw 'plain string';`);
    expect(error).toMatchObject({ name: 'Error', message: "Uncaught 'plain string'", phase: 'runtime' });
  });

  it('ends the run with the error when a timer throws outside the awaited code', async () => {
    const { error } = await run(
      `setTimeout(() => { throw new RangeError('late'); }, 1);\nawait new Promise(() => {});`,
    );
    expect(error).toMatchObject({ name: 'RangeError', message: 'late', phase: 'runtime', line: 1 });
  });
});
