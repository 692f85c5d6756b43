/**
 * The build's own cache on disk, for work whose result depends only on inputs it can name: example runs
 * (`src/playground/build/run-cache.ts`), social-card images, highlighted code, what each lesson's `numbers.ts` and
 * `figures.ts` computed (`src/lib/lesson-cache/`), what each lesson's MDX compiled to (`src/lib/mdx-compile-cache.ts`). One folder, GRADSCOPE_CACHE_DIR or
 * `node_modules/.cache/gradscope` in the repository (where build tools conventionally cache; ignored by git, gone
 * after a fresh install). Deleting it only costs time.
 *
 * Entries are named by a hash of everything that determines them, written to a temporary file and renamed (so
 * concurrent builds never read half a file), and a file that cannot be read is simply made again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { writeAtomically } from './atomic-write.ts';

/** The repository root, found from the working directory (the root in `astro build`, `astro dev` and Vitest). */
function repositoryRoot(): string {
  let directory = process.cwd();
  for (;;) {
    if (existsSync(join(directory, 'astro.config.mjs'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
}

/**
 * The cache folder: GRADSCOPE_CACHE_DIR, else `node_modules/.cache/gradscope` in the repository.
 *
 * @example
 * buildCacheFolder(); // '/home/me/gradscope/node_modules/.cache/gradscope'
 */
export function buildCacheFolder(): string {
  const fromEnvironment = process.env.GRADSCOPE_CACHE_DIR?.trim();
  if (fromEnvironment) return resolve(fromEnvironment);
  return join(repositoryRoot(), 'node_modules', '.cache', 'gradscope');
}

/**
 * A hash naming a cache entry: of every input, in order.
 *
 * @example
 * cacheKey(JSON.stringify(card), socialCardSource, sharp.versions.vips); // '9c0e…' (64 hex digits)
 */
export function cacheKey(...inputs: readonly (string | undefined)[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`${input?.length ?? -1}:${input ?? ''}\0`);
  return hash.digest('hex');
}

/**
 * The bytes cached under `kind/key`, or `make()`'s, which are then cached. A cache that cannot be written only
 * makes the build slower.
 *
 * @example
 * const png = await cached('social-cards', key, '.png', () => renderSocialCard(card));
 */
export async function cached(
  kind: string,
  key: string,
  extension: string,
  make: () => Promise<Uint8Array | string>,
): Promise<Buffer> {
  const file = join(buildCacheFolder(), kind, `${key}${extension}`);
  try {
    const bytes = readFileSync(file);
    if (bytes.length > 0) return bytes;
  } catch {
    // Not cached yet (or unreadable): make it.
  }
  const made = await make();
  const bytes = typeof made === 'string' ? Buffer.from(made) : Buffer.from(made);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeAtomically(file, bytes);
  } catch {
    // A read-only or full disk: go on without the cache.
  }
  return bytes;
}
