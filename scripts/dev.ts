/**
 * `npm run dev`: Astro's dev server and the engine's compiler in watch mode, started and stopped together, so an
 * edit to `packages/core/src` reaches the page without a manual `npm run build:core`:
 *
 *   packages/core/src/x.ts  --tsc -w-->  packages/core/dist/x.js  --Vite-->  figures and numbers recomputed
 *                                                               --worker bundle-->  examples rerun
 *
 * The engine is compiled once before the server starts, so the first page already uses the current sources.
 * Arguments go to `astro dev`: `npm run dev -- --port 4405`. Ctrl+C stops both; if either stops, so does the other.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const engineProject = join(root, 'packages', 'core', 'tsconfig.build.json');

const first = spawnSync(process.execPath, [tsc, '-p', engineProject], { cwd: root, stdio: 'inherit' });
if (first.status !== 0) {
  console.error('dev: the engine does not compile (see above); fix it, then run npm run dev again.');
  process.exit(first.status ?? 1);
}

const children: ChildProcess[] = [
  // --preserveWatchOutput: tsc would otherwise clear the terminal, and Astro's messages with it.
  spawn(process.execPath, [tsc, '-w', '-p', engineProject, '--preserveWatchOutput'], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn(process.execPath, [astro, 'dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }),
];

let stopping = false;
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

for (const child of children) child.on('exit', (code, signal) => stopAll(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopAll(0));
