/**
 * What a run of reader code produces, and the messages that carry it between the page and the worker.
 *
 * The same values flow at build time (Node `worker_threads`) and in the browser (a module Web Worker): a run
 * is a stream of {@link RunEvent}s, and its output is an ordered list of {@link OutputItem}s. Everything here is
 * plain data (structured-clone safe), because accessor functions and DOM nodes cannot cross `postMessage`.
 */

/** Console methods a reader's code can call; `warn` and `error` are styled differently in the output. */
export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** Where a run stopped with an error. */
export type RunErrorPhase = 'syntax' | 'runtime' | 'check' | 'timeout' | 'stopped' | 'internal';

/** An error from a run, located in the reader's code when the engine that ran it could tell where. */
export interface RunError {
  /** Error class name: `'SyntaxError'`, `'TypeError'`, `'GradscopeArgumentError'`. */
  readonly name: string;
  /** The message, unchanged for engine errors (they already name the argument and the value). */
  readonly message: string;
  readonly phase: RunErrorPhase;
  /** 1-based line in the reader's code. */
  readonly line?: number;
  /** 1-based column in the reader's code. */
  readonly column?: number;
  /** True when `@gradscope/core` threw it (a `Gradscope…Error`): its message is the explanation. */
  readonly engine?: boolean;
  /** What JavaScript itself said, when `message` explains it in other words (running out of memory). */
  readonly detail?: string;
}

/** One cell of a table: the formatted text, and whether it is a number (numbers align right). */
export interface TableCell {
  readonly text: string;
  readonly numeric: boolean;
}

/** One entry of a run's output, in the order the code produced it. */
export type OutputItem =
  | { readonly kind: 'log'; readonly key: number; readonly level: LogLevel; readonly text: string }
  | { readonly kind: 'figure'; readonly key: number; readonly html: string }
  | {
      readonly kind: 'table';
      readonly key: number;
      readonly columns: readonly string[];
      readonly rows: readonly (readonly TableCell[])[];
      /** Rows left out to keep the page light (the count, so the reader knows). */
      readonly omittedRows: number;
    }
  | { readonly kind: 'note'; readonly key: number; readonly text: string }
  | { readonly kind: 'error'; readonly key: number; readonly error: RunError };

/** What a run reports as it goes. `update` replaces the item with the same key (a figure redrawn in a loop). */
export type RunEvent =
  | { readonly type: 'item'; readonly item: OutputItem }
  | { readonly type: 'update'; readonly item: OutputItem }
  | { readonly type: 'progress'; readonly step: number; readonly total: number }
  | { readonly type: 'done'; readonly ok: boolean; readonly ms: number };

/** The final state of a run: its items with every update applied. */
export interface RunResult {
  readonly items: readonly OutputItem[];
  /** The error that ended the run, if any (also present in `items`). */
  readonly error?: RunError;
  /** Wall-clock duration of the reader's code, in milliseconds. */
  readonly ms: number;
}

/**
 * Reader code as the page compiled it (runtime/compiled.ts), or where it does not parse: what crosses to the
 * worker, which has no compiler of its own.
 */
export type CompiledTransfer =
  | { readonly code: string; readonly mappings: string }
  | { readonly syntaxError: { readonly message: string; readonly line: number; readonly column: number } };

/** Page → worker. `nonce` is a secret of this run: only the runtime, not the reader's code, can see it. */
export interface RunRequest {
  readonly type: 'run';
  readonly code: string;
  readonly nonce: string;
  /** An exercise check to run after the code (see runtime/exercise.ts). */
  readonly check?: string;
  /** `code` and `check`, compiled by the page. */
  readonly compiled: { readonly code: CompiledTransfer; readonly check?: CompiledTransfer };
}

/** Worker → page: a run event, signed with the run's nonce, or the worker announcing that it has loaded. */
export type WorkerMessage =
  { readonly type: 'ready' } | { readonly type: 'event'; readonly nonce: string; readonly event: RunEvent };

/** Applies a stream of events to a list of items (used by the build and by tests; the page patches its DOM). */
export function applyEvent(items: OutputItem[], event: RunEvent): OutputItem[] {
  if (event.type === 'item') items.push(event.item);
  else if (event.type === 'update') {
    const index = items.findIndex((item) => item.key === event.item.key);
    if (index >= 0) items[index] = event.item;
    else items.push(event.item);
  }
  return items;
}
