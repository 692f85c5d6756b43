/**
 * Serves a built site on 127.0.0.1 (a free port) the way a static host would: `/x/` serves `x/index.html`,
 * a missing file gets `404.html` with status 404, and everything sits under the base path it was built for.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import sirv from 'sirv';

import { basePath, distDir } from './site.ts';

/** A running static server. */
export interface StaticSite {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly origin: string;
  /** Absolute URL of a site path: `url('lessons/x/')` honours the base path; a leading `/` is taken as is. */
  url(path?: string): string;
  close(): Promise<void>;
}

/**
 * Starts a server for `dir` (default: the built site).
 *
 * @example
 * const site = await serveSite();
 * await page.goto(site.url('answers/'));
 * await site.close();
 */
export async function serveSite(
  dir = distDir(),
  base = basePath(),
  options: { precompressed?: boolean } = {},
): Promise<StaticSite> {
  const files = sirv(dir, {
    dev: false,
    etag: true,
    dotfiles: false,
    extensions: ['html'],
    // With `x.gz`/`x.br` beside each file (bench/lighthouse.bench.ts writes them), served compressed, as a host would.
    gzip: options.precompressed ?? false,
    brotli: options.precompressed ?? false,
  });
  const notFound = () => readFileSync(join(dir, '404.html'));
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const sendNotFound = () => {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(notFound());
    };
    if (!url.pathname.startsWith(base)) return sendNotFound();
    request.url = `/${url.pathname.slice(base.length)}${url.search}`;
    files(request, response, sendNotFound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path = '') => (path.startsWith('/') ? origin + path : origin + base + path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
