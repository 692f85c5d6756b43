// `npm run dev` serves pages without bundling them first (Vite's module runner): imports that a build's bundler
// accepts can fail there, as a CommonJS package's named exports did on the Lab page. So the dev server is started
// and asked for the pages that run the most code when rendered: the landing page, the Lab, the playground and a
// lesson (a light one: in dev, a lesson computes its numbers at every request). `--ignore-lock`: a dev server
// the developer has running is left alone.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
// Astro's own cache (its content store among it) in a folder of its own: the dev server rewrites it as it starts,
// and the other suites read the one in node_modules/.astro meanwhile.
const astroCache = mkdtempSync(join(tmpdir(), 'gs-dev-astro-cache-'));
let server: ReturnType<typeof spawn> | undefined;
let base = '';

/** The environment a developer's shell has: without what Vitest sets for its own run (NODE_ENV=test, VITEST…). */
function developerEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')),
  );
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  server = spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'),
      'dev',
      '--ignore-lock',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: root,
      env: {
        ...developerEnvironment(),
        ASTRO_TELEMETRY_DISABLED: '1',
        BASE_PATH: '/',
        GRADSCOPE_ASTRO_CACHE_DIR: astroCache,
      },
    },
  );
  let log = '';
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`astro dev did not start:\n${log}`)), 90_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      // The banner names the address once the server listens (colour codes and all).
      if (log.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    server!.stdout!.on('data', read);
    server!.stderr!.on('data', read);
    server!.on('exit', (code) => reject(new Error(`astro dev exited with ${code}:\n${log}`)));
  });
}, 120_000);

afterAll(() => {
  server?.kill();
  rmSync(astroCache, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it.each(['/', '/lab/', '/playground/', '/lessons/products-not-counts/'])(
    'serves %s as a page, not an error',
    async (path) => {
      const response = await fetch(base + path);
      const html = await response.text();
      expect(response.status, html.slice(0, 500)).toBe(200);
      expect(html).toContain('<h1');
    },
    120_000,
  );
});
