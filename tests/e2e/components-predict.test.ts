// <Predict> in Chromium, on the fixture lesson: the reader commits a prediction, runs the example, and sees the
// prediction beside the result with how close it came; the prediction survives a reload; nothing is blocked; and
// without JavaScript the answer waits in a closed <details>.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { run, playground } from '../playground/browser-helpers.ts';
import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';

const env = useBrowserAndSite();
const LESSON = 'lessons/sample-deep-linear/';

const predict = (page: Page, id: string): Locator => page.locator(`gs-predict[data-id="${id}"]`);
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('a number prediction tied to a playground', () => {
  it('shows the prediction beside the result after the example runs, says how far off it was, and keeps it', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = predict(page, 'output-at-20');
    // The answer waits closed for readers without JavaScript; with it, the form takes its place.
    expect(await box.locator('details').isVisible()).toBe(false);

    await box.getByLabel('Your prediction', { exact: true }).fill('1e20');
    await box.getByRole('button', { name: 'Lock in my prediction' }).click();
    expect(await text(box.locator('[data-role="locked"]'))).toContain('Your prediction: 10²⁰.');

    await run(playground(page, 'output-growth'));
    const result = box.locator('[data-role="result"]');
    await result.waitFor();
    // 1.5²⁰ = 3325.26 by the engine; 10²⁰ / 3325.26 = 3.0 × 10¹⁶, log₁₀ of which is 16.5.
    expect(await text(result.locator('dd').nth(0))).toBe('10²⁰');
    expect(await text(result.locator('dd').nth(1))).toBe('3,325');
    expect(await text(result.locator('[data-role="verdict"]'))).toBe(
      'About 16.5 orders of magnitude (a factor of 3 × 10¹⁶) too large.',
    );
    expect(await text(result)).toContain('Each layer multiplies by 1.5, so twenty layers multiply by');
    // The reader is at the example when the run reveals the answer: a screen reader hears the verdict there.
    expect(await text(box.locator('[data-role="announce"]'))).toBe(
      'Your prediction, compared above the example: About 16.5 orders of magnitude (a factor of 3 × 10¹⁶) too large.',
    );

    await page.reload();
    await box.locator('[data-role="result"]').waitFor();
    expect(await text(box.locator('[data-role="verdict"]'))).toBe(
      'About 16.5 orders of magnitude (a factor of 3 × 10¹⁶) too large.',
    );

    await box.getByRole('button', { name: 'Forget my prediction' }).click();
    expect(await box.getByLabel('Your prediction', { exact: true }).inputValue()).toBe('');
    expect(await box.locator('[data-role="result"]').isVisible()).toBe(false);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('works from the keyboard: type, Enter locks it in, and "Show the answer" moves focus to the result', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = predict(page, 'output-at-20');
    await box.getByLabel('Your prediction', { exact: true }).focus();
    await page.keyboard.type('3.3 × 10^3');
    await page.keyboard.press('Enter');
    // Locking in moves focus to "Change it", next to "Show the answer".
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Change it');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-role'))).toBe('result');
    // 3300 against 3325.26: 0.76 % too small, within 1 %.
    expect(await text(box.locator('[data-role="verdict"]'))).toBe('Spot on: within 1 % of the result.');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('explains a number it cannot read, marks the field and keeps focus there', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = predict(page, 'output-at-20');
    const field = box.getByLabel('Your prediction', { exact: true });
    await field.fill('about a lot');
    await box.getByRole('button', { name: 'Lock in my prediction' }).click();
    expect(await text(box.locator('[data-role="error"]'))).toBe(
      '“about a lot” is not a number this page can read: write it like 3325, 3.4e38, 3.4 × 10^38, 2^128 or ∞.',
    );
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('value');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('never blocks the example: running it without predicting shows the answer and says no prediction was made', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    await run(playground(page, 'output-growth'));
    const box = predict(page, 'output-at-20');
    expect(await text(box.locator('[data-role="prediction"]'))).toBe('None');
    expect(await text(box.locator('[data-role="verdict"]'))).toBe(
      'You did not commit a prediction this time.',
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});

describe('range and choice predictions', () => {
  it('says whether the result is inside the range, and how far outside', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = predict(page, 'down-range');
    // 0.5²⁰ = 9.54 × 10⁻⁷.
    await box.getByLabel('From').fill('1e-9');
    await box.getByLabel('to').fill('1e-6');
    await box.getByRole('button', { name: 'Lock in my prediction' }).click();
    await box.getByRole('button', { name: 'Show the answer' }).click();
    expect(await text(box.locator('[data-role="verdict"]'))).toBe('Inside your range.');
    await box.getByRole('button', { name: 'Forget my prediction' }).click();

    await box.getByLabel('From').fill('1e-3');
    await box.getByLabel('to').fill('1');
    await box.getByRole('button', { name: 'Show the answer' }).click();
    // A range typed but not locked in still counts: it was written before the answer showed.
    expect(await text(box.locator('[data-role="verdict"]'))).toBe(
      'Outside your range: the result is below it, about 3.02 orders of magnitude (a factor of 1,000) past its lower end.',
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('marks a wrong choice and names the right one', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = predict(page, 'mixed');
    await box.getByLabel('It explodes').check();
    await box.getByRole('button', { name: 'Lock in my prediction' }).click();
    await box.getByRole('button', { name: 'Show the answer' }).click();
    expect(await text(box.locator('[data-role="verdict"]'))).toBe(
      'Not this time: you chose “It explodes”; the answer is “It vanishes”.',
    );
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});

describe('a prediction without JavaScript', () => {
  it('shows the question, and the answer inside a closed <details>', async () => {
    const watched = await openPage(env.browser, { javaScriptEnabled: false });
    const { page } = watched;
    await page.goto(env.site.url(LESSON));
    const box = predict(page, 'output-at-20');
    expect(await box.locator('.predict-question').isVisible()).toBe(true);
    expect(await box.locator('form').isVisible()).toBe(false);
    const details = box.locator('details');
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').click();
    expect(await text(details)).toContain('The answer: 3,325.');
    expect(await text(box.locator('[data-role="nojs"]'))).toContain(
      'With JavaScript the page keeps your prediction',
    );
    await watched.close();
  });
});
