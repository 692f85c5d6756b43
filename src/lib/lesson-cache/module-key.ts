/**
 * What determines a lesson module's exports, hashed into its cache key: the bytes of every file of the repository
 * it imports, however indirectly (its lesson folder, `src/charts`, the engine's build in `packages/core/dist`),
 * the name and version of every library it imports, and `engine`, the fingerprint the examples' cache keys on
 * (engine build, charts, Plot, linkedom, Node; `src/playground/build/worker-bundle.ts`). The files that store the
 * exports and draw the charts (`storedExportsEntry`) are hashed the same way, so a change to how a chart is drawn
 * is a new key too.
 *
 * esbuild walks the imports, as the bundler would, without bundling libraries: their version stands for them.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { build } from 'esbuild';

import { cacheKey } from '../build-cache.ts';

/** The module whose imports store and draw a lesson's exports: its files are part of every key. */
export const storedExportsEntry = join(import.meta.dirname, 'stored-exports.ts');

/** A lesson module's cache key and the names it exports. */
export interface LessonModule {
  readonly key: string;
  readonly exportNames: readonly string[];
}

const isBare = (specifier: string) => !/^(\.|\/|[A-Za-z]:[\\/]|node:)/.test(specifier);

/** `name@version` of the package a file in node_modules belongs to, from the nearest package.json that names one. */
function packageOf(file: string): string {
  for (let folder = dirname(file); folder !== dirname(folder); folder = dirname(folder)) {
    try {
      const { name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name) return `${name}@${version ?? ''}`;
    } catch {
      // No package.json here: look further up.
    }
  }
  return file;
}

/** The package name a bare import names: `d3-array` of `d3-array/src/x.js`, `@scope/name` of `@scope/name/y`. */
const packageName = (specifier: string) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * `name@version` of the library `specifier` names, found as Node finds it: in the nearest `node_modules` above
 * the importing file.
 */
function libraryOf(specifier: string, importer: string): string | undefined {
  const name = packageName(specifier);
  for (let folder = dirname(importer); folder !== dirname(folder); folder = dirname(folder)) {
    const manifest = join(folder, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return packageOf(manifest);
  }
  return undefined;
}

/**
 * The repository's workspace packages (`@gradscope/core`, …: symlinks from `node_modules` into the repository),
 * each mapped to its folder. The walk follows them like the repository's own files; other packages stop it.
 */
function workspacePackages(root: string): Record<string, string> {
  const packages: Record<string, string> = {};
  const modules = join(root, 'node_modules');
  const visit = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isSymbolicLink()) {
        const target = realpathSync(path);
        if (!relative(root, target).startsWith('..')) packages[prefix + entry.name] = target;
      } else if (entry.isDirectory() && entry.name.startsWith('@') && prefix === '') {
        visit(path, `${entry.name}/`);
      }
    }
  };
  if (existsSync(modules)) visit(modules, '');
  return packages;
}

/**
 * The cache keys of the lesson modules `files` under the engine fingerprint `engine`, and the names each exports,
 * from one walk of all their imports (a build keys every lesson at once: one walk shares the engine's and the
 * charts' files, where a walk per lesson read and hashed them again for each).
 *
 * @example
 * const keys = await lessonModuleKeys(['/repo/content/2-derivations/x/numbers.ts'], fingerprint);
 * keys.get('/repo/content/2-derivations/x/numbers.ts'); // { key: '5b0e…', exportNames: ['depth', …] }
 */
export async function lessonModuleKeys(
  files: readonly string[],
  engine: string,
  root = process.cwd(),
): Promise<Map<string, LessonModule>> {
  // No plugin: esbuild resolves every import itself, with no round trip to this thread per bare import; libraries
  // are read from the metafile's external imports instead. (On the bundling thread the walk of the book still took
  // 7 s; the build runs it in a worker thread, book-keys-worker.mjs, where it takes about 0.5 s.)
  const result = await build({
    entryPoints: [...new Set([...files, storedExportsEntry])],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    outdir: 'out',
    logLevel: 'silent',
    alias: workspacePackages(root),
    packages: 'external',
  });
  const { inputs, outputs } = result.metafile;
  const pathOf = (file: string) => relative(root, file).split('\\').join('/');
  const texts = new Map<string, string>();
  const textOf = (path: string) => {
    let text = texts.get(path);
    if (text === undefined) texts.set(path, (text = readFileSync(join(root, path), 'utf8')));
    return text;
  };
  // What an entry reaches through its imports: its files, and the libraries it stops at.
  const reach = (entry: string, files: Set<string>, packages: Set<string>) => {
    const pending = [entry];
    while (pending.length > 0) {
      const path = pending.pop()!;
      if (files.has(path)) continue;
      files.add(path);
      for (const imported of inputs[path]?.imports ?? []) {
        if (!imported.external) pending.push(imported.path);
        else {
          const library = isBare(imported.path) ? libraryOf(imported.path, join(root, path)) : undefined;
          if (library) packages.add(library);
        }
      }
    }
  };
  const drawing = { files: new Set<string>(), packages: new Set<string>() };
  reach(pathOf(storedExportsEntry), drawing.files, drawing.packages);
  const keys = new Map<string, LessonModule>();
  for (const file of files) {
    const entry = pathOf(file);
    const reached = { files: new Set(drawing.files), packages: new Set(drawing.packages) };
    reach(entry, reached.files, reached.packages);
    const exportNames = Object.values(outputs).find((output) => output.entryPoint === entry)?.exports ?? [];
    const key = cacheKey(
      'lesson-module 1',
      entry,
      engine,
      ...[...reached.files].sort().flatMap((path) => [path, textOf(path)]),
      ...[...reached.packages].sort(),
    );
    keys.set(file, { key, exportNames: [...exportNames].sort() });
  }
  return keys;
}

/**
 * The cache key of the lesson module `file` under the engine fingerprint `engine`, and the names it exports.
 *
 * @example
 * const { key, exportNames } = await lessonModuleKey('/repo/content/2-derivations/x/numbers.ts', fingerprint);
 * // key '5b0e…' (64 hex digits); exportNames ['depth', 'lectureGradients', …]
 */
export async function lessonModuleKey(
  file: string,
  engine: string,
  root = process.cwd(),
): Promise<LessonModule> {
  return (await lessonModuleKeys([file], engine, root)).get(file)!;
}
