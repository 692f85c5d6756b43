// Running code: edited code redraws the figure, a runaway loop ends at the time limit while the page keeps
// working, Stop and a new Run end a run, progress streams, and an error is marked on its line.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import {
  openEditor,
  openShared,
  playground,
  playgroundLesson,
  replaceCode,
  run,
  shareUrl,
  statusOf,
  waitForRunEnd,
} from '../playground/browser-helpers.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const id = lesson.ids[0];

/** The playground, loaded through a share link with code that never ends (it does not run until Run). */
const openRunaway = (page: import('playwright-core').Page) =>
  openShared(page, shareUrl(env.site.origin, lesson.path, id, 'while (true) {}', lesson.engine), id);

const figureCode = (label: string, values: number[]) =>
  [
    "import * as Plot from '@observablehq/plot';",
    `display(Plot.plot({ ariaLabel: '${label}', marks: [Plot.lineY(${JSON.stringify(values)})] }));`,
  ].join('\n');

describe('running a playground', () => {
  it('draws the figure of the edited code, and a new figure after the next edit', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);

    await replaceCode(page, pg, figureCode('first edit', [1, 2, 4]));
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForRunEnd(pg);
    await expect.poll(() => pg.locator('.gs-output svg[aria-label="first edit"]').count()).toBe(1);
    const firstPath = await pg.locator('.gs-output svg path').last().getAttribute('d');

    await replaceCode(page, pg, figureCode('second edit', [8, 1, 8, 1]));
    await run(pg);
    expect(await pg.locator('.gs-output svg[aria-label="first edit"]').count()).toBe(0);
    expect(await pg.locator('.gs-output svg[aria-label="second edit"]').count()).toBe(1);
    expect(await pg.locator('.gs-output svg path').last().getAttribute('d')).not.toBe(firstPath);
    expect(await statusOf(pg).textContent()).toMatch(/^Ran in \d+ ms\.$/);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('ends an infinite loop at the time limit while a timer on the page keeps firing', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const pg = await openRunaway(page);
    await pg.evaluate((element) => (element.dataset.timeLimit = '1500'));
    await page.evaluate(() => {
      const counter = { ticks: 0 };
      (window as unknown as { counter: typeof counter }).counter = counter;
      setInterval(() => (counter.ticks += 1), 20);
    });

    await pg.locator('[data-action="run"]').click();
    await page.waitForTimeout(1000);
    // The loop is running in its worker; the page's own timer ran the whole time.
    const ticksWhileLooping = await page.evaluate(
      () => (window as unknown as { counter: { ticks: number } }).counter.ticks,
    );
    expect(ticksWhileLooping).toBeGreaterThan(25);
    expect(await statusOf(pg).textContent()).toBe('Running…');

    await waitForRunEnd(pg, 10_000);
    expect(await statusOf(pg).textContent()).toBe('Stopped at the time limit.');
    expect(await pg.locator('.gs-out-error-timeout').textContent()).toContain('Stopped after 1.5 s');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('says how many console lines a flood stopped at the time limit left out', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const code = 'let i = 0;\nwhile (true) console.log(i++);';
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await pg.evaluate((element) => (element.dataset.timeLimit = '1500'));
    await run(pg, 10_000);
    expect(await statusOf(pg).textContent()).toBe('Stopped at the time limit.');
    const note = (await pg.locator('.gs-out-note').textContent()) ?? '';
    const match =
      /^Console output was cut at 1,000 lines; at least ([\d,]+) more lines were not shown\.$/.exec(note);
    expect(match, note).not.toBeNull();
    // Counted while the code ran, not only the first line cut (a loop prints far more than this in 1.5 s).
    expect(Number(match![1].replaceAll(',', ''))).toBeGreaterThan(10_000);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('tells the reader that a memory bomb ran out of memory, keeping JavaScript’s message', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const bomb = 'for (let n = 1000; ; n *= 10) kept.push(zeros(n, n));';
    const code = ["import { zeros } from '@gradscope/core';", 'const kept = [];', bomb].join('\n');
    const where = `line 3, column ${bomb.indexOf('zeros(') + 1}`;
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await run(pg);
    expect(await pg.locator('.gs-out-error-heading').textContent()).toBe(`Out of memory on ${where}`);
    expect(await pg.locator('.gs-out-error-message').textContent()).toMatch(
      /^The example ran out of memory: /,
    );
    // Which of its words depends on the browser's limits: a failed allocation, or a length past its maximum.
    expect(await pg.locator('.gs-out-error-detail').textContent()).toMatch(
      /^JavaScript’s own message: RangeError: (Array buffer allocation failed|Invalid typed array length: \d+)$/,
    );
    expect(await statusOf(pg).textContent()).toBe(`Out of memory on ${where}.`);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('stops a run with Stop, and runs again afterwards', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const pg = await openRunaway(page);
    await pg.locator('[data-action="run"]').click();
    await pg.locator('[data-action="stop"]:enabled').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    await pg.locator('[data-action="stop"]').click();
    await waitForRunEnd(pg, 2_000);
    expect(await statusOf(pg).textContent()).toBe('Stopped.');
    expect(await pg.locator('.gs-out-error-stopped').count()).toBe(1);

    await replaceCode(page, pg, "console.log('after stop')");
    await run(pg);
    expect(await pg.locator('.gs-out-log').textContent()).toBe('after stop\n');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('ends the previous run when Run is pressed again', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const pg = await openRunaway(page);
    // A long limit, so that waiting for it could not be mistaken for ending the run.
    await pg.evaluate((element) => (element.dataset.timeLimit = '60000'));
    await pg.locator('[data-action="run"]').click();
    await pg.locator('[data-action="stop"]:enabled').waitFor({ state: 'attached' });
    await replaceCode(page, pg, "console.log('second run')");
    const started = Date.now();
    await run(pg);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await pg.locator('.gs-out-error').count()).toBe(0);
    expect(await pg.locator('.gs-output').textContent()).toBe('second run\n');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('streams progress and redraws a figure while the code runs', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const code = [
      "import * as Plot from '@observablehq/plot';",
      'const values: number[] = [];',
      "const view = display(Plot.plot({ ariaLabel: 'step 0', marks: [Plot.lineY(values)] }));",
      'const start = Date.now();',
      'for (let step = 1; step <= 40; step++) {',
      '  while (Date.now() - start < step * 100) {}',
      '  values.push(step * step);',
      "  view.update(Plot.plot({ ariaLabel: 'step ' + step, marks: [Plot.lineY(values)] }));",
      '  progress(step, 40);',
      '}',
    ].join('\n');
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await pg.locator('[data-action="run"]').click();
    // While the code still runs (4 s: slack for a busy machine), the page shows its steps and figures.
    await pg.locator('progress:not([hidden])').waitFor({ timeout: 5_000 });
    await expect
      .poll(() => statusOf(pg).textContent(), { timeout: 5_000 })
      .toMatch(/^Running: step \d+ of 40$/);
    const midLabel = await pg.locator('.gs-output svg').getAttribute('aria-label');
    expect(midLabel).toMatch(/^step \d+$/);
    expect(midLabel).not.toBe('step 40');
    await waitForRunEnd(pg);
    expect(await pg.locator('.gs-output svg').getAttribute('aria-label')).toBe('step 40');
    expect(await pg.locator('progress').isHidden()).toBe(true);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('marks a runtime error on its line in the editor and names the line in the output', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    await openEditor(pg);
    await replaceCode(page, pg, ['const a = 1;', '', 'const broken: any = null;', 'broken.size;'].join('\n'));
    await run(pg);
    expect(await pg.getAttribute('data-error-line')).toBe('4');
    expect(await pg.locator('.gs-editor-error-line').count()).toBeGreaterThan(0);
    expect(await pg.locator('.gs-out-error-heading').textContent()).toBe('TypeError on line 4, column 8');
    expect(await statusOf(pg).textContent()).toBe('TypeError on line 4, column 8.');
    // Editing clears the mark. Type in the editor: after Run, the focus may still be on the Run button.
    await pg.locator('.monaco-editor .view-lines').click();
    await page.keyboard.type(' ');
    await expect.poll(() => pg.getAttribute('data-error-line')).toBeNull();
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('marks a syntax error on its line in the code before the editor has opened', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const pg = await openShared(
      page,
      shareUrl(env.site.origin, lesson.path, id, 'const a = 1;\nconst b = ;\n', lesson.engine),
      id,
    );
    await run(pg);
    expect(await pg.locator('.gs-out-error-heading').textContent()).toBe('Syntax error on line 2, column 11');
    const marked = pg.locator('[data-role="code"] .line.gs-error-line');
    expect(await marked.count()).toBe(1);
    expect(await marked.textContent()).toBe('const b = ;');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
