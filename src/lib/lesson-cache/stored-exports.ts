/**
 * A lesson module's exports as the build cache stores them, and back. A page reads a lesson's `numbers.ts` and
 * `figures.ts` for values (`n.depth`, `figures.lossChart`), never to call their functions: the values are stored
 * exactly (`exact-json.ts`), each chart drawn ahead (`../drawn-chart.ts`), and a function (an export, or one
 * inside a value) comes back as a stand-in that says, if a page ever calls it, to export the value instead.
 */
import { drawChartAhead } from '../drawn-chart.ts';
import { fromExactJson, toExactJson, type ExactJson } from './exact-json.ts';

/** A module's exports as written to the cache: an object of every export, by `toExactJson`. */
export type StoredExports = ExactJson;

/**
 * Writes a module's exports for the cache, each chart drawn ahead and each function (an export, or one inside a
 * value, like a network's activation) as a stand-in. Throws `UnstorableValue` when a value cannot be stored (the
 * module is then not cached).
 *
 * @example
 * storeExports(await import('./numbers.ts')); // { $: 'object', v: { depth: 20, lectureGradients: { $: 'function', … } } }
 */
export function storeExports(namespace: Readonly<Record<string, unknown>>): StoredExports {
  const exports = Object.fromEntries(
    Object.keys(namespace)
      .sort()
      .map((name) => [name, namespace[name]]),
  );
  return toExactJson(exports, { replace: drawChartAhead, functions: 'stand-ins' });
}

/** What calling a lesson's function from a page gets: the page is given the lesson's values only. */
function valuesOnly(module: string, path: string): () => never {
  const standIn = () => {
    throw new Error(
      `${module}: ${path}() was called from a page, which is given only the values a lesson module computed (they come from the build cache); compute the value in ${module} and export it`,
    );
  };
  Object.defineProperty(standIn, 'name', { value: path.split('.').at(-1) });
  return standIn;
}

/**
 * The exports `storeExports` wrote, as the page sees them: equal values, charts drawn ahead, stand-ins for
 * functions. `module` names the module in a stand-in's error.
 *
 * @example
 * const n = restoreExports(storeExports(await import('./numbers.ts')), 'content/…/numbers.ts');
 */
export function restoreExports(stored: StoredExports, module: string): Record<string, unknown> {
  return fromExactJson(stored, (path) => valuesOnly(module, path)) as Record<string, unknown>;
}
