// Sharing and keeping edits: a share link carries the code and round-trips without running it, edits survive a
// reload, Reset goes back to the lesson's code and can be undone, and a shared link never loses an edit.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import {
  openShared,
  playground,
  playgroundLesson,
  replaceCode,
  run,
  shareUrl,
  statusOf,
} from '../playground/browser-helpers.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const id = lesson.ids[0];

/** The code a playground shows, whether in Monaco, the textarea or the static block. */
async function shownCode(page: import('playwright-core').Page): Promise<string> {
  return page.evaluate((playgroundId) => {
    const element = document.querySelector(`gs-playground[data-id="${playgroundId}"]`) as HTMLElement;
    const lines = element.querySelectorAll('.view-line');
    if (lines.length)
      return Array.from(lines, (line) => line.textContent?.replace(/\u00a0/g, ' ')).join('\n');
    return element.querySelector('[data-role="code"] code')?.textContent ?? '';
  }, id);
}

describe('sharing and keeping edits', () => {
  it('copies a link that opens the same code, marked as shared, without running it', async () => {
    const watched = await openPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    const code = "// shared: the marker\nconsole.log('ran the shared code');";
    await replaceCode(page, pg, code);
    await pg.locator('[data-action="share"]').click();
    await expect.poll(() => statusOf(pg).textContent()).toMatch(/^Link copied/);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`#pg=${id}&engine=${lesson.engine.replace(/\./g, '\\.')}&code=`));

    const reader = await openPage(env.browser);
    const workers: string[] = [];
    reader.page.on('worker', (worker) => workers.push(worker.url()));
    const shared = await openShared(reader.page, link, id);
    expect(await shared.locator('[data-role="code"] code').textContent()).toBe(code);
    expect(await statusOf(shared).textContent()).toBe('Code from a shared link, not run yet.');
    expect(await shared.locator('.gs-output').textContent()).toBe(
      'This code came from a shared link and has not run. Read it, then press Run to run it.',
    );
    // The fragment is gone (a reload keeps the reader's own edits), and nothing ran.
    expect(new URL(reader.page.url()).hash).toBe('');
    await reader.page.waitForTimeout(1_000);
    expect(workers).toEqual([]);
    expect(await shared.locator('.gs-output').textContent()).not.toContain('ran the shared code');

    await run(shared);
    expect(await shared.locator('.gs-output').textContent()).toBe('ran the shared code\n');
    expect([...watched.problems(), ...reader.problems()]).toEqual([]);
    await Promise.all([watched.close(), reader.close()]);
  });

  it('says so when a link was made with another engine version', async () => {
    const watched = await openPage(env.browser);
    const pg = await openShared(
      watched.page,
      shareUrl(env.site.origin, lesson.path, id, 'console.log(1)', '0.0.1-old'),
      id,
    );
    expect(await statusOf(pg).textContent()).toContain(
      `It was shared from engine 0.0.1-old; this page runs ${lesson.engine}, so results may differ.`,
    );
    await watched.close();
  });

  it('keeps edits across a reload', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    await replaceCode(page, pg, "console.log('kept across reloads');");
    await expect.poll(() => pg.locator('[data-role="badge"]').textContent()).toBe('Edited');
    await page.reload();
    expect(await shownCode(page)).toBe("console.log('kept across reloads');");
    expect(await playground(page, id).locator('[data-role="badge"]').textContent()).toBe('Edited');
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('resets to the lesson’s code and output, and Undo (or Ctrl+Z in the editor) brings the edit back', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    const lessonCode = (await pg.getAttribute('data-lesson-code')) ?? '';
    const lessonOutput = await pg.locator('.gs-output').innerHTML();
    await replaceCode(page, pg, "console.log('my version');");
    await run(pg);

    await pg.locator('[data-action="reset"]').click();
    expect(await shownCode(page)).toBe(lessonCode);
    expect(await pg.locator('.gs-output').innerHTML()).toBe(lessonOutput);
    expect(await pg.locator('[data-action="reset"]').isDisabled()).toBe(true);
    expect(await pg.locator('[data-role="badge"]').isHidden()).toBe(true);

    await pg.locator('[data-action="undo"]').click();
    expect(await shownCode(page)).toBe("console.log('my version');");
    expect(await pg.locator('.gs-output').textContent()).toBe('my version\n');

    // The reset is also one step on the editor's own undo stack.
    await pg.locator('[data-action="reset"]').click();
    await pg.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => shownCode(page)).toBe("console.log('my version');");
    await page.reload();
    expect(await shownCode(page)).toBe("console.log('my version');");
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('keeps the reader’s edit when a shared link replaces it, and can restore it', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    await replaceCode(page, pg, "console.log('typed before the link');");
    await expect.poll(() => pg.locator('[data-role="badge"]').textContent()).toBe('Edited');

    const shared = await openShared(
      page,
      shareUrl(env.site.origin, lesson.path, id, "console.log('from the link');", lesson.engine),
      id,
    );
    expect(await shownCode(page)).toBe("console.log('from the link');");
    const restore = shared.locator('[data-action="undo"]');
    expect(await restore.textContent()).toBe('Restore my version');
    await restore.click();
    expect(await shownCode(page)).toBe("console.log('typed before the link');");
    // And the shared code is one Undo away in turn.
    expect(await restore.isVisible()).toBe(true);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });

  it('opens the editor at the place the reader clicked and keeps what was typed while it loaded', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    const pg = playground(page, id);
    const lessonLines = ((await pg.getAttribute('data-lesson-code')) ?? '').split('\n');
    await pg.evaluate((element) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
    // Second line of the code, a few characters in (16 px padding, 21 px lines).
    await pg.locator('[data-role="code"] pre').click({ position: { x: 90, y: 16 + 21 + 10 } });
    await page.keyboard.type('ab');
    await pg.locator('.monaco-editor').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await shownCode(page)).split('\n')[1]).toContain('ab');
    const lines = (await shownCode(page)).split('\n');
    expect(lines[1].replace('ab', '')).toBe(lessonLines[1]);
    expect(lines[0]).toBe(lessonLines[0]);
    expect(watched.problems()).toEqual([]);
    await watched.close();
  });
});
