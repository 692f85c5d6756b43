/**
 * Helpers for the Lab's browser tests (tests/e2e/lab-*.test.ts): open the Lab with a state, change a control as a
 * reader does, and wait until the page has drawn what the change asked for (the page marks each stage of a
 * computation with a `data-` attribute of its root holding the generation's number, see src/lab/client/lab-page.ts).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

import { openPage, type OpenPageOptions, type WatchedPage } from './browser.ts';
import type { BrowserAndSite } from './fixtures.ts';

/** The stages of a computation the page marks. */
export type LabStage = 'first' | 'rendered' | 'formats' | 'settled';

/**
 * Opens /lab/ (with a query string) and waits until the state's scans are drawn.
 *
 * @example
 * const watched = await openLab(env, '?act=relu');
 */
export async function openLab(
  env: BrowserAndSite,
  query = '',
  options: OpenPageOptions = {},
): Promise<WatchedPage> {
  const watched = await openPage(env.browser, options);
  await watched.page.goto(env.site.url(`lab/${query}`), { waitUntil: 'domcontentloaded' });
  await waitFor(watched.page, 'rendered');
  return watched;
}

/** Waits until the page's latest generation has reached `stage`. */
export async function waitFor(page: Page, stage: LabStage): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate((name) => {
          const root = document.querySelector<HTMLElement>('[data-lab]');
          return root?.dataset.generation !== undefined && root.dataset[name] === root.dataset.generation;
        }, stage),
      { timeout: 60_000 },
    )
    .toBe(true);
}

/** The page's current generation (one more after each change). */
export function generation(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-lab]')!.dataset.generation));
}

/**
 * Sets a settings control as a reader would (a select, a number typed and committed, a checkbox) and waits for the
 * new state's scans to be drawn.
 *
 * @example
 * await setControl(page, 'activation', 'relu');
 */
export async function setControl(page: Page, name: string, value: string | boolean): Promise<void> {
  const before = await generation(page);
  const control = page.locator(`[data-role="controls"] [name="${name}"]`);
  const tag = await control.evaluate((el) => `${el.tagName}:${(el as HTMLInputElement).type}`);
  if (tag.startsWith('SELECT')) await control.selectOption(String(value));
  else if (tag.endsWith(':checkbox')) await control.setChecked(Boolean(value));
  else {
    await control.fill(String(value));
    await control.press('Tab');
  }
  await expect.poll(() => generation(page)).toBeGreaterThan(before);
  await waitFor(page, 'rendered');
}

/** The diagnosis sentence on the page. */
export async function diagnosisText(page: Page): Promise<string> {
  return ((await page.locator('[data-slot="diagnosis"]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
