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
