// Hostile shared code: whatever it emits or posts, nothing runs in the page, nothing changes outside its output
// panel, and it cannot read or change what the site stored.
import { describe, expect, it } from 'vitest';

import { openPage } from '../support/browser.ts';
import { useBrowserAndSite } from '../support/fixtures.ts';
import { openShared, playgroundLesson, run, shareUrl } from '../playground/browser-helpers.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const id = lesson.ids[0];

// Builds markup inside the worker from the document Plot renders into, and displays it as a figure.
const hostileMarkup = String.raw`
import * as Plot from '@observablehq/plot';
const svg = Plot.plot({ marks: [Plot.dot([[1, 1]])] }) as any;
const doc = svg.ownerDocument;
const holder = doc.createElement('div');
holder.innerHTML = [
  '<script>window.pwned = "script"</script>',
  '<img src="x" onerror="window.pwned = \'img onerror\'">',
  '<svg onload="window.pwned = \'svg onload\'"><a href="javascript:window.pwned=1"><text>link</text></a></svg>',
  '<style>body { display: none !important; }</style>',
  '<div id="short-answer" data-action="reset" style="position: fixed; inset: 0; z-index: 99999; background: red">cover</div>',
  '<iframe src="javascript:parent.pwned=\'iframe\'"></iframe>',
  '<form action="https://example.com"><button>go</button></form>',
].join('');
display(holder);
`;

describe('hostile shared code', () => {
  it('emits markup that is sanitised and stays inside its panel', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const pg = await openShared(
      page,
      shareUrl(env.site.origin, lesson.path, id, hostileMarkup, lesson.engine),
      id,
    );
    await run(pg);
    await page.waitForTimeout(500);

    expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    const output = pg.locator('.gs-output');
    expect(await output.locator('script, style, iframe, form, button, [onerror], [onload]').count()).toBe(0);
    expect(await output.locator('a[href^="javascript"]').count()).toBe(0);
    // Its ids cannot take the page's: the lesson's #short-answer (if any) is still the only one.
    expect(await output.locator('#short-answer').count()).toBe(0);
    expect(await output.locator('[data-action]').count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');

    // The fixed-position cover is clipped to the output panel: just outside it, a click hits the page. Scroll,
    // measure and probe in one synchronous step, so no smooth scroll or late layout moves the panel in between.
    const outsideHits = await output.evaluate((element) => {
      element.scrollIntoView({ block: 'center', behavior: 'instant' });
      const panel = element.getBoundingClientRect();
      return [
        [panel.x + 10, panel.y - 15],
        [panel.x - 15, panel.y + 20],
        [panel.x + 10, panel.y + panel.height + 15],
      ].map(([x, y]) => (document.elementFromPoint(x, y)?.closest('.gs-output') ? 'inside' : null));
    });
    expect(outsideHits).toEqual([null, null, null]);
    expect(await pg.locator('[data-action="reset"]').isEnabled()).toBe(true);
    expect(watched.pageErrors).toEqual([]);
    expect(watched.offHostRequests).toEqual([]);
    await watched.close();
  });

  it('cannot make the page act on messages it posts itself, or on messages other windows post', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    const forged = (nonce: string) =>
      JSON.stringify({
        type: 'event',
        nonce,
        event: {
          type: 'item',
          item: {
            kind: 'figure',
            key: 7,
            html: '<img src="x" onerror="window.pwned=1"><p id="forged">forged</p>',
          },
        },
      });
    const code = [
      `self.postMessage(${forged('guessed-nonce')});`,
      `self.postMessage(${forged('')});`,
      "self.postMessage({ type: 'ready' });",
      "self.postMessage({ type: 'event', event: { type: 'done', ok: true, ms: 0 } });",
      "console.log('genuine output');",
    ].join('\n');
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await run(pg);
    expect(await pg.locator('.gs-output').textContent()).toBe('genuine output\n');
    expect(await page.locator('#forged').count()).toBe(0);

    // Messages to the window (from this page or another frame) are not read at all.
    await page.evaluate((message) => window.postMessage(JSON.parse(message), '*'), forged(''));
    await page.waitForTimeout(200);
    expect(await page.locator('#forged').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(watched.pageErrors).toEqual([]);
    await watched.close();
  });

  it('cannot read or change what the site stored', async () => {
    const watched = await openPage(env.browser);
    const { page } = watched;
    await page.goto(env.site.url(lesson.path));
    await page.evaluate(() => localStorage.setItem('gradscope-theme', 'dark'));
    const before = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    const code = [
      'const probes: Record<string, () => unknown> = {',
      "  localStorage: () => (globalThis as any).localStorage.setItem('gradscope-theme', 'light'),",
      "  indexedDB: () => (globalThis as any).indexedDB.open('x'),",
      "  caches: () => (globalThis as any).caches.open('x'),",
      "  BroadcastChannel: () => new (globalThis as any).BroadcastChannel('gradscope'),",
      '  storage: () => (navigator as any).storage.getDirectory(),',
      "  fetch: () => (globalThis as any).fetch('https://example.com/'),",
      "  Worker: () => new (globalThis as any).Worker('data:text/javascript,'),",
      '};',
      'for (const [name, probe] of Object.entries(probes)) {',
      "  try { probe(); console.log(name + ': allowed'); } catch (error) { console.log(name + ': refused'); }",
      '}',
    ].join('\n');
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await run(pg);
    const lines = (await pg.locator('.gs-out-log').textContent())?.trim().split('\n');
    expect(lines).toEqual([
      'localStorage: refused',
      'indexedDB: refused',
      'caches: refused',
      'BroadcastChannel: refused',
      'storage: refused',
      'fetch: refused',
      'Worker: refused',
    ]);
    // Only the playground's own record of the shared code was added; the theme choice is untouched.
    const siteKeys = (json: string) =>
      Object.entries(JSON.parse(json)).filter(([key]) => !key.startsWith('gradscope:playground:'));
    const after = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(siteKeys(after)).toEqual(siteKeys(before));
    expect(siteKeys(after)).toContainEqual(['gradscope-theme', 'dark']);
    expect(watched.offHostRequests).toEqual([]);
    await watched.close();
  });
});
