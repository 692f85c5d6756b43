/**
 * Chromium for the browser tests, shared by the site's and the playground's suites.
 *
 * playwright-core drives Debian's /usr/bin/chromium (no browser download; CHROMIUM_PATH overrides). Every page
 * opened with `openPage` records what a test usually wants to assert never happened: console errors, uncaught
 * exceptions, failed requests, and any request to a host other than the local test server (such requests are
 * also blocked, so a test cannot pass by reaching the network).
 *
 * @example
 * const browser = await launchBrowser();
 * const site = await serveSite();
 * const { page, problems, close } = await openPage(browser, { colorScheme: 'dark' });
 * await page.goto(site.url('lessons/deep-linear-network/'));
 * expect(problems()).toEqual([]);
 * await close();
 */
import { existsSync } from 'node:fs';

import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/** The Chromium binary: Debian's package, or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium in a container on a closed network: /dev/shm is small in containers, and
 * Chromium's own background calls home would be refused (and counted as off-host requests).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
];

/** Hosts that count as "the site" in tests. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Launches headless Chromium (as root, playwright adds --no-sandbox itself).
 *
 * @example
 * const browser = await launchBrowser();
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/** Options of `openPage`: any browser-context option (viewport, colorScheme, javaScriptEnabled, …). */
export interface OpenPageOptions extends BrowserContextOptions {
  /** Console messages matching one of these are not counted as problems. */
  readonly allowConsole?: readonly RegExp[];
}

/** A page and the record of what went wrong on it. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors (`console.error`, failed loads reported by the browser). */
  readonly consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  readonly pageErrors: string[];
  /** Requests that went (or tried to go) to a host other than localhost; they were aborted. */
  readonly offHostRequests: string[];
  /** Same-site requests that failed or answered with a status ≥ 400 (except the 404 page a test asks for). */
  readonly failedRequests: string[];
  /** Everything above, one line each; `[]` when the page behaved. */
  problems(): string[];
  close(): Promise<void>;
}

/**
 * Opens a page in a fresh browser context that records problems and blocks off-host requests.
 *
 * @example
 * const watched = await openPage(browser, { viewport: { width: 390, height: 844 } });
 */
export async function openPage(browser: Browser, options: OpenPageOptions = {}): Promise<WatchedPage> {
  const { allowConsole = [], ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const offHostRequests: string[] = [];
  const failedRequests: string[] = [];

  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
      offHostRequests.push(url.href);
      await route.abort('blockedbyclient');
      return;
    }
    await route.continue();
  });

  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // A 404 navigation logs "Failed to load resource … 404"; tests that visit the 404 page expect it.
    if (allowConsole.some((pattern) => pattern.test(text))) return;
    const where = message.location();
    consoleErrors.push(`${text}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on('requestfailed', (request) => {
    const url = new URL(request.url());
    const error = request.failure()?.errorText ?? 'failed';
    // ERR_ABORTED: the page navigated away before a load (often the favicon) finished; not the site's fault.
    if (LOCAL_HOSTS.has(url.hostname) && error !== 'net::ERR_ABORTED')
      failedRequests.push(`${request.url()}: ${error}`);
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (
      response.status() >= 400 &&
      LOCAL_HOSTS.has(url.hostname) &&
      response.request().resourceType() !== 'document'
    ) {
      failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
    }
  });

  return {
    page,
    context,
    consoleErrors,
    pageErrors,
    offHostRequests,
    failedRequests,
    problems: () => [
      ...consoleErrors.map((text) => `console error: ${text}`),
      ...pageErrors.map((text) => `uncaught: ${text}`),
      ...offHostRequests.map((url) => `request to another host: ${url}`),
      ...failedRequests.map((text) => `failed request: ${text}`),
    ],
    close: () => context.close(),
  };
}
