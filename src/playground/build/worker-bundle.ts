/**
 * The build's example worker as one file, bundled by esbuild from `node-worker.mjs`, and its fingerprint: a hash of
 * the exact bytes of every file that went into it (the engine's build, the runtime and chart sources, Plot,
 * linkedom, Sucrase), of Node's and esbuild's versions. Two bundles with the same fingerprint run any example the
 * same way, so the fingerprint keys the cache of example results (`run-cache.ts`).
 *
 * The bundle is kept in the cache folder and reused while every input still has the bytes it was built from: a
 * quick size-and-mtime check (at most every 100 ms), then a hash of the contents when anything moved. So an engine
 * rebuilt under a running dev server (`tsc -w`) gets a new bundle and a new fingerprint on the next page render.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

import { build, type Loader, version as esbuildVersion } from 'esbuild';

import { writeAtomically } from '../../lib/atomic-write.ts';

/** A bundled worker, ready for `new Worker(file)`. */
export interface WorkerBundle {
  /** Absolute path of the bundle. */
  readonly file: string;
  /** Hash of everything the bundle was made from; equal fingerprints run examples identically. */
  readonly fingerprint: string;
}

interface Input {
  readonly path: string;
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface Manifest {
  readonly version: 1;
  readonly fingerprint: string;
  readonly inputs: readonly Input[];
}

const MANIFEST_VERSION = 1;
const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function fingerprintOf(entry: string, inputs: readonly Input[]): string {
  const lines = [
    `entry ${entry}`,
    `node ${process.version}`,
    `esbuild ${esbuildVersion}`,
    ...inputs.map((input) => `${input.path} ${input.hash}`).sort(),
  ];
  return sha256(lines.join('\n'));
}

/** The manifest if every input still has the bytes it was bundled from, else `undefined`. */
function validManifest(file: string, entry: string, known: Manifest | undefined): Manifest | undefined {
  let manifest = known;
  if (!manifest) {
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
  }
  if (manifest?.version !== MANIFEST_VERSION || !Array.isArray(manifest.inputs)) return undefined;
  let moved = false;
  const inputs: Input[] = [];
  for (const input of manifest.inputs) {
    let stats;
    try {
      stats = statSync(input.path);
    } catch {
      return undefined;
    }
    if (stats.size === input.size && stats.mtimeMs === input.mtimeMs) {
      inputs.push(input);
      continue;
    }
    // Touched, perhaps changed: only the bytes decide.
    moved = true;
    const hash = sha256(readFileSync(input.path));
    if (hash !== input.hash) return undefined;
    inputs.push({ ...input, size: stats.size, mtimeMs: stats.mtimeMs });
  }
  // Read from disk, the manifest itself is checked once: a hand-edited or truncated one is rebuilt.
  if ((moved || !known) && fingerprintOf(entry, inputs) !== manifest.fingerprint) return undefined;
  return moved ? { ...manifest, inputs } : manifest;
}

async function bundle(entry: string, bundleFolder: string): Promise<{ manifest: Manifest; file: string }> {
  const inputs: Input[] = [];
  // esbuild reads the files through this hook, so the hashes are of exactly the bytes that went in.
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    write: false,
    logLevel: 'silent',
    // Plot's and linkedom's CommonJS dependencies may call require(): give the ES module one.
    banner: {
      js: "import { createRequire as __gsCreateRequire } from 'node:module'; const require = __gsCreateRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'gradscope-fingerprint',
        setup(builder) {
          builder.onLoad({ filter: /.*/ }, (args) => {
            if (args.namespace !== 'file') return undefined;
            // Stat first: a file rewritten in between then looks moved next time, and is hashed again.
            const stats = statSync(args.path);
            const contents = readFileSync(args.path);
            inputs.push({
              path: args.path,
              hash: sha256(contents),
              size: stats.size,
              mtimeMs: stats.mtimeMs,
            });
            return { contents, loader: LOADERS[extname(args.path)] ?? 'js' };
          });
        },
      },
    ],
  });
  const fingerprint = fingerprintOf(entry, inputs);
  const file = bundleFileOf(bundleFolder, fingerprint);
  writeAtomically(file, result.outputFiles[0].text);
  return { manifest: { version: MANIFEST_VERSION, fingerprint, inputs }, file };
}

function bundleFileOf(folder: string, fingerprint: string): string {
  return join(folder, `worker-${fingerprint.slice(0, 24)}.mjs`);
}

function readPreviousBundle(manifestFile: string, folder: string): string | undefined {
  try {
    const { fingerprint } = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    return typeof fingerprint === 'string' && /^[0-9a-f]{64}$/.test(fingerprint)
      ? bundleFileOf(folder, fingerprint)
      : undefined;
  } catch {
    return undefined;
  }
}

const known = new Map<string, Manifest>();
const pending = new Map<string, Promise<WorkerBundle>>();
/** When each manifest was last found valid: a page with many examples asks many times within a few milliseconds. */
const checkedAt = new Map<string, number>();
/**
 * A check is reused this long. The engine rebuilt within this window of a check could at most give one render the
 * previous bundle (cached under the previous fingerprint, so never mistaken for the new one); the reload that
 * follows a rebuild comes later (`engine-reload.ts`).
 */
export const RECHECK_MS = 100;

/**
 * The bundle of `entry` in `cacheFolder`, rebuilt only when one of its inputs changed. Concurrent calls share one
 * bundling; concurrent builds in other processes at worst bundle twice and rename the same bytes into place.
 *
 * @example
 * const entry = 'src/playground/build/node-worker.mjs';
 * const { file, fingerprint } = await workerBundle(entry, 'node_modules/.cache/gradscope');
 * new Worker(file);
 */
export async function workerBundle(entry: string, cacheFolder: string): Promise<WorkerBundle> {
  const absoluteEntry = resolve(entry);
  const folder = join(resolve(cacheFolder), 'worker');
  const manifestFile = join(folder, `manifest-${sha256(absoluteEntry).slice(0, 16)}.json`);
  const remembered = known.get(manifestFile);
  const recent = remembered && performance.now() - (checkedAt.get(manifestFile) ?? -Infinity) < RECHECK_MS;
  const valid = recent ? remembered : validManifest(manifestFile, absoluteEntry, remembered);
  if (valid) {
    if (!recent) checkedAt.set(manifestFile, performance.now());
    known.set(manifestFile, valid);
    const file = bundleFileOf(folder, valid.fingerprint);
    try {
      if (statSync(file).size > 0) return { file, fingerprint: valid.fingerprint };
    } catch {
      // The bundle was removed: make it again.
    }
  }
  known.delete(manifestFile);
  const inFlight = pending.get(manifestFile);
  if (inFlight) return inFlight;
  const made = (async () => {
    mkdirSync(folder, { recursive: true });
    const previous = readPreviousBundle(manifestFile, folder);
    const { manifest, file } = await bundle(absoluteEntry, folder);
    writeAtomically(manifestFile, JSON.stringify(manifest));
    // Each engine edit under `npm run dev` makes a new 2 MB bundle: the one it replaces goes.
    if (previous && previous !== file) rmSync(previous, { force: true });
    known.set(manifestFile, manifest);
    return { file, fingerprint: manifest.fingerprint };
  })();
  pending.set(manifestFile, made);
  try {
    return await made;
  } finally {
    pending.delete(manifestFile);
  }
}
