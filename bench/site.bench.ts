/**
 * `npm run bench:site`: builds the finished book's size of site (21 lessons, 100 examples, generated from the real
 * lessons by `site-fixture.ts` into a temporary content folder) twice: first with an empty build cache (the full
 * build a fresh clone or CI does), then again (the rebuild after editing prose). Reports both times, where the
 * time went, and what each page weighs (HTML, CSS and eager JavaScript, gzipped as a server would send them).
 * Human-readable lines first; the last line is one JSON object for scripts and CI logs. Not a test: it prints
 * figures, it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { parseHTML } from 'linkedom';

import { eagerScripts, gzippedSize } from '../tests/support/eager-scripts.ts';
import { generateBenchContent } from './site-fixture.ts';

const LESSONS = 21;
const EXAMPLES = 100;

const root = resolve(import.meta.dirname, '..');
// Inside the repository (test-results/ is ignored by git), so the lessons' imports resolve as from content/.
// Always the same folder: Astro's content store records each lesson's file path, and a build after one whose
// folder was removed would look for the old files.
const work = join(root, 'test-results', 'bench-site');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const content = join(work, 'content');
// Both build caches start empty: the first build is the one a fresh clone or CI does.
const cache = join(work, 'cache');
const astroCache = join(work, 'astro-cache');
const out = join(work, 'dist');
const base = '/';
const book = generateBenchContent(root, content, { lessons: LESSONS, examples: EXAMPLES });

/**
 * CPU seconds used so far by this process's finished children (Linux's /proc; NaN elsewhere). Other work on a
 * shared machine stretches a build's wall-clock time but not its CPU time, so both are reported.
 */
function childrenCpuSeconds(): number {
  try {
    // Fields 16 and 17 of /proc/self/stat (cutime, cstime), in clock ticks: 100 per second on Linux.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Seconds of the build and of each phase Astro reports, read from its log. */
interface BuildTiming {
  seconds: number;
  cpuSeconds: number;
  serverBundleSeconds: number;
  clientBundleSeconds: number;
  pagesSeconds: number;
}

function build(): BuildTiming {
  const started = performance.now();
  const cpuBefore = childrenCpuSeconds();
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
    {
      cwd: root,
      env: {
        ...process.env,
        GRADSCOPE_CONTENT_DIR: content,
        GRADSCOPE_CACHE_DIR: cache,
        GRADSCOPE_ASTRO_CACHE_DIR: astroCache,
        GRADSCOPE_OUT_DIR: out,
        BASE_PATH: base,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = childrenCpuSeconds() - cpuBefore;
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    rmSync(work, { recursive: true, force: true });
    throw new Error(`astro build failed with status ${result.status}`);
  }
  // eslint-disable-next-line no-control-regex
  const log = result.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const bundles = [...log.matchAll(/\[vite\] ✓ built in ([\d.]+)(m?s)/g)].map(([, value, unit]) =>
    unit === 'ms' ? Number(value) / 1000 : Number(value),
  );
  const pages = /generating static routes[\s\S]*?\n\S* ?✓ Completed in (?:(\d+)m )?([\d.]+)(m?s)\./.exec(log);
  return {
    seconds: round(seconds),
    cpuSeconds: round(cpuSeconds),
    serverBundleSeconds: round(bundles[0] ?? NaN),
    clientBundleSeconds: round(bundles[1] ?? NaN),
    pagesSeconds: round(
      pages
        ? Number(pages[1] ?? 0) * 60 + (pages[3] === 'ms' ? Number(pages[2]) / 1000 : Number(pages[2]))
        : NaN,
    ),
  };
}

const round = (seconds: number) => Number(seconds.toFixed(2));
const full = build();
const cached = build();

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
  lessons: book.lessons,
  examples: book.examples,
  fullBuildSeconds: full.seconds,
  cachedBuildSeconds: cached.seconds,
  full,
  cached,
  pageCount: pages.length,
  siteBytes: bytesOf(() => true),
  socialCardBytes: bytesOf((file) => file.includes(`${sep}og${sep}`)),
  pagefindBytes: bytesOf((file) => file.includes(`${sep}pagefind${sep}`)),
  maxLessonEagerJsGzipBytes: Math.max(
    0,
    ...pages.filter((page) => page.path.includes('/lessons/')).map((page) => page.eagerJsGzipBytes),
  ),
  maxLessonHtmlBytes: Math.max(
    0,
    ...pages.filter((page) => page.path.includes('/lessons/')).map((page) => page.htmlBytes),
  ),
  pages,
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(7)} KB`;
const phases = (timing: BuildTiming) =>
  `${timing.seconds.toFixed(1)} s, ${timing.cpuSeconds.toFixed(1)} s of CPU (server bundle ${timing.serverBundleSeconds} s, client bundle ${timing.clientBundleSeconds} s, pages ${timing.pagesSeconds} s)`;
console.log(`book: ${book.lessons} lessons, ${book.examples} examples`);
console.log(`full build (empty cache): ${phases(full)}`);
console.log(`cached rebuild:           ${phases(cached)}`);
console.log(`${summary.pageCount} pages, ${kb(summary.siteBytes).trim()} on disk`);
console.log(
  `${'page'.padEnd(44)} ${'HTML gz'.padStart(10)} ${'CSS gz'.padStart(10)} ${'eager JS gz'.padStart(12)}`,
);
for (const page of pages) {
  console.log(
    `${page.path.padEnd(44)} ${kb(page.htmlGzipBytes)} ${kb(page.cssGzipBytes)} ${kb(page.eagerJsGzipBytes).padStart(12)}`,
  );
}
console.log(JSON.stringify(summary));
rmSync(work, { recursive: true, force: true });
