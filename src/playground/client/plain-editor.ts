/**
 * The editor on phone-sized touch screens: a plain textarea (Monaco's 1 MB and its desktop keyboard model do not
 * suit a phone). Same interface as Monaco's, so Run, Reset, Share and saving work the same; an error selects its
 * line instead of underlining it.
 */
import type { CodeMark, EditorOptions, PlaygroundEditor } from './editor-types.js';

/**
 * Replaces the static code view with a textarea holding `options.code`.
 *
 * @example
 * const editor = await createEditor(codeHost, { code, label: 'Code of “Output growth”', onChange, onRun });
 */
export async function createEditor(host: HTMLElement, options: EditorOptions): Promise<PlaygroundEditor> {
  const textarea = document.createElement('textarea');
  textarea.className = 'gs-pg-textarea';
  textarea.value = options.code;
  textarea.spellcheck = false;
  textarea.setAttribute('autocapitalize', 'off');
  textarea.setAttribute('autocomplete', 'off');
  textarea.setAttribute('autocorrect', 'off');
  textarea.setAttribute('aria-label', options.label);
  const fit = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${textarea.scrollHeight + 2}px`;
  };
  textarea.addEventListener('input', () => {
    fit();
    options.onChange(textarea.value);
  });
  textarea.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      options.onRun();
    }
  });
  host.replaceChildren(textarea);
  fit();

  const offsetOf = (line: number, column: number) => {
    const lines = textarea.value.split('\n');
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    return offset + Math.max(0, column - 1);
  };

  return {
    getValue: () => textarea.value,
    setValue(code) {
      textarea.focus();
      textarea.select();
      // execCommand keeps the replacement on the textarea's own undo stack; assignment would clear it.
      if (!document.execCommand?.('insertText', false, code)) textarea.value = code;
      fit();
      options.onChange(textarea.value);
    },
    markError(mark: CodeMark) {
      textarea.setAttribute('aria-invalid', 'true');
      const start = offsetOf(mark.line, 1);
      const end = offsetOf(mark.line + 1, 1) - 1;
      textarea.setSelectionRange(start, Math.max(start, end));
    },
    clearError() {
      textarea.removeAttribute('aria-invalid');
    },
    focusAt(line, column) {
      textarea.focus({ preventScroll: true });
      const offset = offsetOf(line, column);
      textarea.setSelectionRange(offset, offset);
      // Chromium scrolls a focused textarea sideways to its longest line; keep the start of the line in view
      // when the caret fits there (14 px monospace is about 8.4 px a character).
      if (column * 8.4 < textarea.clientWidth - 32) textarea.scrollLeft = 0;
    },
    type(text) {
      if (!document.execCommand?.('insertText', false, text))
        textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
      options.onChange(textarea.value);
    },
    dispose() {
      textarea.remove();
    },
  };
}
