/**
 * Builds the environment reader code runs in from a DOM implementation, the three modules and a compiler. Node and
 * the browser worker each import their own linkedom build (the worker one is a single file without Node's optional
 * `canvas`), then call this. Node compiles with Sucrase (transpile.ts); the worker is handed what the page compiled.
 */
import type { Compile } from './compiled.js';
import type { ReaderModules, RuntimeEnvironment } from './run.js';

/** linkedom's `parseHTML`, or anything returning `{ document }` for a string of HTML. */
export type ParseHtml = (html: string) => { document: unknown };

/**
 * A fresh environment: its own blank document, so figures from one run never see another's nodes.
 *
 * @example
 * const environment = createEnvironment(parseHTML, { core, plot: Plot, charts }, compileReaderCode);
 * await runReaderCode(code, environment);
 */
export function createEnvironment(
  parseHtml: ParseHtml,
  modules: ReaderModules,
  compile: Compile,
  onUncaught?: RuntimeEnvironment['onUncaught'],
): RuntimeEnvironment {
  const { document } = parseHtml('<!doctype html><html><head></head><body></body></html>');
  return { document: document as Document, modules, compile, onUncaught };
}
