/**
 * Runs reader code in a dedicated Web Worker, never on the page's thread, and ends it on Stop, on a new Run, or
 * at the playground's time limit (`terminate()` stops even `while (true) {}`).
 *
 * Each run gets a fresh worker, so nothing one program leaves behind reaches the next. Starting one costs
 * 100-200 ms of processor time (compiling Plot, linkedom and the engine, then a warm-up run; about 50 ms once the
 * browser has cached the bundle's compiled code, see site-worker.ts), so two booted spares are kept
 * for the whole page: booted when a reader first points at a playground, and replaced as soon as a run ends (or
 * is stopped). Two, because a reader who presses Run again as soon as the output shows would otherwise wait for
 * the previous run's replacement to boot.
 *
 * Workers start through `startSiteWorker` (a `blob:` URL), so the page's Content-Security-Policy binds them:
 * reader code can reach no other host.
 *
 * The page compiles the reader's TypeScript (Sucrase, a few milliseconds) and sends the JavaScript: the page keeps
 * its compiled compiler for its whole life, whereas each fresh worker would parse and warm up its own.
 *
 * Only messages from the run's own worker, signed with the run's nonce, are read; anything else (a message the
 * code posts itself, another frame's `postMessage`) is ignored. The page never listens on `window` for messages.
 */
import type {
  CompiledTransfer,
  OutputItem,
  RunError,
  RunEvent,
  RunRequest,
  WorkerMessage,
} from '../runtime/protocol.js';
import { compileReaderCode, ReaderSyntaxError } from '../runtime/transpile.js';
import workerUrl from '../runtime/worker.ts?worker&url';
import { startSiteWorker } from './site-worker.js';

export { sanitizeFigure } from './sanitize.js';

/** A run in progress. */
export interface RunHandle {
  /** Ends the run now, reporting it as stopped. Does nothing once the run has ended. */
  stop(): void;
}

interface BootingWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  booted: boolean;
}

/** Booted (or booting) workers waiting for a run. */
const SPARE_WORKERS = 2;
const spares: BootingWorker[] = [];

function boot(): BootingWorker {
  const worker = startSiteWorker(workerUrl, 'gradscope-playground');
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (event: MessageEvent<WorkerMessage>) => {
      if (event.data?.type !== 'ready') return;
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      booting.booted = true;
      resolve();
    };
    const onError = (event: ErrorEvent) => {
      worker.removeEventListener('message', onMessage);
      // A spare that failed to load is not kept: the next run boots another (and reports its failure).
      const index = spares.indexOf(booting);
      if (index >= 0) spares.splice(index, 1);
      reject(new Error(event.message || 'the playground worker failed to load'));
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
  ready.catch(() => {});
  const booting: BootingWorker = { worker, ready, booted: false };
  return booting;
}

/** Compiled once when the reader first points at a playground: the first Run then finds the compiler warm. */
const COMPILER_WARM_UP = `import { zeros } from '@gradscope/core';
const m: ReturnType<typeof zeros> = zeros(2, 2);
display([{ layer: 1, norm: m.rows }]);`;
let compilerWarmed = false;

/**
 * Boots spare workers up to the pool's size, so the next Run starts at once.
 *
 * @example
 * playground.addEventListener('pointerenter', warm, { once: true });
 */
export function warm(): void {
  while (spares.length < SPARE_WORKERS) spares.push(boot());
  if (!compilerWarmed) {
    compilerWarmed = true;
    setTimeout(() => compileForWorker(COMPILER_WARM_UP), 0);
  }
}

/**
 * A booted spare if there is one, else the one booting longest (or a new one). Its replacement boots when the
 * run ends, not now: booting competes with the run for the processor.
 */
function takeWorker(): BootingWorker {
  const index = spares.findIndex((spare) => spare.booted);
  return (index >= 0 ? spares.splice(index, 1)[0] : spares.shift()) ?? boot();
}

/** Compiles reader code for the worker; a syntax error is sent too, and reported by the run. */
function compileForWorker(source: string): CompiledTransfer {
  try {
    const { code, mappings } = compileReaderCode(source);
    return { code, mappings };
  } catch (error) {
    const { message, line, column } =
      error instanceof ReaderSyntaxError ? error : { message: String(error), line: 1, column: 1 };
    return { syntaxError: { message, line, column } };
  }
}

function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Runs `code` in a fresh worker; `onEvent` receives the run's events in order and always ends with `done`.
 * With `options.check`, an exercise's check runs after the code (see runtime/exercise.ts).
 *
 * @example
 * const handle = startRun(code, 10_000, (event) => render(event));
 * stopButton.onclick = () => handle.stop();
 */
export function startRun(
  code: string,
  timeLimitMs: number,
  onEvent: (event: RunEvent) => void,
  options: { readonly check?: string } = {},
): RunHandle {
  const { worker, ready } = takeWorker();
  // While the worker (if it was not booted yet) boots.
  const compiled = {
    code: compileForWorker(code),
    check: options.check === undefined ? undefined : compileForWorker(options.check),
  };
  const secret = nonce();
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = 0;

  const end = (error?: RunError) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    worker.terminate();
    if (error) {
      const item: OutputItem = { kind: 'error', key: -1, error };
      onEvent({ type: 'item', item });
    }
    onEvent({ type: 'done', ok: !error, ms: started ? performance.now() - started : 0 });
    warm();
  };

  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (ended || message?.type !== 'event' || message.nonce !== secret || !isRunEvent(message.event)) return;
    if (message.event.type === 'done') {
      // Keep the worker's own timing (the code's run time), then end without adding anything.
      onEvent({ type: 'done', ok: message.event.ok, ms: message.event.ms });
      ended = true;
      clearTimeout(timer);
      worker.terminate();
      warm();
      return;
    }
    onEvent(message.event);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    end({
      name: 'Error',
      message: event.message || 'The playground worker stopped unexpectedly.',
      phase: 'internal',
    });
  });

  ready.then(
    () => {
      if (ended) return;
      started = performance.now();
      timer = setTimeout(
        () =>
          end({
            name: 'Time limit',
            message: `Stopped after ${formatSeconds(timeLimitMs)}: the code was still running. Loops that never end, or too many steps, hit this limit; shorten the run or report progress with progress(step, total) to see how far it gets.`,
            phase: 'timeout',
          }),
        timeLimitMs,
      );
      const request: RunRequest = { type: 'run', code, nonce: secret, check: options.check, compiled };
      worker.postMessage(request);
    },
    (error: unknown) =>
      end({
        name: 'Error',
        message: `The playground could not start: ${error instanceof Error ? error.message : String(error)}`,
        phase: 'internal',
      }),
  );

  return {
    stop: () => end({ name: 'Stopped', message: 'You stopped the run.', phase: 'stopped' }),
  };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

const ITEM_KINDS = new Set(['log', 'figure', 'table', 'note', 'error']);

/** The shape check every event passes before the page touches it (it came from another thread). */
function isRunEvent(value: unknown): value is RunEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as { type?: unknown; item?: unknown; step?: unknown; total?: unknown };
  if (event.type === 'progress') return typeof event.step === 'number' && typeof event.total === 'number';
  if (event.type === 'done') return true;
  if (event.type !== 'item' && event.type !== 'update') return false;
  const item = event.item as { kind?: unknown; key?: unknown; html?: unknown } | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    ITEM_KINDS.has(item.kind as string) &&
    typeof item.key === 'number' &&
    (item.kind !== 'figure' || typeof item.html === 'string')
  );
}
