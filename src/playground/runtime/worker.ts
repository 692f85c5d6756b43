/// <reference lib="webworker" />
/**
 * The browser's playground worker: a dedicated worker, started from a `blob:` URL so that the page's
 * Content-Security-Policy binds it, that runs one reader program and is then terminated by the page (a fresh
 * worker per run, so nothing a program leaves behind reaches the next).
 *
 * Before the reader's code runs, the APIs through which a worker could reach what the site stored or talk to
 * other same-origin contexts are removed from its global scope (a worker has no `localStorage`, but it does have
 * IndexedDB, the Cache API, OPFS and BroadcastChannel). Every message the runtime posts carries the run's nonce,
 * a secret the page sent with the code: the reader's code cannot read it, so the page can ignore anything the
 * code posts itself.
 */
import * as charts from '@gradscope/charts';
import * as core from '@gradscope/core';
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom/worker';

import { compiledCode, ReaderSyntaxError, type Compile } from './compiled.js';
import { createEnvironment } from './environment.js';
import type { CompiledTransfer, RunRequest, WorkerMessage } from './protocol.js';
import { runReaderCode, type RuntimeEnvironment } from './run.js';

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;

// Started any other way than from the runner's `blob:` starter (client/site-worker.ts), this worker would not be
// under the page's Content-Security-Policy, and the code it runs could reach other hosts: it refuses.
if (scope.location.protocol !== 'blob:') {
  throw new Error('The playground worker runs only when the playground starts it (from a blob: URL).');
}
const post = scope.postMessage.bind(scope) as (message: WorkerMessage) => void;

const uncaughtListeners = new Set<(error: unknown) => void>();
const onUncaught: RuntimeEnvironment['onUncaught'] = (listener) => {
  uncaughtListeners.add(listener);
  return () => void uncaughtListeners.delete(listener);
};
scope.addEventListener('error', (event) => {
  event.preventDefault();
  for (const listener of uncaughtListeners) listener(event.error ?? new Error(event.message));
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  for (const listener of uncaughtListeners) listener(event.reason);
});

/** Takes away storage, cross-context messaging, nested workers and the network. */
function lockDown(): void {
  for (const name of [
    'indexedDB',
    'caches',
    'BroadcastChannel',
    'Worker',
    'SharedWorker',
    'fetch',
    'XMLHttpRequest',
    'WebSocket',
    'WebTransport',
    'EventSource',
    'importScripts',
  ]) {
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false });
    } catch {
      // A property the browser made non-configurable stays; the page's checks do not rely on this.
    }
  }
  try {
    // OPFS: navigator.storage.getDirectory() reaches the site's private files.
    Object.defineProperty(Object.getPrototypeOf(scope.navigator), 'storage', { get: () => undefined });
  } catch {
    // As above.
  }
}

/**
 * Run once while the worker boots (the page keeps a booted spare, so nobody waits for this): running and rendering
 * a small program the way a lesson example does takes the first-call cost of linkedom, Plot and the charts off the
 * reader's first Run. Written as the page's compiler would emit it: the worker has no compiler.
 */
const WARM_UP = `
const Plot = require('@observablehq/plot');
const { zeros } = require('@gradscope/core');
const m = zeros(2, 2);
console.log(m);
display({ marks: [Plot.lineY([1, 2, 4]), Plot.ruleY([0])], ariaLabel: 'warm-up', ariaDescription: 'warm-up' });
display([{ layer: 1, norm: 0.5 }]);
`;

/** The warm-up is JavaScript already. */
const asIs: Compile = (source) => compiledCode(source, '');

function isCompiledTransfer(value: unknown): value is CompiledTransfer {
  if (typeof value !== 'object' || value === null) return false;
  const transfer = value as { code?: unknown; mappings?: unknown; syntaxError?: unknown };
  if (typeof transfer.code === 'string') return typeof transfer.mappings === 'string';
  const error = transfer.syntaxError as { message?: unknown; line?: unknown; column?: unknown } | undefined;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.message === 'string' &&
    typeof error.line === 'number' &&
    typeof error.column === 'number'
  );
}

/** A compiler that answers with what the page compiled for the request's code and check. */
function compiledBy(request: RunRequest): Compile {
  const compiled = new Map<string, CompiledTransfer>([[request.code, request.compiled.code]]);
  if (request.check !== undefined && request.compiled.check)
    compiled.set(request.check, request.compiled.check);
  return (source) => {
    const transfer = compiled.get(source);
    if (!transfer) throw new Error('The page sent this code without compiling it.');
    if ('syntaxError' in transfer) {
      const { message, line, column } = transfer.syntaxError;
      throw new ReaderSyntaxError(message, line, column);
    }
    return compiledCode(transfer.code, transfer.mappings);
  };
}

let started = false;
scope.addEventListener('message', (event: MessageEvent<RunRequest>) => {
  const request = event.data;
  if (
    started ||
    request?.type !== 'run' ||
    typeof request.code !== 'string' ||
    typeof request.nonce !== 'string' ||
    (request.check !== undefined && typeof request.check !== 'string') ||
    typeof request.compiled !== 'object' ||
    request.compiled === null ||
    !isCompiledTransfer(request.compiled.code) ||
    (request.compiled.check !== undefined && !isCompiledTransfer(request.compiled.check))
  ) {
    return;
  }
  started = true;
  const { nonce } = request;
  lockDown();
  const environment = createEnvironment(
    parseHTML as (html: string) => { document: unknown },
    { core, plot: Plot, charts },
    compiledBy(request),
    onUncaught,
  );
  void runReaderCode(
    request.code,
    environment,
    (runEvent) => post({ type: 'event', nonce, event: runEvent }),
    { check: request.check },
  );
});

void runReaderCode(
  WARM_UP,
  createEnvironment(parseHTML as (html: string) => { document: unknown }, { core, plot: Plot, charts }, asIs),
).finally(() => post({ type: 'ready' }));
