/**
 * Monaco over a playground's code, loaded only when a reader clicks or focuses the code (never on page load):
 * TypeScript with completion and type errors for `@gradscope/core`, Observable Plot, `@gradscope/charts` and
 * the playground globals, a theme that follows the site's, Ctrl/Cmd+Enter to run, and run errors marked on their
 * line.
 *
 * Monaco's modules import their CSS from JavaScript; the site's Vite config empties those imports
 * (`build/vite-plugin.ts`), else Astro would link them on every lesson. The editor links Monaco's prebuilt
 * stylesheet (fonts inlined) itself, when it opens. The browser tests check that no editor rule reaches a page
 * before a reader opens the editor.
 */
import * as monaco from 'monaco-editor/editor';
// Every editor contribution, before the first editor exists. The TypeScript mode imports this module itself
// when it starts; loaded that late, its contributions register services after Monaco has created its own and
// fail ("depends on UNKNOWN service ICodeLensCache").
import 'monaco-editor/internal/common/workers';
import 'monaco-editor/languages/definitions/typescript/register';
import {
  ModuleKind,
  ModuleResolutionKind,
  ScriptTarget,
  typescriptDefaults,
} from 'monaco-editor/languages/features/typescript/register';
import editorWorkerUrl from 'monaco-editor/editor/editor.worker?worker&url';
import typeScriptWorkerUrl from 'monaco-editor/language/typescript/ts.worker?worker&url';
// Monaco's prebuilt stylesheet as a plain asset URL: linked when the editor opens, never on page load.
import monacoCssUrl from '../../../node_modules/monaco-editor/min/vs/editor/editor.main.css?url';

import readerGlobals from '../types/reader-globals.d.ts?raw';
import type { CodeMark, EditorOptions, PlaygroundEditor } from './editor-types.js';
import { startSiteWorker } from './site-worker.js';

// Through a `blob:` starter like every worker of the site, so the page's Content-Security-Policy covers them.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) =>
    label === 'typescript' || label === 'javascript'
      ? startSiteWorker(typeScriptWorkerUrl, 'monaco-typescript')
      : startSiteWorker(editorWorkerUrl, 'monaco-editor'),
};

const THEMES = { light: 'gradscope-light', dark: 'gradscope-dark' } as const;
// Backgrounds of the build's highlighted code (CODE_THEMES: Shiki's GitHub high-contrast pair), so opening the
// editor does not change the colour under the reader's eyes.
monaco.editor.defineTheme(THEMES.light, {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff' },
});
monaco.editor.defineTheme(THEMES.dark, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#0a0c10' },
});

function siteTheme(): string {
  return document.documentElement.dataset.theme === 'dark' ? THEMES.dark : THEMES.light;
}

let configured: Promise<void> | null = null;

/** Once per page: the stylesheet, the theme observer, the compiler options and the type libraries. */
function configure(): Promise<void> {
  configured ??= (async () => {
    // The element starts this download when the reader clicks; create the link only if it has not.
    let stylesheet = document.querySelector<HTMLLinkElement>(`link[href="${monacoCssUrl}"]`);
    if (!stylesheet) {
      stylesheet = document.createElement('link');
      stylesheet.rel = 'stylesheet';
      stylesheet.href = monacoCssUrl;
      document.head.append(stylesheet);
    }
    const link = stylesheet;
    const loaded = link.sheet
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          link.addEventListener('load', () => resolve(), { once: true });
          link.addEventListener('error', () => resolve(), { once: true });
        });

    // The site's toggle sets <html data-theme> and announces it; follow both (and any other change to it).
    const follow = () => monaco.editor.setTheme(siteTheme());
    new MutationObserver(follow).observe(document.documentElement, { attributeFilter: ['data-theme'] });
    document.addEventListener('gradscope:theme', follow);

    typescriptDefaults.setCompilerOptions({
      target: ScriptTarget.ES2020,
      module: ModuleKind.ESNext,
      moduleResolution: ModuleResolutionKind.NodeJs,
      strict: true,
      noEmit: true,
      allowNonTsExtensions: true,
      // File names, not tsconfig's short names: these options go to the compiler as they are.
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      // Every playground is its own module: two examples on a page may both declare `const net`.
      moduleDetection: 3,
    });
    typescriptDefaults.setDiagnosticsOptions({
      noSemanticValidation: false,
      noSyntaxValidation: false,
      // Top-level await is fine: the playground runs the code as an async module body.
      diagnosticCodesToIgnore: [1375, 1378],
    });
    typescriptDefaults.addExtraLib(
      readerGlobals,
      'file:///node_modules/@types/gradscope-playground/index.d.ts',
    );
    await loaded;
    // Library types are large (Plot's alone is 300 KB); the editor is usable while they load.
    void import('./editor-types-libs.js').then(({ typeLibraries }) => {
      for (const [path, text] of typeLibraries()) typescriptDefaults.addExtraLib(text, path);
    });
  })();
  return configured;
}

let modelCount = 0;

/**
 * Replaces the static code view in `host` with Monaco over `options.code`.
 *
 * @example
 * const editor = await createEditor(codeHost, { code, label: 'Code of “Output growth”', onChange, onRun });
 */
export async function createEditor(host: HTMLElement, options: EditorOptions): Promise<PlaygroundEditor> {
  await configure();
  modelCount += 1;
  const model = monaco.editor.createModel(
    options.code,
    'typescript',
    monaco.Uri.parse(`file:///playground-${modelCount}.ts`),
  );
  const container = document.createElement('div');
  container.className = 'gs-pg-monaco';
  container.style.height = `${host.offsetHeight}px`;
  host.replaceChildren(container);
  const fontFamily = getComputedStyle(document.documentElement).getPropertyValue('--font-mono').trim();
  const editor = monaco.editor.create(container, {
    model,
    theme: siteTheme(),
    ariaLabel: options.label,
    automaticLayout: true,
    fontSize: 14,
    lineHeight: 21,
    ...(fontFamily ? { fontFamily } : {}),
    padding: { top: 16, bottom: 16 },
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    lineNumbersMinChars: 3,
    glyphMargin: false,
    folding: false,
    lineDecorationsWidth: 10,
    overviewRulerLanes: 0,
    hideCursorInOverviewRuler: true,
    renderLineHighlightOnlyWhenFocus: true,
    fixedOverflowWidgets: true,
    tabSize: 2,
    stickyScroll: { enabled: false },
    // The page scrolls when the wheel turns over the editor: it grows to fit its code.
    scrollbar: {
      alwaysConsumeMouseWheel: false,
      vertical: 'hidden',
      verticalScrollbarSize: 0,
      horizontalScrollbarSize: 12,
    },
  });
  // The editor is as tall as its code, like the static block it replaces. Monaco adds its horizontal scrollbar
  // (12 px) to that height when a line is too long; the bottom padding gives those pixels back, so opening the
  // editor moves nothing below it.
  let bottomPadding = 16;
  const fit = () => {
    const overflows = editor.getScrollWidth() > editor.getLayoutInfo().contentWidth;
    const wanted = overflows ? 4 : 16;
    if (wanted !== bottomPadding) {
      bottomPadding = wanted;
      editor.updateOptions({ padding: { top: 16, bottom: wanted } });
    }
    container.style.height = `${editor.getContentHeight()}px`;
  };
  editor.onDidContentSizeChange(fit);
  editor.onDidLayoutChange(fit);
  fit();
  editor.onDidChangeModelContent(() => options.onChange(model.getValue()));
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());

  let decorations = editor.createDecorationsCollection();
  const clearError = () => {
    monaco.editor.setModelMarkers(model, 'gradscope-run', []);
    decorations.clear();
    host.closest('gs-playground')?.removeAttribute('data-error-line');
  };

  return {
    getValue: () => model.getValue(),
    setValue(code) {
      editor.pushUndoStop();
      editor.executeEdits('gradscope', [{ range: model.getFullModelRange(), text: code }]);
      editor.pushUndoStop();
    },
    markError(mark: CodeMark) {
      const line = Math.min(Math.max(1, mark.line), model.getLineCount());
      const startColumn = Math.min(mark.column ?? 1, model.getLineMaxColumn(line));
      const word = model.getWordAtPosition({ lineNumber: line, column: startColumn });
      const endColumn = word && word.endColumn > startColumn ? word.endColumn : model.getLineMaxColumn(line);
      monaco.editor.setModelMarkers(model, 'gradscope-run', [
        {
          severity: monaco.MarkerSeverity.Error,
          message: mark.message,
          startLineNumber: line,
          startColumn,
          endLineNumber: line,
          endColumn: Math.max(endColumn, startColumn + 1),
        },
      ]);
      decorations.clear();
      decorations = editor.createDecorationsCollection([
        {
          range: new monaco.Range(line, 1, line, 1),
          options: {
            isWholeLine: true,
            className: 'gs-editor-error-line',
            linesDecorationsClassName: 'gs-editor-error-gutter',
          },
        },
      ]);
      editor.revealLineInCenterIfOutsideViewport(line);
      host.closest('gs-playground')?.setAttribute('data-error-line', String(line));
    },
    clearError,
    focusAt(line, column) {
      editor.setPosition({ lineNumber: line, column });
      editor.focus();
    },
    type(text) {
      editor.trigger('keyboard', 'type', { text });
    },
    dispose() {
      editor.dispose();
      model.dispose();
    },
  };
}
