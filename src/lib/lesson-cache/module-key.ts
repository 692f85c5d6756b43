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
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { build, type Plugin } from 'esbuild';

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

/** Leaves libraries out of the walk, noting each one's version; workspace packages (symlinks into the repository) stay in. */
function librariesAsVersions(libraries: Set<string>): Plugin {
  return {
    name: 'gradscope-libraries-as-versions',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, async (args) => {
        if (!isBare(args.path) || args.pluginData === 'inner') return undefined;
        const resolved = await builder.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'inner',
        });
        if (resolved.errors.length > 0 || !/[\\/]node_modules[\\/]/.test(resolved.path)) return undefined;
        libraries.add(packageOf(resolved.path));
        return { path: args.path, external: true };
      });
    },
  };
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
  const libraries = new Set<string>();
  const result = await build({
    entryPoints: [file, storedExportsEntry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    outdir: 'out',
    logLevel: 'silent',
    plugins: [librariesAsVersions(libraries)],
  });
  const { inputs, outputs } = result.metafile;
  const entry = relative(root, file).split('\\').join('/');
  const exportNames = Object.values(outputs).find((output) => output.entryPoint === entry)?.exports ?? [];
  const files = Object.keys(inputs).sort();
  const key = cacheKey(
    'lesson-module 1',
    entry,
    engine,
    ...files.flatMap((path) => [path, readFileSync(join(root, path), 'utf8')]),
    ...[...libraries].sort(),
  );
  return { key, exportNames: [...exportNames].sort() };
}
