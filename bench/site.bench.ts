/**
 * `npm run bench:site`: builds the site into a temporary folder and reports how long the build took and what each
 * page weighs (HTML, CSS and eager JavaScript, gzipped as a server would send them). Human-readable lines first;
 * the last line is one JSON object for scripts and CI logs. Not a test: it prints figures, it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { parseHTML } from 'linkedom';

import { eagerScripts, gzippedSize } from '../tests/support/eager-scripts.ts';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'gradscope-bench-site-'));
const base = '/';

const started = performance.now();
const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
  {
    cwd: root,
    env: { ...process.env, GRADSCOPE_OUT_DIR: out, BASE_PATH: base, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  },
);
const buildSeconds = (performance.now() - started) / 1000;
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  rmSync(out, { recursive: true, force: true });
  throw new Error(`astro build failed with status ${build.status}`);
}

function files(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;
const all = files(out);

interface PageWeight {
  path: string;
  htmlBytes: number;
  htmlGzipBytes: number;
  cssGzipBytes: number;
  eagerJsGzipBytes: number;
}

const pages: PageWeight[] = [];
for (const file of all.filter((name) => name.endsWith('.html') && !name.includes(`${sep}pagefind${sep}`))) {
  const rel = relative(out, file).split(sep).join('/');
  const path = base + (rel === 'index.html' ? '' : rel.replace(/index\.html$/, ''));
  const html = readFileSync(file, 'utf8');
  const { document } = parseHTML(html);
  const css = [...document.querySelectorAll('link[rel="stylesheet"][href]')]
    .map((link) => readFileSync(join(out, link.getAttribute('href')!.slice(base.length)), 'utf8'))
    .concat([...document.querySelectorAll('style')].map((style) => style.textContent ?? ''));
  const scripts = await eagerScripts(out, base, path);
  pages.push({
    path,
    htmlBytes: Buffer.byteLength(html),
    htmlGzipBytes: gz(html),
    cssGzipBytes: gzippedSize(css),
    eagerJsGzipBytes: gzippedSize(scripts.values()),
  });
}
pages.sort((a, b) => a.path.localeCompare(b.path));

const bytesOf = (predicate: (file: string) => boolean) =>
  all.filter(predicate).reduce((sum, file) => sum + statSync(file).size, 0);
const summary = {
  benchmark: 'site',
  buildSeconds: Number(buildSeconds.toFixed(2)),
  pageCount: pages.length,
  siteBytes: bytesOf(() => true),
  socialCardBytes: bytesOf((file) => file.includes(`${sep}og${sep}`)),
  pagefindBytes: bytesOf((file) => file.includes(`${sep}pagefind${sep}`)),
  maxLessonEagerJsGzipBytes: Math.max(
    0,
    ...pages.filter((page) => page.path.includes('/lessons/')).map((page) => page.eagerJsGzipBytes),
  ),
  pages,
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;
console.log(
  `build: ${summary.buildSeconds.toFixed(2)} s, ${summary.pageCount} pages, ${kb(summary.siteBytes).trim()} on disk`,
);
console.log(
  `${'page'.padEnd(44)} ${'HTML gz'.padStart(10)} ${'CSS gz'.padStart(10)} ${'eager JS gz'.padStart(12)}`,
);
for (const page of pages) {
  console.log(
    `${page.path.padEnd(44)} ${kb(page.htmlGzipBytes)} ${kb(page.cssGzipBytes)} ${kb(page.eagerJsGzipBytes).padStart(12)}`,
  );
}
console.log(JSON.stringify(summary));
rmSync(out, { recursive: true, force: true });
