// <Exercise> in Chromium, on the fixture lesson's he-std exercise: the page checks the reader's function in the
// playground worker, names the failing case and by how much, marks a solved exercise and keeps it solved across a
// reload; hints and the solution fold out; Start over brings the starter back; without JavaScript it still reads.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { playground, replaceCode, run, statusOf } from '../playground/browser-helpers.ts';
import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';

const env = useBrowserAndSite();
const LESSON = 'lessons/sample-deep-linear/';
// One line: Monaco indents typed lines and closes braces itself (see STACK-NOTES), a single line is typed as is.
const SOLUTION = 'export const heNormalStd = (fanIn: number): number => Math.sqrt(2 / fanIn);';

const exercise = (page: Page) => page.locator('gs-exercise[data-name="he-std"]');
const text = async (locator: import('playwright-core').Locator) =>
  ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('checking an exercise', () => {
  it('names the failing case of wrong code: its input, the expected and received values, the error and the tolerance', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const pg = playground(page, 'exercise-he-std');
    await run(pg);
    // The starter returns 1/fanIn; He's standard deviation is √(2/fanIn): at fanIn = 1, 1 against √2.
    expect(await text(pg.locator('.gs-out-error-check .gs-out-error-message'))).toBe(
      'Case 1 of 5 fails: heNormalStd(1) returned 1, but the engine gives 1.41421: relative error 0.29, above the tolerance 1e-12.',
    );
    const rows = pg.locator('.gs-out-table tbody tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.nth(4).locator('td').allTextContents()).toEqual([
      '5',
      'heNormalStd(4096)',
      '0.0220971',
      '0.000244141',
      '0.99',
      '✗ fails',
    ]);
    expect(await text(exercise(page).locator('.exercise-status'))).toContain('Not yet');
    expect(await exercise(page).locator('[data-role="solved"]').isVisible()).toBe(false);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('marks right code solved, and keeps the code and the solved mark across a reload', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const pg = playground(page, 'exercise-he-std');
    await replaceCode(page, pg, SOLUTION);
    await run(pg);
    expect(await text(exercise(page).locator('.exercise-status'))).toBe(
      'Solved: every case passes. Your code is saved in this browser.',
    );
    expect(await text(pg.locator('.gs-out-log').last())).toMatch(
      /^All 5 cases pass: the largest relative error is /,
    );
    expect(await exercise(page).locator('[data-role="solved"]').isVisible()).toBe(true);

    await page.reload();
    expect(await exercise(page).locator('[data-role="solved"]').isVisible()).toBe(true);
    expect(await text(statusOf(pg))).toContain('Your edited code (saved in this browser)');
    expect(await text(pg.locator('[data-role="code"]'))).toContain('Math.sqrt(2 / fanIn)');

    await exercise(page).getByRole('button', { name: 'Start over' }).click();
    expect(await text(pg.locator('[data-role="code"]'))).toContain('return 1 / fanIn;');
    expect(await exercise(page).locator('[data-role="solved"]').isVisible()).toBe(false);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('folds the hints and the worked solution out from the keyboard', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const hint = exercise(page).locator('details').first();
    await hint.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await hint.getAttribute('open')).not.toBeNull();
    expect(await text(hint)).toContain('He initialisation draws weights with variance');
    const solution = exercise(page).locator('details.exercise-solution');
    await solution.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await text(solution)).toContain('return Math.sqrt(2 / fanIn);');
    expect(await text(solution)).toContain('keeps the mean square of');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});

describe('an exercise without JavaScript', () => {
  it('shows the task, the starter code, what JavaScript adds, and the hints and solution to read', async () => {
    const watched = await openPage(env.browser, { javaScriptEnabled: false });
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = exercise(page);
    expect(await text(box.locator('.exercise-task'))).toContain('Write heNormalStd(fanIn)');
    expect(await text(box.locator('[data-role="code"]'))).toContain('return 1 / fanIn;');
    expect(await text(box.locator('[data-role="nojs"]'))).toContain(
      'With JavaScript you can edit this code and press Check',
    );
    expect(await box.locator('[data-role="solved"]').isVisible()).toBe(false);
    expect(await box.locator('details').count()).toBe(3);
    await watched.close();
  });
});
