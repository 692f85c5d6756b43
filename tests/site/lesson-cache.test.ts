// A lesson's numbers.ts and figures.ts are read from the build cache when nothing they depend on changed
// (src/lib/lesson-cache/): the page must get the same values as from the module itself, and any edit must miss.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, describe, expect, it } from 'vitest';

import Figure from '../../src/components/Figure.astro';
import { chartMarkup, drawChartAhead, isDrawnChart } from '../../src/lib/drawn-chart.ts';
import {
  cachedLessonExports,
  KEPT_VERSIONS,
  lessonCacheFile,
} from '../../src/lib/lesson-cache/cached-exports.ts';
import {
  lessonComputationsStarted,
  startLessonComputations,
  storedExportsInWorker,
} from '../../src/lib/lesson-cache/compute-in-worker.ts';
import { lessonModuleKey, lessonModuleKeys } from '../../src/lib/lesson-cache/module-key.ts';
import { storeExports } from '../../src/lib/lesson-cache/stored-exports.ts';
import {
  cachedModuleSource,
  lessonCachePlugin,
  lessonModules,
  SITE_MODULES,
} from '../../src/lib/lesson-cache/vite-plugin.ts';
import { expectExactlyEqual } from './exactly-equal.ts';

const scratch = mkdtempSync(join(tmpdir(), 'gs-lesson-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const freshFolder = () => join(scratch, `cache-${(folders += 1)}`);

const LESSON = join(process.cwd(), 'content', '2-derivations', 'jacobian-products');

/** Loads a module, counting the loads: a hit must not evaluate the module. */
function counted(load: () => Promise<Record<string, unknown>>) {
  const loader = async () => {
    loader.loads += 1;
    return load();
  };
  loader.loads = 0;
  return loader;
}

describe('a lesson module computed in a worker thread', () => {
  const WORKER = join(process.cwd(), 'src', 'lib', 'lesson-cache', 'lesson-worker.mjs');

  it('stores exactly what the module computes on the build’s own thread', async () => {
    for (const name of ['numbers.ts', 'figures.ts']) {
      const file = join(LESSON, name);
      const here = storeExports((await import(file)) as Record<string, unknown>);
      expect(await storedExportsInWorker(file, WORKER), name).toEqual(here);
    }
  });

  // Seconds of scans, twice (here and in the worker): slow on a busy machine.
  it(
    'computes the Lab’s default figures there too, as the page would (base path and all)',
    { timeout: 60_000 },
    async () => {
      // src/lib/urls.ts reads Vite's import.meta.env.BASE_URL, which the worker's hooks put in.
      const file = join(process.cwd(), 'src', 'lab', 'default-figures.ts');
      const here = storeExports((await import(file)) as Record<string, unknown>);
      const inWorker = await storedExportsInWorker(file, WORKER);
      expect(inWorker).toEqual(here);
      expect(JSON.stringify(inWorker)).toContain('<svg');
    },
  );

  it('computes a module once, however often it is asked for: a page takes the computation already started', async () => {
    const folder = freshFolder();
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'numbers.ts');
    writeFileSync(file, 'export const drawn = Math.random();\n');
    startLessonComputations([file], WORKER);
    expect(lessonComputationsStarted()).toContain(file);
    const first = await storedExportsInWorker(file, WORKER);
    expect(first).toBeDefined();
    // A second computation would draw another number and store a new object.
    expect(await storedExportsInWorker(file, WORKER)).toBe(first);
  });

  it('gives nothing for a module that throws, and the cache then computes it on its own thread', async () => {
    const folder = freshFolder();
    mkdirSync(folder, { recursive: true });
    const broken = join(folder, 'numbers.ts');
    writeFileSync(broken, "throw new Error('a lesson bug');\n");
    expect(await storedExportsInWorker(broken, WORKER)).toBeUndefined();
    const load = counted(async () => ({ depth: 3 }));
    const exports = await cachedLessonExports('k-worker', 'numbers.ts', load, folder, () =>
      storedExportsInWorker(broken, WORKER),
    );
    expect(load.loads).toBe(1);
    expect(exports.depth).toBe(3);
  });
});

describe('lessonCachePlugin', () => {
  const plugin = lessonCachePlugin();
  const page = (path: string) => join(process.cwd(), path);

  it('serves a lesson page’s numbers.ts and figures.ts, and the Lab page’s default figures, from the cache', () => {
    const mdx = page('content/2-derivations/jacobian-products.mdx');
    expect(plugin.resolveId('./jacobian-products/numbers.ts', mdx)).toBe(
      `\0gradscope-lesson-cache:${page('content/2-derivations/jacobian-products/numbers.ts')}`,
    );
    const labFigures = page('src/lab/default-figures.ts');
    expect(SITE_MODULES.has(labFigures)).toBe(true);
    expect(plugin.resolveId('../lab/default-figures.ts', page('src/pages/lab.astro'))).toBe(
      `\0gradscope-lesson-cache:${labFigures}`,
    );
  });

  /** A content folder of two parts; each lesson has a numbers.ts, and `first` a figures.ts too. */
  function book(folder: string): Record<string, string> {
    const lessons = { first: ['2-b', 1], second: ['1-a', 2], third: ['2-b', 2], fourth: ['1-a', 1] } as const;
    const files: Record<string, string> = {};
    for (const [slug, [part, order]] of Object.entries(lessons)) {
      mkdirSync(join(folder, part, slug), { recursive: true });
      writeFileSync(join(folder, part, `${slug}.mdx`), `---\ntitle: ${slug}\norder: ${order}\n---\n`);
      files[slug] = join(folder, part, slug, 'numbers.ts');
      writeFileSync(files[slug], `export const name = '${slug}';\n`);
    }
    writeFileSync(join(folder, '2-b', 'first', 'figures.ts'), "export { name } from './numbers.ts';\n");
    return files;
  }

  it('lists the book’s lesson modules in reading order (part, then order), then the site’s own', () => {
    const folder = join(freshFolder(), 'content');
    const files = book(folder);
    expect(lessonModules(folder)).toEqual([
      files.fourth,
      files.second,
      files.first,
      join(folder, '2-b', 'first', 'figures.ts'),
      files.third,
      ...SITE_MODULES,
    ]);
  });

  it('keys every lesson of the book in one walk exactly as each on its own', async () => {
    const files = Object.values(book(join(freshFolder(), 'content')));
    const together = await lessonModuleKeys(files, 'engine', process.cwd());
    for (const file of files) expect(together.get(file)).toEqual(await lessonModuleKey(file, 'engine'));
    expect(new Set(files.map((file) => together.get(file)!.key)).size).toBe(files.length);
  });

  it(
    'starts computing, when the build starts, the lesson modules the cache lacks and only those',
    { timeout: 60_000 },
    async () => {
      const folder = join(freshFolder(), 'content');
      const files = book(folder);
      const cache = freshFolder();
      const saved = { content: process.env.GRADSCOPE_CONTENT_DIR, cache: process.env.GRADSCOPE_CACHE_DIR };
      process.env.GRADSCOPE_CONTENT_DIR = folder;
      process.env.GRADSCOPE_CACHE_DIR = cache;
      try {
        // `second` is in the cache already, under the key its page would look for.
        const source = (await lessonCachePlugin().load(`\0gradscope-lesson-cache:${files.second}`))!;
        const key = /cachedLessonExports\("([0-9a-f]{64})"/.exec(source)![1];
        await cachedLessonExports(key, relative(process.cwd(), files.second), async () => ({}), cache);

        lessonCachePlugin().buildStart();
        for (
          let waited = 0;
          !lessonComputationsStarted().includes(files.third) && waited < 30_000;
          waited += 50
        )
          await new Promise((resolve) => setTimeout(resolve, 50));
        const started = lessonComputationsStarted();
        for (const slug of ['first', 'third', 'fourth']) expect(started, slug).toContain(files[slug]);
        expect(started).not.toContain(files.second);
      } finally {
        for (const [name, value] of [
          ['GRADSCOPE_CONTENT_DIR', saved.content],
          ['GRADSCOPE_CACHE_DIR', saved.cache],
        ] as const)
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
      }
    },
  );

  it('leaves every other import to Vite', () => {
    // A lesson's figures.ts importing its numbers.ts gets the real module, as do tests and the Lab's own code.
    expect(
      plugin.resolveId('./numbers.ts', page('content/2-derivations/jacobian-products/figures.ts')),
    ).toBeNull();
    expect(plugin.resolveId('./default-figures.ts', page('src/lab/other.ts'))).toBeNull();
    expect(plugin.resolveId('../lab/state.ts', page('src/pages/lab.astro'))).toBeNull();
    expect(plugin.resolveId('./x/numbers.ts', undefined)).toBeNull();
  });
});

describe('cachedLessonExports', () => {
  it('gives a lesson’s numbers exactly as its numbers.ts computes them, from the cache the second time', async () => {
    const real = (await import(join(LESSON, 'numbers.ts'))) as Record<string, unknown>;
    const folder = freshFolder();
    const load = counted(async () => real);
    const first = await cachedLessonExports('k1', 'numbers.ts', load, folder);
    const second = await cachedLessonExports('k1', 'numbers.ts', load, folder);
    expect(load.loads).toBe(1);
    expect(existsSync(lessonCacheFile('k1', 'numbers.ts', folder))).toBe(true);
    expect(Object.keys(second).sort()).toEqual(Object.keys(real).sort());
    // The page gets the same whether the module was just computed or read back.
    for (const exports of [first, second]) {
      for (const [name, value] of Object.entries(real)) {
        if (typeof value === 'function') expect(exports[name], name).toBeTypeOf('function');
        else expectExactlyEqual(exports[name], value, name);
      }
    }
  });

  it('gives a lesson’s charts drawn ahead, the same markup <Figure> draws from the chart itself', async () => {
    const real = (await import(join(LESSON, 'figures.ts'))) as Record<string, unknown>;
    const exports = await cachedLessonExports('k2', 'figures.ts', async () => real, freshFolder());
    const charts = Object.keys(real).filter((name) => isDrawnChart(exports[name]));
    expect(charts.length).toBeGreaterThan(0);
    const container = await AstroContainer.create();
    for (const name of charts) {
      const render = (chart: unknown) => container.renderToString(Figure, { props: { id: 'f', chart } });
      expect(await render(exports[name]), name).toBe(await render(real[name]));
    }
  });

  it('replaces a function, exported or inside a value, by one that says the page gets values only', async () => {
    const module = {
      depth: 20,
      lectureGradients: (k: number) => k,
      network: { layers: [{ activation: { apply: (x: number) => x } }] },
    };
    const exports = (await cachedLessonExports(
      'k3',
      'lesson/numbers.ts',
      async () => module,
      freshFolder(),
    )) as typeof module;
    expect(exports.depth).toBe(20);
    expect(() => exports.lectureGradients(1)).toThrow(
      'lesson/numbers.ts: lectureGradients() was called from a page, which is given only the values',
    );
    expect(() => exports.network.layers[0].activation.apply(1)).toThrow(
      'network.layers[0].activation.apply()',
    );
  });

  it('hands over a module it cannot store as it is, and stores nothing', async () => {
    class Run {
      loss = 1;
    }
    const module = { depth: 20, run: new Run() };
    const folder = freshFolder();
    const load = counted(async () => module);
    expect(await cachedLessonExports('k4', 'numbers.ts', load, folder)).toBe(module);
    expect(await cachedLessonExports('k4', 'numbers.ts', load, folder)).toBe(module);
    expect(load.loads).toBe(2);
    expect(existsSync(lessonCacheFile('k4', 'numbers.ts', folder))).toBe(false);
  });

  it('computes the module again when the entry on disk is for another key or does not parse', async () => {
    const folder = freshFolder();
    const load = counted(async () => ({ depth: 20 }));
    await cachedLessonExports('k5', 'numbers.ts', load, folder);
    writeFileSync(lessonCacheFile('k5', 'numbers.ts', folder), '{"key":"k5","exports":');
    expect((await cachedLessonExports('k5', 'numbers.ts', load, folder)).depth).toBe(20);
    writeFileSync(
      lessonCacheFile('k5', 'numbers.ts', folder),
      JSON.stringify({ key: 'other', exports: { $: 'object', id: 0, v: {} } }),
    );
    expect((await cachedLessonExports('k5', 'numbers.ts', load, folder)).depth).toBe(20);
    expect(load.loads).toBe(3);
  });
  it('keeps the last few versions of a module, and every version of the others', async () => {
    const folder = freshFolder();
    const versions = KEPT_VERSIONS + 2;
    for (let version = 1; version <= versions; version++) {
      await cachedLessonExports(`v${version}`, 'a/numbers.ts', async () => ({ version }), folder);
      // Entries are ordered by when they were written: make the order plain to the file system.
      utimesSync(lessonCacheFile(`v${version}`, 'a/numbers.ts', folder), version, version);
    }
    await cachedLessonExports('other', 'b/numbers.ts', async () => ({ version: 0 }), folder);
    await cachedLessonExports('v-last', 'a/numbers.ts', async () => ({ version: 9 }), folder);
    const kept = (key: string) => existsSync(lessonCacheFile(key, 'a/numbers.ts', folder));
    expect(['v-last', `v${versions}`, `v${versions - 1}`].every(kept)).toBe(true);
    expect(kept(`v${versions - 2}`)).toBe(false);
    expect(kept('v1')).toBe(false);
    expect(existsSync(lessonCacheFile('other', 'b/numbers.ts', folder))).toBe(true);
  });
});

describe('lessonModuleKey', () => {
  const lesson = join(scratch, 'lesson');
  const write = (name: string, text: string) => writeFileSync(join(lesson, name), text);
  const key = async (engine = 'engine 1') =>
    (await lessonModuleKey(join(lesson, 'numbers.ts'), engine, scratch)).key;

  it('changes with the module, with any file it imports and with the engine, not with other files', async () => {
    mkdirSync(lesson, { recursive: true });
    write('numbers.ts', "import { factor } from './factor.ts';\nexport const depth = 20 * factor;\n");
    write('factor.ts', "import { base } from './base.ts';\nexport const factor = base;\n");
    write('base.ts', 'export const base = 1;\n');
    write('unrelated.ts', 'export const x = 1;\n');
    const original = await key();
    expect(await key()).toBe(original);

    write('unrelated.ts', 'export const x = 2;\n');
    expect(await key()).toBe(original);

    write('base.ts', 'export const base = 2;\n');
    const afterImportEdit = await key();
    expect(afterImportEdit).not.toBe(original);

    write('numbers.ts', "import { factor } from './factor.ts';\nexport const depth = 30 * factor;\n");
    const afterEdit = await key();
    expect(afterEdit).not.toBe(afterImportEdit);

    expect(await key('engine 2')).not.toBe(afterEdit);
  });

  it('finds the names the module exports, the page’s module exports the same names', async () => {
    write(
      'numbers.ts',
      'export const depth = 20;\nexport function twice(x: number) { return 2 * x; }\nexport default 1;\n',
    );
    const { exportNames } = await lessonModuleKey(join(lesson, 'numbers.ts'), 'engine', scratch);
    expect(exportNames).toEqual(['default', 'depth', 'twice']);
    const source = cachedModuleSource(join(lesson, 'numbers.ts'), 'key', exportNames);
    expect(source).toContain('export default values.default;');
    expect(source).toContain('export const depth = values["depth"];');
    expect(source).toContain('export const twice = values["twice"];');
  });
});

describe('a chart drawn ahead', () => {
  const chart = {
    ariaLabel: 'Two points',
    ariaDescription: 'A line through two points.',
    marks: [],
    caption: 'Note.',
  };

  it('is the markup <Figure> draws, and <Figure> shows it with the chart’s own note', async () => {
    const drawn = drawChartAhead(chart)!;
    expect(drawn.drawn.html).toBe(chartMarkup(chart, chart.ariaLabel, chart.ariaDescription));
    const container = await AstroContainer.create();
    const render = (value: unknown) => container.renderToString(Figure, { props: { id: 'f', chart: value } });
    const page = await render(drawn);
    expect(page).toBe(await render(chart));
    expect(page).toContain('Note.');
  });

  it('is not made for what is not a chart with its own name and description', () => {
    expect(drawChartAhead({ marks: [] })).toBeUndefined();
    expect(drawChartAhead({ depth: 20 })).toBeUndefined();
    expect(drawChartAhead([1, 2])).toBeUndefined();
  });

  it('cannot be given another name or description by <Figure>: the build stops and says where to set them', async () => {
    const container = await AstroContainer.create();
    await expect(
      container.renderToString(Figure, { props: { id: 'f', chart: drawChartAhead(chart), label: 'Other' } }),
    ).rejects.toThrow(
      '<Figure id="f">: the chart was drawn ahead with its own accessible name and description',
    );
  });
});
