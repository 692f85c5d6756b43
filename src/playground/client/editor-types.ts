/**
 * What the playground element needs from an editor. Two implement it: Monaco (`editor.ts`, loaded when a reader
 * starts editing) and a plain textarea (`plain-editor.ts`, on phone-sized touch screens).
 */

/** An error to mark in the code (1-based line and column). */
export interface CodeMark {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

/** An editor over one playground's code. */
export interface PlaygroundEditor {
  getValue(): string;
  /** Replaces all the code as one undoable edit (Ctrl/Cmd+Z brings the old code back). */
  setValue(code: string): void;
  markError(mark: CodeMark): void;
  clearError(): void;
  /** Puts the caret at a 1-based line and column and focuses the editor. */
  focusAt(line: number, column: number): void;
  /** Types text at the caret (keys pressed while the editor was loading). */
  type(text: string): void;
  dispose(): void;
}

/** How the element creates an editor. */
export interface EditorOptions {
  readonly code: string;
  /** Accessible name of the editing area. */
  readonly label: string;
  /** Called after every change, with the whole code. */
  readonly onChange: (code: string) => void;
  /** Ctrl/Cmd+Enter. */
  readonly onRun: () => void;
}

/** A module that creates an editor in `host`. */
export type CreateEditor = (host: HTMLElement, options: EditorOptions) => Promise<PlaygroundEditor>;
