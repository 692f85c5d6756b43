// What a lesson's MDX compiled to is read from the build cache when nothing the compile reads changed
// (src/lib/mdx-compile-cache.ts): a hit must return exactly what the compile returned, and every input it names
// (the text, the lesson folder's files, the pipeline's sources) must miss when it changes. Errors are never kept.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { unified } from '@astrojs/markdown-remark';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { markdownPipeline } from '../../src/lib/markdown/pipeline.ts';
import {
  cachedMdxTransform,
  MDX_PLUGIN_NAME,
  mdxCompileCachePlugin,
  pipelineFingerprint,
} from '../../src/lib/mdx-compile-cache.ts';

const scratch = mkdtempSync(join(tmpdir(), 'gs-mdx-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const freshFolder = () => join(scratch, `cache-${(folders += 1)}`);

/** A transform that counts its compiles and returns what `make` gives for the code. */
function countingTransform(
  make: (code: string) => unknown = (code) => ({ code: `compiled:${code}`, map: null }),
) {
  const transform = async (code: string) => {
    transform.compiles += 1;
    return make(code);
  };
  transform.compiles = 0;
  return transform;
}

/** A lesson file `<part>/<slug>.mdx` with a folder beside it, in a fresh content folder. */
function lessonFile(): { file: string; folder: string } {
  const part = join(scratch, `content-${(folders += 1)}`, '1-part');
  const folder = join(part, 'a-lesson');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'first-example.ts'), 'console.log(1);\n');
  return { file: join(part, 'a-lesson.mdx'), folder };
}

describe('cachedMdxTransform', () => {
  it('compiles once and then returns the stored result, identical', async () => {
    const transform = countingTransform(() => ({
      code: 'export default 1;',
      map: null,
      meta: {
        astro: { hydratedComponents: [], clientOnlyComponents: [], serverComponents: [] },
        vite: { lang: 'ts' },
      },
    }));
    const cached = cachedMdxTransform(transform, freshFolder(), 'fingerprint');
    const { file } = lessonFile();
    const first = await cached.call(undefined, '# Title', file);
    const second = await cached.call(undefined, '# Title', file);
    expect(transform.compiles).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first); // read back from disk, not held in memory
  });

  it('compiles again when the text, the path, the lesson folder or the fingerprint changes', async () => {
    const transform = countingTransform();
    const folder = freshFolder();
    const { file, folder: lessonFolder } = lessonFile();
    await cachedMdxTransform(transform, folder, 'one').call(undefined, 'text', file);
    await cachedMdxTransform(transform, folder, 'one').call(undefined, 'text, edited', file);
    expect(transform.compiles).toBe(2);
    await cachedMdxTransform(transform, folder, 'one').call(
      undefined,
      'text',
      file.replace('a-lesson', 'b-lesson'),
    );
    expect(transform.compiles).toBe(3);
    // A new example in the lesson's folder changes what <Playground example="…"> can find.
    writeFileSync(join(lessonFolder, 'second-example.ts'), 'console.log(2);\n');
    await cachedMdxTransform(transform, folder, 'one').call(undefined, 'text', file);
    expect(transform.compiles).toBe(4);
    await cachedMdxTransform(transform, folder, 'two').call(undefined, 'text', file);
    expect(transform.compiles).toBe(5);
    // And each of those is now a hit (under the folder as it now is).
    await cachedMdxTransform(transform, folder, 'one').call(undefined, 'text', file);
    await cachedMdxTransform(transform, folder, 'two').call(undefined, 'text', file);
    expect(transform.compiles).toBe(5);
  });

  it('keeps no compile that failed: the error shows again on the next build', async () => {
    const failing = countingTransform(() => {
      throw new Error('content/1-part/a-lesson.mdx:3: <Playground example="nope"> needs the file …');
    });
    const cached = cachedMdxTransform(failing, freshFolder(), 'fingerprint');
    const { file } = lessonFile();
    await expect(cached.call(undefined, 'text', file)).rejects.toThrow(/needs the file/);
    await expect(cached.call(undefined, 'text', file)).rejects.toThrow(/needs the file/);
    expect(failing.compiles).toBe(2);
  });

  it('keeps no result that JSON would change (so a hit can never differ from a compile)', async () => {
    const transform = countingTransform(() => ({ code: 'x', map: null, meta: { seen: new Set(['a']) } }));
    const cached = cachedMdxTransform(transform, freshFolder(), 'fingerprint');
    const { file } = lessonFile();
    await cached.call(undefined, 'text', file);
    await cached.call(undefined, 'text', file);
    expect(transform.compiles).toBe(2);
  });

  it('stores what the site’s own MDX pipeline returns for a real lesson', async () => {
    const renderer = await unified(markdownPipeline('/')).createMdxRenderer!(
      { syntaxHighlight: false },
      { optimize: false, srcDir: new URL('file:///'), sourcemap: false },
    );
    // The shape @astrojs/mdx's transform returns (vite-plugin-mdx.js).
    const transform = countingTransform(() => undefined);
    const compile = async (code: string, id: string) => {
      transform.compiles += 1;
      const result = await renderer.process(code, id, {});
      return {
        code: result.code,
        map: result.map ?? null,
        meta: { astro: result.astroMetadata, vite: { lang: 'ts' } },
      };
    };
    const cached = cachedMdxTransform(compile, freshFolder(), 'fingerprint');
    const file = join(process.cwd(), 'content', '2-derivations', 'jacobian-products.mdx');
    const text = 'The product of the layers’ Jacobians, $J = \\prod_l D_l W_l$.\n\n## Why it grows\n';
    const compiled = (await cached.call(undefined, text, file)) as { code: string };
    const again = await cached.call(undefined, text, file);
    expect(transform.compiles).toBe(1);
    expect(again).toEqual(compiled);
    expect(compiled.code).toContain('katex');
  });
});

describe('pipelineFingerprint', () => {
  it('changes with any source of src/lib, the base path and the lockfile, and only then', () => {
    const root = join(scratch, `root-${(folders += 1)}`);
    cpSync(join(process.cwd(), 'src', 'lib', 'markdown'), join(root, 'src', 'lib', 'markdown'), {
      recursive: true,
    });
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3}');
    const before = pipelineFingerprint({}, root);
    expect(pipelineFingerprint({}, root)).toBe(before);
    expect(pipelineFingerprint({ BASE_PATH: '/gradscope/' }, root)).not.toBe(before);
    writeFileSync(join(root, 'src', 'lib', 'markdown', 'rehype-base-links.ts'), '// edited\n');
    const edited = pipelineFingerprint({}, root);
    expect(edited).not.toBe(before);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}');
    expect(pipelineFingerprint({}, root)).not.toBe(edited);
  });
});

describe('mdxCompileCachePlugin', () => {
  it('wraps the MDX plugin’s transform, keeping its filter, and only in builds', async () => {
    const filter = { id: /\.mdx$/ };
    const transform = countingTransform();
    const mdx = { name: MDX_PLUGIN_NAME, transform: { filter, handler: transform } };
    const other = { name: 'another-plugin', transform: { handler: countingTransform() } };
    const plugin = mdxCompileCachePlugin();
    expect(plugin.apply).toBe('build');
    vi.stubEnv('GRADSCOPE_CACHE_DIR', freshFolder());
    plugin.configResolved!({ plugins: [other, mdx] });
    vi.unstubAllEnvs();
    expect(mdx.transform.filter).toBe(filter);
    expect(mdx.transform.handler).not.toBe(transform);
    expect(other.transform.handler.compiles).toBe(0);
    const { file } = lessonFile();
    const handler = mdx.transform.handler as (code: string, id: string) => Promise<unknown>;
    await handler.call(undefined, 'plugin test', file);
    await handler.call(undefined, 'plugin test', file);
    expect(transform.compiles).toBe(1);
  });
});
