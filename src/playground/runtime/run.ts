/**
 * The execution core of a playground, shared by the build (Node `worker_threads`) and the page (a module Web
 * Worker): compile the reader's TypeScript, run it with the three modules it may import and the globals
 * `display`, `progress` and `console`, and report what it produces as a stream of events.
 *
 * It runs inside a worker in both places, so an infinite loop is ended from outside (`terminate()`); nothing here
 * tries to interrupt the code. It also trusts nothing the code returns: every value is formatted or rendered to
 * plain data before it leaves.
 */
import {
  displayKind,
  readerPlotModule,
  renderFigure,
  tableFrom,
  type OptionsRenderer,
  type Plot,
} from './display.js';
import { formatArguments, inspect } from './format.js';
import { isOutOfMemory, outOfMemoryError } from './out-of-memory.js';
import type { LogLevel, OutputItem, RunError, RunEvent, RunResult } from './protocol.js';
import { applyEvent } from './protocol.js';
import { CheckError, CheckFailure, runCheck } from './exercise.js';
import { ReaderSyntaxError, type Compile, type CompiledCode } from './compiled.js';

/** The modules reader code may import, by the names it imports them with. */
export interface ReaderModules {
  /** `@gradscope/core`. */
  readonly core: object;
  /** `@observablehq/plot` (the real module; the runtime injects the document). */
  readonly plot: Plot;
  /** `@gradscope/charts` (src/charts/index.ts). */
  readonly charts: object;
}

/** Where the code runs: its modules, a document to render figures into, and uncaught errors from timers. */
export interface RuntimeEnvironment {
  readonly modules: ReaderModules;
  /** A DOM document (linkedom in Node and in the worker). */
  readonly document: Document;
  /** Compiles the reader's code and a check (Sucrase in Node; in the worker, what the page compiled). */
  readonly compile: Compile;
  /** Subscribes to errors thrown outside the awaited code (a throwing `setTimeout`); returns an unsubscribe. */
  readonly onUncaught?: (listener: (error: unknown) => void) => () => void;
}

/** Bounds on a run's output. */
export interface RunOptions {
  /** Console lines kept; later lines are counted in a note. */
  readonly maxLogLines: number;
  /** Figures and tables kept; later `display` calls are counted in a note. */
  readonly maxDisplays: number;
  /** A figure updated in a loop is redrawn at most this often (the last state is always drawn). */
  readonly redrawIntervalMs: number;
  /** Progress is reported at most this often (the last step is always reported). */
  readonly progressIntervalMs: number;
}

/** The bounds used by the playground. */
export const RUN_DEFAULTS: RunOptions = {
  maxLogLines: 1000,
  maxDisplays: 100,
  redrawIntervalMs: 100,
  progressIntervalMs: 50,
};

/** The module specifiers reader code may import. */
export const READER_MODULE_NAMES = ['@gradscope/core', '@observablehq/plot', '@gradscope/charts'] as const;

/** What `display` returns: a handle to redraw the same figure or table in place. */
export interface DisplayHandle {
  /** Replaces what this `display` call showed (throttled to `redrawIntervalMs`; the last value always shows). */
  update(value: unknown): void;
}

/** File name the compiled code carries in stack traces, so frames of the reader's code can be told apart. */
const SOURCE_URL = 'gradscope-playground.js';
/** The same for an exercise's check, so an error in it is never placed in the reader's code. */
const CHECK_SOURCE_URL = 'gradscope-check.js';

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

/** What a run may do besides running the code. */
export interface RunExtras {
  /**
   * An exercise check (`<slug>/<name>.check.ts`), run after the code succeeds: it imports the code's exports as
   * `./<name>.exercise`, and its default export says which function to test on which cases (see exercise.ts).
   * A failing case ends the run with an error of phase `check`.
   */
  readonly check?: string;
}

/**
 * Runs reader code to completion and returns its output; `onEvent` sees each item as it is produced.
 *
 * Errors in the code are output (an `error` item), never thrown: the promise always resolves.
 *
 * @example
 * const result = await runReaderCode("console.log(1 + 1)", environment);
 * result.items; // [{ kind: 'log', key: 0, level: 'log', text: '2' }]
 */
export async function runReaderCode(
  code: string,
  environment: RuntimeEnvironment,
  onEvent: (event: RunEvent) => void = () => {},
  options: Partial<RunOptions> & RunExtras = {},
): Promise<RunResult> {
  const { check, ...bounds } = options;
  const limits = { ...RUN_DEFAULTS, ...bounds };
  const items: OutputItem[] = [];
  const emit = (event: RunEvent) => {
    applyEvent(items, event);
    onEvent(event);
  };
  const output = new OutputWriter(emit, limits, environment);
  const start = performance.now();
  let error: RunError | undefined;

  let compiled: CompiledCode | undefined;
  try {
    compiled = environment.compile(code);
  } catch (thrown) {
    error = describeError(thrown, undefined, 'syntax');
  }

  if (compiled) {
    let exported: Record<string, unknown> = {};
    try {
      exported = await execute(compiled.code, SOURCE_URL, {}, environment, output);
    } catch (thrown) {
      const phase = (thrown as { phase?: string } | null)?.phase === 'syntax' ? 'syntax' : 'runtime';
      error = describeError(thrown, compiled, phase);
    }
    if (!error && check !== undefined) {
      try {
        await runCheck(
          check,
          exported,
          (source, modules) => execute(source, CHECK_SOURCE_URL, modules, environment, output),
          (rows) => void output.display(rows),
          (text) => output.log('log', text),
          environment.compile,
        );
      } catch (thrown) {
        // A failing case is the verdict; anything else thrown while the check calls the code is located in it.
        error =
          thrown instanceof CheckFailure
            ? { name: 'Check failed', message: thrown.message, phase: 'check' }
            : thrown instanceof CheckError
              ? { name: 'Exercise check error', message: thrown.message, phase: 'internal' }
              : describeError(thrown, compiled, 'runtime');
      }
    }
  }

  try {
    output.finish();
  } catch (thrown) {
    error ??= describeError(thrown, compiled, 'runtime');
  }
  if (error) output.error(error);
  const ms = performance.now() - start;
  emit({ type: 'done', ok: !error, ms });
  return { items, error, ms };
}

/**
 * Runs compiled code as a module with the reader's globals and modules (plus `extraModules`, by import name) and
 * returns its exports. Errors thrown by timers it started count as its own.
 */
async function execute(
  compiledCode: string,
  sourceUrl: string,
  extraModules: Record<string, unknown>,
  environment: RuntimeEnvironment,
  output: OutputWriter,
): Promise<Record<string, unknown>> {
  let unsubscribe = () => {};
  try {
    const plot = readerPlotModule(environment.modules.plot, environment.document);
    const modules: Record<string, unknown> = {
      '@gradscope/core': environment.modules.core,
      '@observablehq/plot': plot,
      '@gradscope/charts': environment.modules.charts,
      ...extraModules,
    };
    const require = (name: string) => {
      if (Object.hasOwn(modules, name)) return modules[name];
      throw new Error(
        `Cannot import ${JSON.stringify(name)}: a playground can import ${READER_MODULE_NAMES.join(', ')}.`,
      );
    };
    const module = { exports: {} as Record<string, unknown> };
    let body: (...args: unknown[]) => Promise<unknown>;
    try {
      body = new AsyncFunction(
        'require',
        'exports',
        'module',
        'display',
        'progress',
        'console',
        `${compiledCode}\n//# sourceURL=${sourceUrl}`,
      );
    } catch (thrown) {
      // Sucrase parses leniently; the engine's own parser is the last word on syntax.
      throw Object.assign(thrown as Error, { phase: 'syntax' });
    }
    const uncaught = new Promise<never>((_, reject) => {
      unsubscribe = environment.onUncaught?.(reject) ?? unsubscribe;
    });
    await Promise.race([
      body(
        require,
        module.exports,
        module,
        (value: unknown) => output.display(value),
        (step: unknown, total: unknown) => output.progress(step, total),
        output.console,
      ),
      uncaught,
    ]);
    return module.exports;
  } finally {
    unsubscribe();
  }
}

/** Collects output under the run's limits: console lines, figures and tables, progress, and the notes. */
class OutputWriter {
  readonly console: Record<string, (...args: unknown[]) => void>;
  private nextKey = 0;
  private logLines = 0;
  private displays = 0;
  private readonly droppedLogLines: CountNote;
  private readonly droppedDisplays: CountNote;
  private lastProgress = -Infinity;
  private pendingProgress: { step: number; total: number } | null = null;
  private readonly redraws = new Map<number, { value: unknown; last: number; pending: boolean }>();
  private readonly counters = new Map<string, number>();
  private readonly timers = new Map<string, number>();
  private indent = '';

  constructor(
    private readonly emit: (event: RunEvent) => void,
    private readonly limits: RunOptions,
    private readonly environment: RuntimeEnvironment,
  ) {
    const { maxLogLines, maxDisplays } = limits;
    this.droppedLogLines = new CountNote(
      emit,
      () => this.key(),
      limits.redrawIntervalMs,
      (count, final) =>
        `Console output was cut at ${formatCount(maxLogLines)} lines; ${final ? '' : 'at least '}${formatCount(count)} more ${count === 1 ? 'line was' : 'lines were'} not shown.`,
    );
    this.droppedDisplays = new CountNote(
      emit,
      () => this.key(),
      limits.redrawIntervalMs,
      (count, final) =>
        `Only the first ${formatCount(maxDisplays)} figures and tables are shown; ${final ? '' : 'at least '}${formatCount(count)} more display() ${count === 1 ? 'call was' : 'calls were'} skipped. To redraw one figure, keep what display() returns and call its update().`,
    );
    const log =
      (level: LogLevel) =>
      (...args: unknown[]) =>
        this.log(level, formatArguments(args));
    this.console = {
      log: log('log'),
      info: log('info'),
      debug: log('debug'),
      warn: log('warn'),
      error: log('error'),
      dir: (value: unknown) => this.log('log', inspect(value)),
      table: (value: unknown) => {
        if (Array.isArray(value) && displayKind(value, environment.modules.plot) === 'table')
          this.display(value);
        else this.log('log', formatArguments([value]));
      },
      assert: (condition: unknown, ...args: unknown[]) => {
        if (!condition)
          this.log('error', `Assertion failed${args.length ? `: ${formatArguments(args)}` : ''}`);
      },
      count: (label = 'default') => {
        const n = (this.counters.get(String(label)) ?? 0) + 1;
        this.counters.set(String(label), n);
        this.log('log', `${label}: ${n}`);
      },
      countReset: (label = 'default') => void this.counters.delete(String(label)),
      time: (label = 'default') => void this.timers.set(String(label), performance.now()),
      timeLog: (label = 'default', ...args: unknown[]) => this.timeLog(String(label), args, false),
      timeEnd: (label = 'default') => this.timeLog(String(label), [], true),
      group: (...args: unknown[]) => {
        if (args.length) this.log('log', formatArguments(args));
        this.indent += '  ';
      },
      groupEnd: () => void (this.indent = this.indent.slice(2)),
      trace: (...args: unknown[]) => this.log('log', formatArguments(['Trace:', ...args])),
      clear: () => {},
    };
    this.console.groupCollapsed = this.console.group;
  }

  private key(): number {
    return this.nextKey++;
  }

  log(level: LogLevel, text: string): void {
    const lines = (this.indent ? text.replace(/^/gm, this.indent) : text).split('\n');
    const room = this.limits.maxLogLines - this.logLines;
    if (room > 0) {
      const kept = lines.slice(0, room);
      this.logLines += kept.length;
      this.emit({ type: 'item', item: { kind: 'log', key: this.key(), level, text: kept.join('\n') } });
    }
    const dropped = lines.length - Math.max(0, room);
    if (dropped > 0) this.droppedLogLines.add(dropped);
  }

  private timeLog(label: string, args: unknown[], end: boolean): void {
    const started = this.timers.get(label);
    if (started === undefined) {
      this.log('warn', `Timer '${label}' does not exist`);
      return;
    }
    const ms = performance.now() - started;
    if (end) this.timers.delete(label);
    this.log('log', formatArguments([`${label}: ${ms.toFixed(1)} ms`, ...args]));
  }

  display(value: unknown): DisplayHandle {
    if (this.displays >= this.limits.maxDisplays) {
      this.droppedDisplays.add(1);
      return { update: () => {} };
    }
    this.displays += 1;
    const key = this.key();
    this.emit({ type: 'item', item: this.render(key, value) });
    const state = { value, last: performance.now(), pending: false };
    this.redraws.set(key, state);
    return {
      update: (next: unknown) => {
        state.value = next;
        const now = performance.now();
        if (now - state.last >= this.limits.redrawIntervalMs) {
          state.last = now;
          state.pending = false;
          this.emit({ type: 'update', item: this.render(key, next) });
        } else {
          state.pending = true;
        }
      },
    };
  }

  private render(key: number, value: unknown): OutputItem {
    const { plot } = this.environment.modules;
    const kind = displayKind(value, plot);
    if (kind === 'figure') {
      const { renderChart } = this.environment.modules.charts as { renderChart?: unknown };
      const renderOptions = typeof renderChart === 'function' ? (renderChart as OptionsRenderer) : undefined;
      return {
        kind: 'figure',
        key,
        html: renderFigure(value, plot, this.environment.document, renderOptions),
      };
    }
    if (kind === 'table') return { kind: 'table', key, ...tableFrom(value as Record<string, unknown>[]) };
    return { kind: 'log', key, level: 'log', text: formatArguments([value]) };
  }

  progress(step: unknown, total: unknown): void {
    if (typeof step !== 'number' || typeof total !== 'number' || !(total > 0)) {
      throw new TypeError(
        `progress(step, total) needs two numbers with total > 0; received ${inspect(step)} and ${inspect(total)}.`,
      );
    }
    const now = performance.now();
    if (now - this.lastProgress >= this.limits.progressIntervalMs || step >= total) {
      this.lastProgress = now;
      this.pendingProgress = null;
      this.emit({ type: 'progress', step, total });
    } else {
      this.pendingProgress = { step, total };
    }
  }

  /** Draws what was throttled and completes the notes, so the output shows the final state. */
  finish(): void {
    if (this.pendingProgress) this.emit({ type: 'progress', ...this.pendingProgress });
    this.droppedLogLines.finish();
    this.droppedDisplays.finish();
    for (const [key, state] of this.redraws) {
      if (state.pending) {
        state.pending = false;
        this.emit({ type: 'update', item: this.render(key, state.value) });
      }
    }
  }

  error(error: RunError): void {
    this.emit({ type: 'item', item: { kind: 'error', key: this.key(), error } });
  }
}

/**
 * A note counting what a limit left out ("… 2,481,553 more lines were not shown"). It appears with the first
 * thing left out and is updated at most every `intervalMs` while the code runs, so the count stays close to the
 * truth even when the worker is terminated mid-run (a flood stopped at the time limit never reaches `finish`);
 * until `finish`, the text says "at least".
 */
class CountNote {
  private count = 0;
  private key = -1;
  private lastEmit = -Infinity;

  constructor(
    private readonly emit: (event: RunEvent) => void,
    private readonly nextKey: () => number,
    private readonly intervalMs: number,
    private readonly text: (count: number, final: boolean) => string,
  ) {}

  add(count: number): void {
    this.count += count;
    const now = performance.now();
    if (this.key < 0) this.key = this.nextKey();
    else if (now - this.lastEmit < this.intervalMs) return;
    const first = this.lastEmit === -Infinity;
    this.lastEmit = now;
    this.emit({ type: first ? 'item' : 'update', item: this.note(false) });
  }

  /** The exact count, once the code has finished. */
  finish(): void {
    if (this.key >= 0) this.emit({ type: 'update', item: this.note(true) });
  }

  private note(final: boolean): OutputItem {
    return { kind: 'note', key: this.key, text: this.text(this.count, final) };
  }
}

/** A count as a reader reads it: 2,481,553. */
function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** The stack-trace line offset of code compiled by `AsyncFunction` (engines add a header line or two). */
let headerLines: number | undefined;

function compiledLineOffset(): number {
  if (headerLines === undefined) {
    headerLines = 0;
    try {
      new AsyncFunction(`throw new Error('probe');\n//# sourceURL=${SOURCE_URL}`)().catch(
        (error: unknown) => {
          const found = locateInStack(error);
          if (found) headerLines = found.line - 1;
        },
      );
    } catch {
      // Engines that cannot compile the probe leave positions unadjusted.
    }
  }
  return headerLines;
}
// The probe's rejection settles in a microtask; start it early so the first error is located correctly.
compiledLineOffset();

function locateInStack(error: unknown): { line: number; column: number } | undefined {
  const stack =
    typeof error === 'object' && error !== null ? (error as { stack?: unknown }).stack : undefined;
  if (typeof stack !== 'string') return undefined;
  const match = new RegExp(`${SOURCE_URL.replace(/[.]/g, '\\.')}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

/** Turns anything thrown into a {@link RunError}, located in the reader's code where possible. */
function describeError(
  thrown: unknown,
  compiled: CompiledCode | undefined,
  phase: 'syntax' | 'runtime',
): RunError {
  if (thrown instanceof ReaderSyntaxError) {
    return {
      name: 'SyntaxError',
      message: thrown.message,
      phase: 'syntax',
      line: thrown.line,
      column: thrown.column,
    };
  }
  const isError = typeof thrown === 'object' && thrown !== null && 'message' in thrown;
  const name = isError ? String((thrown as Error).name || 'Error') : 'Error';
  const message = isError
    ? String((thrown as Error).message)
    : `Uncaught ${typeof thrown === 'string' ? `'${thrown}'` : inspect(thrown)}`;
  const error: RunError =
    isError && isOutOfMemory(message)
      ? { ...outOfMemoryError({ name, message }), phase }
      : { name, message, phase, engine: /^Gradscope/.test(name) || undefined };
  const frame = locateInStack(thrown);
  if (!frame || !compiled) return error;
  const line = frame.line - compiledLineOffset();
  if (line < 1) return error;
  const position = compiled.originalPosition(line, frame.column);
  return { ...error, line: position.line, column: position.column };
}
