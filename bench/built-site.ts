/**
 * What the browser benches (`lab.bench.ts`, `playground.bench.ts`) share: the built site they measure, and the
 * quantiles they report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The site a bench measures: its folder, and the temporary folder to remove afterwards ('' for a given build). */
export interface BuiltSite {
  readonly dist: string;
  readonly temporary: string;
}

/**
 * The build in GRADSCOPE_DIST when set; else a fresh build for '/' into a temporary folder named after the bench
 * (`gradscope-bench-<name>-…`), which the bench removes when done. A failed build prints its output and throws.
 */
export function builtSite(name: string): BuiltSite {
  const root = resolve(import.meta.dirname, '..');
  if (process.env.GRADSCOPE_DIST) return { dist: resolve(root, process.env.GRADSCOPE_DIST), temporary: '' };
  const temporary = mkdtempSync(join(tmpdir(), `gradscope-bench-${name}-`));
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
    {
      cwd: root,
      env: { ...process.env, GRADSCOPE_OUT_DIR: temporary, BASE_PATH: '/', ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) {
    process.stderr.write(build.stdout + build.stderr);
    rmSync(temporary, { recursive: true, force: true });
    throw new Error(`astro build failed with status ${build.status}`);
  }
  return { dist: temporary, temporary };
}

/** The q-quantile of `values` (0 ≤ q ≤ 1), interpolating linearly between the two nearest sorted values. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
