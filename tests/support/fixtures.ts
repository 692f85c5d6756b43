/**
 * Vitest helpers for suites that test the built site: one Chromium and one static server per test file, and the
 * built pages parsed with linkedom for checks that need no browser.
 */
import { readFileSync } from 'node:fs';

import { parseHTML } from 'linkedom';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { launchBrowser } from './browser.ts';
import { serveSite, type StaticSite } from './server.ts';
import { type BuiltPage, builtPages } from './site.ts';

/** What `useBrowserAndSite` provides once `beforeAll` has run. */
export interface BrowserAndSite {
  browser: Browser;
  site: StaticSite;
}

/**
 * Starts Chromium and the static server before the file's tests and stops both after them.
 *
 * @example
 * const env = useBrowserAndSite();
 * it('…', async () => { const { page } = await openPage(env.browser); await page.goto(env.site.url()); });
 */
export function useBrowserAndSite(): BrowserAndSite {
  const env = {} as BrowserAndSite;
  beforeAll(async () => {
    [env.browser, env.site] = await Promise.all([launchBrowser(), serveSite()]);
  });
  afterAll(async () => {
    await Promise.all([env.browser?.close(), env.site?.close()]);
  });
  return env;
}

/** A built page parsed with linkedom. */
export interface ParsedPage extends BuiltPage {
  readonly html: string;
  readonly document: Document;
}

/**
 * Parses one built page.
 *
 * @example
 * parsePage(builtPages()[0]).document.title;
 */
export function parsePage(page: BuiltPage): ParsedPage {
  const html = readFileSync(page.file, 'utf8');
  return { ...page, html, document: parseHTML(html).document as unknown as Document };
}

/** Every built page, parsed. */
export function parsedPages(): ParsedPage[] {
  return builtPages().map(parsePage);
}
