/**
 * The globals a playground gives the reader's code, besides `console`. This file is a global script (no imports
 * or exports) so the editor can load it as-is with `addExtraLib`, and so the lesson examples type-check.
 *
 * The modules a playground can import are `@gradscope/core`, `@observablehq/plot` and `@gradscope/charts`
 * (`src/charts/index.ts`).
 */

/** What `display` returns: redraw the same figure or table in place, e.g. once per training step. */
interface GradscopeDisplayHandle {
  /**
   * Replaces what this `display` call showed. Redraws are throttled (about ten a second while the code runs);
   * the last value is always drawn.
   *
   * @example
   * const view = display(lossChart(losses));
   * for (let step = 0; step < 500; step++) { losses.push(trainStep()); view.update(lossChart(losses)); }
   */
  update(value: unknown): void;
}

/**
 * Shows a value below the code:
 * - an Observable Plot options object (`{ marks: [...] }`, what `@gradscope/charts` functions return), a Plot
 *   mark, or a rendered `Plot.plot(...)` → a figure;
 * - an array of plain objects → a table (one column per key);
 * - anything else → printed, like `console.log`.
 *
 * @example
 * display(Plot.lineY([1, 1.5, 2.25, 3.375]));
 * display([{ layer: 1, norm: 1.5 }, { layer: 2, norm: 2.25 }]);
 */
declare function display(value: unknown): GradscopeDisplayHandle;

/**
 * Reports how far a long run has got; the playground shows "step of total" while the code runs.
 *
 * @example
 * for (let step = 1; step <= 1000; step++) { trainStep(); progress(step, 1000); }
 */
declare function progress(step: number, total: number): void;

/** One case of an exercise's check: the arguments the reader's function is called with and what it must return. */
interface ExerciseCase {
  readonly args: readonly unknown[];
  readonly expected: unknown;
  /** Shown in the table instead of the arguments (`'fan-in 512'`). */
  readonly label?: string;
  /** This case's tolerance, when it differs from the check's. */
  readonly tolerance?: number;
}

/**
 * What an exercise's check file (`<slug>/<name>.check.ts`) exports as its default. Global, so a check file needs no
 * import to name it.
 *
 * @example
 * export default {
 *   function: 'heNormalStd',
 *   cases: [1, 2, 512].map((fanIn) => ({ args: [fanIn], expected: heNormal().std!({ fanIn, fanOut: fanIn }) })),
 *   tolerance: 1e-12,
 * } satisfies ExerciseCheck;
 */
interface ExerciseCheck {
  /** The name of the function the reader writes and exports (`'heNormalStd'`). */
  readonly function: string;
  readonly cases: readonly ExerciseCase[];
  /** The largest relative error accepted on any entry (default 1e-9). */
  readonly tolerance?: number;
}
