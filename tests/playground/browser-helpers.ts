/**
 * Helpers for the playground's browser tests (tests/e2e/playground-*.test.ts): find a lesson with a playground
 * in the build, drive a playground (open the editor, replace the code, run, wait), and build share links.
 *
 * Tests bring their own code through the editor or a share link, so they depend only on the build having one
 * lesson with one playground, not on what the lessons say.
 */
import { readFileSync } from 'node:fs';

import { compressToEncodedURIComponent } from 'lz-string';
import type { Locator, Page } from 'playwright-core';

import { basePath, builtPages, lessonPages } from '../support/site.ts';

/** A lesson page of the build that has playgrounds, and their ids in page order. */
export interface PlaygroundLesson {
  /** URL path with the base path, e.g. `/lessons/deep-linear-network/`. */
  readonly path: string;
  readonly ids: readonly string[];
  /** The engine version the page was built with (`data-engine`). */
  readonly engine: string;
}

/**
 * The first lesson of the build with a playground.
 *
 * @example
 * const lesson = playgroundLesson(); // { path: '/lessons/deep-linear-network/', ids: ['output-growth', …] }
 */
export function playgroundLesson(): PlaygroundLesson {
  for (const page of inReadingOrder(lessonPages())) {
    const html = readFileSync(page.file, 'utf8');
    const ids = [...html.matchAll(/<gs-playground\b[^>]*\bdata-id="([^"]+)"/g)].map((match) => match[1]);
    if (ids.length > 0) {
      const engine = /<gs-playground\b[^>]*\bdata-engine="([^"]+)"/.exec(html)?.[1] ?? '';
      return { path: page.path, ids, engine };
    }
  }
  throw new Error('No lesson in the build has a <Playground>; the playground tests need one.');
}

/**
 * Lessons in the order the home page lists them (the book's order), so the tests use the first lesson a reader
 * meets rather than whichever slug sorts first; lessons the home page does not list come last.
 */
function inReadingOrder(pages: ReturnType<typeof lessonPages>): ReturnType<typeof lessonPages> {
  const home = builtPages().find((page) => page.path === basePath());
  const html = home ? readFileSync(home.file, 'utf8') : '';
  const rank = (path: string) => {
    const at = html.indexOf(`href="${path}"`);
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  return [...pages].sort((a, b) => rank(a.path) - rank(b.path));
}

/** The `<gs-playground>` with this id. */
export function playground(page: Page, id: string): Locator {
  return page.locator(`gs-playground[data-id="${id}"]`);
}

/** Clicks the code and waits for Monaco (or the phone textarea). */
export async function openEditor(pg: Locator): Promise<void> {
  await pg.locator('[data-role="code"] pre').click({ position: { x: 60, y: 12 } });
  await pg.locator('.monaco-editor, textarea.gs-pg-textarea').first().waitFor({ timeout: 20_000 });
}

/** Opens the editor if needed and replaces all of its code (as one typed insertion, no auto-indent). */
export async function replaceCode(page: Page, pg: Locator, code: string): Promise<void> {
  if ((await pg.locator('.monaco-editor, textarea.gs-pg-textarea').count()) === 0) await openEditor(pg);
  const textarea = pg.locator('textarea.gs-pg-textarea');
  if (await textarea.count()) {
    await textarea.fill(code);
    return;
  }
  // Monaco takes keys through an EditContext element in Chromium (a hidden textarea elsewhere): click its text.
  await pg.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  // One input event: Monaco inserts the text as it is (no auto-indent or auto-closing brackets per keystroke).
  await page.keyboard.insertText(code);
}

/** The playground's status line. */
export function statusOf(pg: Locator): Locator {
  return pg.locator('[data-role="status"]');
}

/** Waits until the playground's current run has ended (Stop is disabled again). */
export async function waitForRunEnd(pg: Locator, timeout = 20_000): Promise<void> {
  await pg.locator('[data-action="stop"]:disabled').waitFor({ state: 'attached', timeout });
  await pg.locator('.gs-output:not(.gs-stale)').waitFor({ timeout });
}

/** Clicks Run and waits for the run to end. */
export async function run(pg: Locator, timeout = 20_000): Promise<void> {
  await pg.locator('[data-action="run"]').click();
  await pg
    .locator('[data-action="stop"]:enabled')
    .waitFor({ state: 'attached', timeout: 5_000 })
    .catch(() => {});
  await waitForRunEnd(pg, timeout);
}

/**
 * A share link for playground `id` on the page at `path`, as the Share button makes it.
 *
 * @example
 * await page.goto(shareUrl(site.origin, lesson.path, 'output-growth', code, lesson.engine));
 */
export function shareUrl(origin: string, path: string, id: string, code: string, engine: string): string {
  return `${origin}${path}#pg=${encodeURIComponent(id)}&engine=${encodeURIComponent(engine)}&code=${compressToEncodedURIComponent(code)}`;
}

/** Opens a share link and waits until the playground shows the shared code (it loads lz-string first). */
export async function openShared(page: Page, url: string, id: string): Promise<Locator> {
  await page.goto(url);
  const pg = playground(page, id);
  await pg.locator('[data-role="badge"]', { hasText: 'Shared' }).waitFor({ timeout: 10_000 });
  return pg;
}
