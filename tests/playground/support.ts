/**
 * A runtime environment for tests: linkedom, the real Plot, the engine's source and the charts' source, as the
 * build and the browser worker assemble it.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

import * as core from '../../packages/core/src/index.ts';
import * as charts from '../../src/charts/index.ts';
import { createEnvironment } from '../../src/playground/runtime/environment.ts';
import type { RunOptions } from '../../src/playground/runtime/run.ts';
import { runReaderCode } from '../../src/playground/runtime/run.ts';
import { compileReaderCode } from '../../src/playground/runtime/transpile.ts';
import type { OutputItem, RunEvent } from '../../src/playground/runtime/protocol.ts';

/** Runs `code` in a fresh environment and returns the result and every event in order. */
export async function run(code: string, options: Partial<RunOptions> = {}) {
  const events: RunEvent[] = [];
  // Node reports a throwing timer as an uncaught exception; route it to the run as the worker entries do.
  const environment = createEnvironment(
    parseHTML,
    { core, plot: Plot, charts },
    compileReaderCode,
    (listener) => {
      const handler = (error: unknown) => listener(error);
      process.on('uncaughtException', handler);
      return () => void process.off('uncaughtException', handler);
    },
  );
  const result = await runReaderCode(code, environment, (event) => events.push(event), options);
  return { ...result, events };
}

/** The items of one kind, narrowed. */
export function itemsOf<K extends OutputItem['kind']>(items: readonly OutputItem[], kind: K) {
  return items.filter((item): item is Extract<OutputItem, { kind: K }> => item.kind === kind);
}
