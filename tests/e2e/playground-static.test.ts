// Static first: the page reads in full without JavaScript, nothing moves when playgrounds come alive or the editor
// opens, nothing heavy loads before a reader asks for it, and the editor suits the screen and the site's theme.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import {
  openEditor,
  playground,
  playgroundLesson,
  replaceCode,
  run,
  statusOf,
} from '../playground/browser-helpers.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const id = lesson.ids[0];

describe('playgrounds before and without JavaScript', () => {
  it('show their code and pre-rendered output with JavaScript disabled', async () => {
    const watched = await openPage(env.browser, { javaScriptEnabled: false });
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const playgrounds = page.locator('gs-playground');
    expect(await playgrounds.count()).toBe(lesson.ids.length);
    for (const playgroundId of lesson.ids) {
      const pg = playground(page, playgroundId);
      expect(await pg.locator('[data-role="code"] pre').isVisible()).toBe(true);
      expect((await pg.locator('.gs-output').textContent())?.trim().length).toBeGreaterThan(0);
      // Buttons that could do nothing are not shown (their space is kept for when JavaScript runs).
      expect(await pg.locator('[data-action="run"]').isVisible()).toBe(false);
    }
    // A chart's own <svg> has a role; a legend's swatches are small decorative ones beside it.
    const figures = page.locator('gs-playground .gs-output svg[role="img"]');
    expect(await figures.count()).toBeGreaterThan(0);
    const box = await figures.first().boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(50);
    await watched.close();
  });

  it('load no editor, worker or editor stylesheet until the reader interacts, and shift nothing on load', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.addInitScript(() => {
      (window as unknown as { shifts: number }).shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        })[]) {
          if (!entry.hadRecentInput) (window as unknown as { shifts: number }).shifts += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(env.site.url(lesson.path));
    await page.waitForLoadState('networkidle');
    expect(requests.filter((path) => /editor|worker|monaco|runner|tsMode/i.test(path))).toEqual([]);
    expect(await page.locator('link[rel="stylesheet"][href*="editor.main"]').count()).toBe(0);
    // Not under another name either (Astro links the CSS of lazily loaded modules in some setups).
    const editorRules = await page.evaluate(() =>
      Array.from(document.styleSheets).some((sheet) =>
        Array.from(sheet.cssRules).some((rule) => rule.cssText.includes('.monaco-editor')),
      ),
    );
    expect(editorRules).toBe(false);
    expect(page.workers()).toEqual([]);
    expect(await page.locator('gs-playground:defined').count()).toBe(lesson.ids.length);
    expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBeLessThan(0.01);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('keep the output in place when the editor opens over the same code', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    // As a reader sees it: the code's first line well below the sticky header (else the test's own click would
    // scroll to reach it), then the output's place on the screen before and after the editor opens.
    const code = pg.locator('[data-role="code"] pre');
    for (let settle = 0; settle < 3; settle++) {
      await code.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 200));
      await page.waitForTimeout(200);
    }
    const top = () => pg.locator('.gs-output').evaluate((element) => element.getBoundingClientRect().top);
    const before = await top();
    await openEditor(pg);
    await page.waitForTimeout(300);
    expect(Math.abs((await top()) - before)).toBeLessThanOrEqual(2);
    expect(await page.locator('link[rel="stylesheet"][href*="editor.main"]').count()).toBe(1);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('type-check the code in the editor against the engine, Plot, the charts and the playground globals', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    await replaceCode(
      page,
      pg,
      [
        "import * as core from '@gradscope/core';",
        "import * as Plot from '@observablehq/plot';",
        "import { renderChart } from '@gradscope/charts';",
        'const m = core.zeros(2, 2);',
        'display(Plot.lineY([m.rows]));',
        'progress(1, 2);',
        'console.log(typeof renderChart);',
        'const wrong: number = core.zeros;',
        '',
      ].join('\n'),
    );
    // One error, on line 8 only: every import and global above it is known.
    await expect.poll(() => pg.locator('.squiggly-error').count(), { timeout: 20_000 }).toBe(1);
    const squiggleTop = await pg
      .locator('.squiggly-error')
      .evaluate((element) => element.getBoundingClientRect().top);
    const line8Top = await pg
      .locator('.view-line', { hasText: 'const wrong' })
      .evaluate((element) => element.getBoundingClientRect().top);
    expect(Math.abs(squiggleTop - line8Top)).toBeLessThan(21);

    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('core.zer');
    await expect
      .poll(
        async () =>
          (await page.locator('.suggest-widget .monaco-list-row').allTextContents()).some((row) =>
            row.startsWith('zeros'),
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('follow the site’s theme in the editor', async () => {
    const watched = await openPage(env.browser, { colorScheme: 'light' });
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    await openEditor(pg);
    const background = () =>
      pg
        .locator('.monaco-editor-background')
        .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect.poll(background).toBe('rgb(10, 12, 16)'); // github-dark-high-contrast, as the static code
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('use a plain text area on a phone, where Run still works', async () => {
    const watched = await openPage(env.browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const { page } = watched;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    await pg.locator('[data-role="code"] pre').tap();
    await pg.locator('textarea.gs-pg-textarea').waitFor();
    expect(await pg.locator('.monaco-editor').count()).toBe(0);
    await replaceCode(page, pg, "console.log('from a phone');");
    await run(pg);
    expect(await pg.locator('.gs-output').textContent()).toBe('from a phone\n');
    expect(await statusOf(pg).textContent()).toMatch(/^Ran in/);
    expect(requests.filter((path) => /editor\.api|editor\.main|ts\.worker/.test(path))).toEqual([]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
