// Reader code reaches no other host. Shared code runs in a worker that the page's Content-Security-Policy (a <meta>
// tag: it holds on any static host) binds, and whatever it tries (dynamic import built at run time, fonts, fetch,
// sockets, nested workers…) or whatever markup it displays, no request leaves the site. A decoy server on another
// host (127.0.0.2) records what reaches it; a control run of the same probes in a worker of the decoy's own
// origin, with no policy and nothing taken away, shows the probes do reach it when nothing stops them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useBrowserAndSite } from '../support/fixtures.ts';
import { openShared, playgroundLesson, run, shareUrl } from '../playground/browser-helpers.ts';
import { type Decoy, startDecoy } from '../playground/decoy-server.ts';

const env = useBrowserAndSite();
const lesson = playgroundLesson();
const id = lesson.ids[0];

let decoy: Decoy;
beforeAll(async () => {
  decoy = await startDecoy();
});
afterAll(() => decoy?.close());

/**
 * Ways a worker's code can ask for a URL, as a JavaScript object literal: name → (base URL) => attempt. Each
 * attempt requests its own path under the base, so the decoy's log says which one got through.
 */
const PROBES = String.raw`{
  'import()': (base) => import(base + '/import.js'),
  'import() built with new Function': (base) => new Function('url', 'return import(url)')(base + '/import-function.js'),
  'import() built with eval': (base) => (0, eval)('(url) => import(url)')(base + '/import-eval.js'),
  'FontFace.load': (base) => new FontFace('probe', 'url(' + base + '/fontface.woff2)').load(),
  'fonts.load': (base) => {
    self.fonts.add(new FontFace('probe-added', 'url(' + base + '/fonts-load.woff2)'));
    return self.fonts.load('12px probe-added');
  },
  'fetch': (base) => fetch(base + '/fetch'),
  'XMLHttpRequest': (base) => {
    const request = new XMLHttpRequest();
    request.open('GET', base + '/xhr');
    request.send();
  },
  'WebSocket': (base) => void new WebSocket(base.replace(/^http/, 'ws') + '/websocket'),
  'EventSource': (base) => void new EventSource(base + '/eventsource'),
  'importScripts': (base) => importScripts(base + '/importscripts.js'),
  'navigator.sendBeacon': (base) => navigator.sendBeacon(base + '/beacon'),
  'Image': (base) => void (new Image().src = base + '/image.png'),
  'Worker': (base) => void new Worker(base + '/worker.js'),
  'Worker from a blob': (base) =>
    void new Worker(URL.createObjectURL(new Blob(['fetch(' + JSON.stringify(base + '/nested-blob') + ')'], { type: 'text/javascript' }))),
  'SharedWorker': (base) => void new SharedWorker(base + '/sharedworker.js'),
  'location': (base) => void (self.location.href = base + '/location'),
  'WebTransport': (base) => new WebTransport(base.replace(/^http:/, 'https:') + '/webtransport').ready,
  'serviceWorker.register': (base) => navigator.serviceWorker.register(base + '/service-worker.js'),
}`;

/** Runs every probe against `base` (each given 300 ms to settle) and returns what happened to it. */
const PROBE_LOOP = String.raw`async function tryAll(base) {
  const probes = ${PROBES};
  const results = {};
  for (const [name, probe] of Object.entries(probes)) {
    try {
      const value = probe(base);
      if (value && typeof value.then === 'function') {
        await Promise.race([value, new Promise((resolve) => setTimeout(resolve, 300))]);
      }
      results[name] = 'no error';
    } catch (error) {
      results[name] = 'refused';
    }
  }
  return results;
}`;

/** Probes that reach the decoy from a worker of its own origin, with no policy and nothing taken away. */
const REACH_WITHOUT_POLICY = [
  '/probe/import.js',
  '/probe/import-function.js',
  '/probe/import-eval.js',
  '/probe/fontface.woff2',
  '/probe/fonts-load.woff2',
  '/probe/fetch',
  '/probe/xhr',
  '/probe/websocket',
  '/probe/eventsource',
  '/probe/importscripts.js',
  '/probe/worker.js',
  '/probe/nested-blob',
];

/**
 * A page with no guard between it and the network (the suites' `openPage` aborts off-host requests itself, which
 * would hide a leak from the decoy), recording every request the page or its workers start and how each failed.
 */
async function openUnguardedPage() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  const failures = new Map<string, string>();
  const pageErrors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => failures.set(request.url(), request.failure()?.errorText ?? ''));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  /**
   * Requests to another origin, each with how it ended. The browser reports a request its policy refused (it never
   * reaches the network) as started, then failed with the reason `csp`.
   */
  const offSite = () =>
    requests
      .filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== env.site.origin)
      .map((url) => `${url} ${failures.get(url) ?? 'not refused'}`);
  return { page, context, pageErrors, offSite };
}

/** The lines of `offSite()` for requests that were not refused by the Content-Security-Policy. */
const notRefusedByPolicy = (lines: readonly string[]) => lines.filter((line) => !line.endsWith(' csp'));

/** Settles late requests (a probe's promise may outlive its 300 ms), then returns what reached the decoy. */
async function decoyHitsAfter(page: Page): Promise<string[]> {
  await page.waitForTimeout(1000);
  return [...decoy.hits];
}

describe('reader code and the network', () => {
  it('reaches the decoy with every probe from a worker that no policy binds (the control)', async () => {
    decoy.hits.length = 0;
    decoy.setControlScript(
      `${PROBE_LOOP}\ntryAll(self.location.origin + '/probe').then((results) => postMessage(results));`,
    );
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${decoy.origin}/control.html`);
    await page.waitForFunction(() => 'controlResult' in window, undefined, { timeout: 20_000 });
    const hits = await decoyHitsAfter(page);
    expect(hits).toEqual(expect.arrayContaining(REACH_WITHOUT_POLICY));
    await context.close();
  });

  it('reaches no other host from the playground worker, whatever the code tries', async () => {
    decoy.hits.length = 0;
    const { page, context, pageErrors, offSite } = await openUnguardedPage();
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    const code = [
      PROBE_LOOP,
      `const results = await tryAll(${JSON.stringify(`${decoy.origin}/probe`)});`,
      'console.log(JSON.stringify(results));',
    ].join('\n');
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await run(pg);
    // The code ran to its end: every probe was tried.
    const results = JSON.parse((await pg.locator('.gs-out-log').textContent()) ?? '{}') as Record<
      string,
      string
    >;
    expect(Object.keys(results)).toHaveLength(18);
    expect(await decoyHitsAfter(page)).toEqual([]);
    // Whatever the browser started towards another host, its policy refused before it reached the network.
    expect(notRefusedByPolicy(offSite())).toEqual([]);
    // The code ran in a worker started from a blob: URL, which is what puts it under the page's policy.
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.filter((url) => !url.startsWith('blob:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows no image, style or link from another host that a figure carries, and neither would the page', async () => {
    decoy.hits.length = 0;
    const { page, context, pageErrors, offSite } = await openUnguardedPage();
    const d = `${decoy.origin}/figure`;
    const markup = [
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40">`,
      `<image href="${d}/svg-image.png" width="10" height="10"/>`,
      `<image xlink:href="${d}/svg-xlink-image.png" width="10" height="10"/>`,
      `<use href="${d}/svg-use.svg#shape"/>`,
      `<a href="${d}/svg-link" ping="${d}/ping"><text y="20">a link</text></a>`,
      `<rect width="10" height="10" style="fill: url(${d}/css-fill.svg#paint)"/>`,
      `<rect width="10" height="10" fill="url(${d}/attribute-fill.svg#paint)"/>`,
      `<filter id="f"><feImage href="${d}/feimage.png"/></filter>`,
      '</svg>',
      `<img src="${d}/img.png" srcset="${d}/srcset.png 2x">`,
      `<div style="background-image: url(${d}/css-background.png)">background</div>`,
      `<picture><source srcset="${d}/source.png"><img src="${d}/picture.png"></picture>`,
      `<video poster="${d}/poster.png" src="${d}/video.mp4"></video><audio src="${d}/audio.mp3"></audio>`,
      `<link rel="stylesheet" href="${d}/link.css"><link rel="prefetch" href="${d}/prefetch">`,
      `<style>@import url(${d}/style-import.css); div { background: url(${d}/style-background.png) }</style>`,
      `<object data="${d}/object"></object><embed src="${d}/embed"><iframe src="${d}/iframe"></iframe>`,
      `<form action="${d}/form"><input type="image" src="${d}/input-image.png"></form>`,
    ].join('');
    const code = String.raw`
import * as Plot from '@observablehq/plot';
const svg = Plot.plot({ marks: [Plot.dot([[1, 1]])] }) as any;
const holder = svg.ownerDocument.createElement('div');
holder.innerHTML = ${JSON.stringify(markup)};
display(holder);
`;
    const pg = await openShared(page, shareUrl(env.site.origin, lesson.path, id, code, lesson.engine), id);
    await run(pg);
    const output = pg.locator('.gs-output');
    // The sanitiser kept only the link (which fetches nothing until followed) and dropped its ping.
    const references = await output.evaluate((element) =>
      [...element.querySelectorAll('*')].flatMap((node) =>
        [...node.attributes]
          .filter((attribute) => attribute.value.includes('127.0.0.2'))
          .map((attribute) => `${node.localName} ${attribute.name}`),
      ),
    );
    expect(references).toEqual(['a href']);
    expect(await decoyHitsAfter(page)).toEqual([]);

    // And if markup ever got past the sanitiser, the page's own policy would refuse to load it.
    const refused = await page.evaluate(async (base) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.effectiveDirective),
      );
      const image = document.createElement('img');
      image.src = `${base}/page-img.png`;
      const styled = document.createElement('div');
      styled.style.backgroundImage = `url(${base}/page-css.png)`;
      styled.textContent = 'x';
      document.body.append(image, styled);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return violations.sort();
    }, d);
    expect(refused).toEqual(['img-src', 'img-src']);
    expect(await decoyHitsAfter(page)).toEqual([]);
    expect(notRefusedByPolicy(offSite())).toEqual([]);
    // The sanitised figure itself asked for nothing: the only refused requests are the two the test made.
    expect(
      offSite()
        .map((line) => new URL(line.split(' ')[0]).pathname)
        .sort(),
    ).toEqual(['/figure/page-css.png', '/figure/page-img.png']);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
