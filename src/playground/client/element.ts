/**
 * `<gs-playground>`: brings a pre-rendered playground to life without moving anything on the page. The build
 * wrote the code (highlighted) and its output; this element adds Run, Stop, Reset and Share, keeps the
 * reader's edits, and loads everything heavy only when it is needed:
 * - the runner (worker + DOMPurify) when a reader points at a playground or presses Run;
 * - Monaco (with its CSS) when a reader clicks or focuses the code; a textarea on phone-sized touch screens;
 * - lz-string when a reader shares or opens a shared link.
 * This file is the only playground code a lesson loads eagerly, so it stays small.
 */
// Monaco's prebuilt stylesheet as a plain asset URL: linked when the editor opens, never on page load.
import monacoCssUrl from '../../../node_modules/monaco-editor/min/vs/editor/editor.main.css?url';

import { watchSidewaysScroll } from '../../lib/client/sideways-scroll.js';
import type { OutputItem, RunErrorPhase, RunEvent } from '../runtime/protocol.js';
import type { PlaygroundEditor } from './editor-types.js';
import { PLAYGROUND_RUN_EVENT, type PlaygroundRunDetail } from './events.js';
import { readSaved, storageKey, withReplaced, writeSaved, type SavedPlayground } from './storage.js';

const loadRunner = () => import('./runner.js');
const loadRender = () => import('../output/render.js');
const loadShare = () => import('./share.js');
// Separate functions, not `phone ? import(a) : import(b)`: the bundler would preload b's chunks for both.
const loadMonaco = () => import('./editor.js');
const loadPlainEditor = () => import('./plain-editor.js');
const PHONE = '(pointer: coarse) and (max-width: 40rem)';

let storage: Storage | undefined;
try {
  storage = window.localStorage;
} catch {
  storage = undefined;
}

class GradscopePlayground extends HTMLElement {
  #connected = false;
  #id = '';
  #lessonCode = '';
  #engine = '';
  #key = '';
  #state: SavedPlayground = { code: null, origin: 'lesson', replaced: [] };
  #code = '';
  #editor: PlaygroundEditor | null = null;
  #editorLoading = false;
  #typedWhileLoading: string[] = [];
  #lessonView: Element | null = null;
  #lessonOutput: Node[] = [];
  #outputBeforeReplace: Node[] | null = null;
  #runHandle: { stop(): void } | null = null;
  #runCount = 0;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #warnedStorage = false;
  #lastError: { line: number; column?: number; message: string } | null = null;

  connectedCallback(): void {
    if (this.#connected) return;
    this.#connected = true;
    this.#id = this.dataset.id ?? '';
    this.#lessonCode = this.dataset.lessonCode ?? '';
    this.#engine = this.dataset.engine ?? '';
    this.#key = storageKey(location.pathname, this.#id);
    this.#code = this.#lessonCode;
    this.#lessonView = this.#codeHost.firstElementChild?.cloneNode(true) as Element | null;
    this.#lessonOutput = Array.from(this.#output.childNodes, (node) => node.cloneNode(true));

    this.#button('run').addEventListener('click', () => void this.run());
    this.#button('stop').addEventListener('click', () => this.#runHandle?.stop());
    this.#button('reset').addEventListener('click', () => this.reset());
    this.#button('share').addEventListener('click', () => void this.share());
    this.#button('undo').addEventListener('click', () => this.undo());
    this.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && !event.defaultPrevented) {
        event.preventDefault();
        void this.run();
      }
    });
    const warm = () => void loadRunner().then((runner) => runner.warm());
    this.addEventListener('pointerenter', warm, { once: true });
    this.addEventListener('focusin', warm, { once: true });
    // A click opens the editor where it landed; focus from the keyboard (Tab) opens it at the start. A press
    // focuses the code before the click, so focus that follows a press waits for the click.
    let pressed = false;
    this.#codeHost.addEventListener('pointerdown', () => (pressed = true));
    this.#codeHost.addEventListener('click', (event) => {
      pressed = false;
      this.#openEditor(caretAt(this.#codeHost, event.clientX, event.clientY));
    });
    this.#codeHost.addEventListener('focusin', () => {
      if (!pressed) this.#openEditor({ line: 1, column: 1 });
    });
    this.#codeHost.addEventListener('keydown', (event) => this.#bufferKey(event));
    addEventListener('pagehide', () => this.#flushSave());

    this.#state = readSaved(storage, this.#key);
    if (this.#state.code !== null && this.#state.code !== this.#lessonCode) {
      this.#showCode(this.#state.code);
      this.#setStatus(
        this.#state.origin === 'shared'
          ? 'Code from a shared link, not run yet: read it, then press Run. The output below is the lesson’s.'
          : 'Your edited code (saved in this browser). The output below is the lesson’s: press Run to see yours.',
      );
    }
    this.#refresh();
    // A share link to this page, opened while the page is already open, only changes the fragment.
    const openShared = () => {
      if (location.hash.startsWith('#pg=')) void this.#openSharedLink();
    };
    addEventListener('hashchange', openShared);
    openShared();
  }

  get #codeHost(): HTMLElement {
    return this.querySelector('[data-role="code"]') as HTMLElement;
  }

  get #output(): HTMLElement {
    return this.querySelector('[data-role="output"]') as HTMLElement;
  }

  #button(action: string): HTMLButtonElement {
    return this.querySelector(`[data-action="${action}"]`) as HTMLButtonElement;
  }

  #currentCode(): string {
    return this.#editor?.getValue() ?? this.#code;
  }

  /** Badge, Reset and Undo reflect the code's origin and what could be brought back. */
  #refresh(): void {
    const origin = this.#state.origin;
    const badge = this.querySelector('[data-role="badge"]') as HTMLElement;
    badge.textContent = origin === 'shared' ? 'Shared' : origin === 'edited' ? 'Edited' : '';
    badge.hidden = origin === 'lesson';
    this.#button('reset').disabled = this.#currentCode() === this.#lessonCode;
    const undo = this.#button('undo');
    const last = this.#state.replaced[0];
    undo.hidden = !last;
    undo.textContent = last?.reason === 'shared' ? 'Restore my version' : 'Undo reset';
  }

  #setStatus(text: string): void {
    (this.querySelector('[data-role="status"]') as HTMLElement).textContent = text;
  }

  #setProgress(step: number | null, total = 1): void {
    const bar = this.querySelector('[data-role="progress"]') as HTMLProgressElement;
    bar.hidden = step === null;
    if (step !== null) {
      bar.max = total;
      bar.value = Math.min(step, total);
    }
  }

  /** Static view of `code`: the build's highlighted block for the lesson's code, else plain numbered lines. */
  #showCode(code: string): void {
    this.#code = code;
    if (this.#editor) return;
    if (code === this.#lessonCode && this.#lessonView) {
      this.#codeHost.replaceChildren(this.#lessonView.cloneNode(true));
      return;
    }
    const pre = document.createElement('pre');
    pre.className = 'astro-code gs-pg-plain';
    pre.tabIndex = 0;
    const inner = document.createElement('code');
    code.split('\n').forEach((text, index) => {
      if (index > 0) inner.append('\n');
      const line = document.createElement('span');
      line.className = 'line';
      line.textContent = text;
      inner.append(line);
    });
    pre.append(inner);
    this.#codeHost.replaceChildren(pre);
  }

  /** Replaces the code (undoably in an open editor) and records where it came from. */
  #replaceCode(code: string): void {
    if (this.#editor) this.#editor.setValue(code);
    this.#showCode(code);
    this.#markError(null);
  }

  #openEditor(caret: { line: number; column: number }): void {
    if (this.#editor || this.#editorLoading) return;
    this.#editorLoading = true;
    const phone = matchMedia(PHONE).matches;
    const host = this.#codeHost;
    host.style.minHeight = `${host.offsetHeight}px`;
    const load = phone ? loadPlainEditor() : loadMonaco();
    if (!phone) {
      this.#setStatus('Loading the editor…');
      // Monaco's stylesheet downloads alongside its code (editor.ts waits for it before drawing).
      if (!document.querySelector(`link[href="${monacoCssUrl}"]`)) {
        const stylesheet = document.createElement('link');
        stylesheet.rel = 'stylesheet';
        stylesheet.href = monacoCssUrl;
        document.head.append(stylesheet);
      }
    }
    load
      .then(({ createEditor }) =>
        createEditor(host, {
          code: this.#code,
          label: `Code of ${this.querySelector('[data-role="title"]')?.textContent?.trim() ?? 'this example'}, editable`,
          onChange: (code) => this.#changed(code),
          onRun: () => void this.run(),
        }),
      )
      .then(
        (editor) => {
          this.#editor = editor;
          host.style.minHeight = '';
          this.#setStatus(
            'Editing: Ctrl+Enter (⌘+Enter) runs the code. Your edits are saved in this browser.',
          );
          editor.focusAt(caret.line, caret.column);
          for (const text of this.#typedWhileLoading.splice(0)) editor.type(text);
          if (this.#lastError) editor.markError(this.#lastError);
        },
        (error: unknown) => {
          this.#editorLoading = false;
          host.style.minHeight = '';
          this.#setStatus(
            `The editor could not load (${error instanceof Error ? error.message : 'network error'}).`,
          );
        },
      );
  }

  /** Keys pressed on the static code while Monaco loads are replayed into it. */
  #bufferKey(event: KeyboardEvent): void {
    if (this.#editor || !this.#editorLoading || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.length === 1 || event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      this.#typedWhileLoading.push(event.key === 'Enter' ? '\n' : event.key === 'Tab' ? '  ' : event.key);
    }
  }

  #changed(code: string): void {
    this.#code = code;
    const origin =
      code === this.#lessonCode ? 'lesson' : this.#state.origin === 'shared' ? 'shared' : 'edited';
    this.#state = { ...this.#state, code: code === this.#lessonCode ? null : code, origin };
    this.#markError(null);
    this.#refresh();
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#flushSave(), 300);
  }

  #flushSave(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    if (!writeSaved(storage, this.#key, this.#state) && !this.#warnedStorage && this.#state.code !== null) {
      this.#warnedStorage = true;
      this.#setStatus(
        'This browser does not let the page save your edits; they last until you leave the page.',
      );
    }
  }

  #markError(error: { line: number; column?: number; message: string } | null): void {
    this.#lastError = error;
    for (const line of this.#codeHost.querySelectorAll('.gs-error-line'))
      line.classList.remove('gs-error-line');
    if (!error) {
      this.#editor?.clearError();
      return;
    }
    if (this.#editor) this.#editor.markError(error);
    else this.#codeHost.querySelectorAll('.line')[error.line - 1]?.classList.add('gs-error-line');
  }

  /** Runs the current code; a run already going is ended first. */
  async run(): Promise<void> {
    this.#runHandle?.stop();
    const runId = ++this.#runCount;
    const code = this.#currentCode();
    this.#flushSave();
    this.#markError(null);
    const output = this.#output;
    output.style.minHeight = `${output.offsetHeight}px`;
    output.classList.add('gs-stale');
    this.#button('stop').disabled = false;
    this.#setStatus('Running…');
    const [runner, render] = await Promise.all([loadRunner(), loadRender()]);
    if (runId !== this.#runCount) return;
    const figure = (html: string) => runner.sanitizeFigure(html);
    let cleared = false;
    const clear = () => {
      if (cleared) return;
      cleared = true;
      output.replaceChildren();
      output.classList.remove('gs-stale');
    };
    // Read at each run: the attributes are the playground's configuration (an exercise carries its check).
    const timeLimitMs = Number(this.dataset.timeLimit) || 10_000;
    let phase: RunErrorPhase | undefined;
    const onEvent = (event: RunEvent) => {
      if (runId !== this.#runCount) return;
      switch (event.type) {
        case 'item':
          clear();
          render.appendItem(output, event.item, figure);
          this.#watchOutput();
          if (event.item.kind === 'error') {
            phase = event.item.error.phase;
            this.#showError(event.item, render.errorHeading);
          }
          break;
        case 'update':
          clear();
          render.updateItem(output, event.item, figure);
          this.#watchOutput();
          break;
        case 'progress':
          this.#setProgress(event.step, event.total);
          this.#setStatus(`Running: step ${event.step.toLocaleString()} of ${event.total.toLocaleString()}`);
          break;
        case 'done':
          clear();
          output.style.minHeight = '';
          this.#runHandle = null;
          this.#button('stop').disabled = true;
          this.#setProgress(null);
          if (event.ok) this.#setStatus(`Ran in ${Math.max(1, Math.round(event.ms))} ms.`);
          // Predict and Exercise react to a finished run.
          this.dispatchEvent(
            new CustomEvent<PlaygroundRunDetail>(PLAYGROUND_RUN_EVENT, {
              bubbles: true,
              detail: { ok: event.ok, phase },
            }),
          );
          break;
      }
    };
    this.#runHandle = runner.startRun(code, timeLimitMs, onEvent, { check: this.dataset.check });
  }

  /** Wide figures and tables in the output scroll sideways and show it (see lib/client/sideways-scroll.ts). */
  #watchOutput(): void {
    watchSidewaysScroll(this.#output.querySelectorAll('.gs-out-figure, .gs-out-table'));
  }

  #showError(
    item: Extract<OutputItem, { kind: 'error' }>,
    heading: (error: typeof item.error) => string,
  ): void {
    const { error } = item;
    this.#setStatus(
      error.phase === 'timeout'
        ? 'Stopped at the time limit.'
        : error.phase === 'stopped'
          ? 'Stopped.'
          : `${heading(error)}.`,
    );
    if (error.line) this.#markError({ line: error.line, column: error.column, message: error.message });
  }

  /** Back to the lesson's code and output; the replaced code can be brought back with Undo (or Ctrl+Z). */
  reset(): void {
    const current = this.#currentCode();
    if (current === this.#lessonCode) return;
    this.#runHandle?.stop();
    this.#state = { ...withReplaced(this.#state, current, 'reset'), code: null, origin: 'lesson' };
    this.#outputBeforeReplace = Array.from(this.#output.childNodes);
    this.#replaceCode(this.#lessonCode);
    this.#output.replaceChildren(...this.#lessonOutput.map((node) => node.cloneNode(true)));
    this.#watchOutput();
    this.#flushSave();
    this.#refresh();
    this.#setStatus('Back to the lesson’s code. Undo brings your version back.');
  }

  /** Brings back the most recently replaced version (after Reset, or after a shared link replaced it). */
  undo(): void {
    const [last, ...rest] = this.#state.replaced;
    if (!last) return;
    const current = this.#currentCode();
    let next: SavedPlayground = { code: last.code, origin: 'edited', replaced: rest };
    // Coming back from a shared link keeps the shared code too: nothing is lost in either direction.
    if (current !== this.#lessonCode && current !== last.code) next = withReplaced(next, current, 'shared');
    this.#state = next;
    this.#replaceCode(last.code);
    if (this.#outputBeforeReplace) this.#output.replaceChildren(...this.#outputBeforeReplace);
    this.#watchOutput();
    this.#outputBeforeReplace = null;
    this.#flushSave();
    this.#refresh();
    this.#setStatus('Your version is back.');
  }

  /** Copies a link carrying the current code (never run on arrival). */
  async share(): Promise<void> {
    const { shareFragment } = await loadShare();
    const url = `${location.origin}${location.pathname}${location.search}${shareFragment({
      id: this.#id,
      code: this.#currentCode(),
      engine: this.#engine,
    })}`;
    try {
      await navigator.clipboard.writeText(url);
      this.#setStatus('Link copied. Whoever opens it sees this code, and runs it only if they press Run.');
    } catch {
      // Clipboard refused (permissions, insecure context): show the link to copy by hand.
      const field = document.createElement('input');
      field.className = 'gs-pg-share-field';
      field.readOnly = true;
      field.value = url;
      field.setAttribute('aria-label', 'Link to this code');
      this.#setStatus('Copy this link: ');
      this.querySelector('[data-role="status"]')?.append(field);
      field.select();
    }
  }

  async #openSharedLink(): Promise<void> {
    const { parseShareFragment } = await loadShare();
    const shared = parseShareFragment(location.hash);
    if (!shared || shared.id !== this.#id) return;
    this.#runHandle?.stop();
    let state = this.#state;
    if (state.code !== null && state.code !== shared.code) state = withReplaced(state, state.code, 'shared');
    this.#state = { ...state, code: shared.code, origin: 'shared', sharedEngine: shared.engine };
    this.#replaceCode(shared.code);
    this.#outputBeforeReplace = null;
    const note = document.createElement('p');
    note.className = 'gs-out-note';
    note.textContent =
      'This code came from a shared link and has not run. Read it, then press Run to run it.';
    this.#output.replaceChildren(note);
    this.#flushSave();
    this.#refresh();
    const engineNote =
      shared.engine !== this.#engine
        ? ` It was shared from engine ${shared.engine}; this page runs ${this.#engine}, so results may differ.`
        : '';
    this.#setStatus(`Code from a shared link, not run yet.${engineNote}`);
    // The code now lives in this browser's storage; without the fragment, a reload keeps any edits to it.
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    this.scrollIntoView({ block: 'start' });
  }
}

/** 1-based line and column of the character under a click in the static code, so the editor opens there. */
function caretAt(host: HTMLElement, x: number, y: number): { line: number; column: number } {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  const position = doc.caretPositionFromPoint?.(x, y);
  const fallback = position ? null : doc.caretRangeFromPoint?.(x, y);
  const node = position?.offsetNode ?? fallback?.startContainer;
  const offset = position?.offset ?? fallback?.startOffset ?? 0;
  const code = host.querySelector('code');
  if (!node || !code || !code.contains(node)) return { line: 1, column: 1 };
  const range = document.createRange();
  range.selectNodeContents(code);
  range.setEnd(node, offset);
  const before = range.toString().split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

if (!customElements.get('gs-playground')) customElements.define('gs-playground', GradscopePlayground);
