/**
 * The Vite plugin the site's config registers (`vite: { plugins: [playgroundVitePlugin()] }`) so that Monaco's
 * CSS reaches no page before a reader opens the editor.
 *
 * Monaco's modules import their CSS from JavaScript, and Astro links the CSS of modules a page's script can
 * reach, dynamic imports included (withastro/astro#9495): 175 KB of editor CSS on every lesson. This plugin turns
 * those imports into empty modules. The editor brings the same rules itself, Monaco's prebuilt stylesheet (fonts
 * inlined) imported as a plain asset URL, and links it when it opens (`client/editor.ts`).
 */

const STUB = '\0gradscope-monaco-css-stub';

/** Vite's plugin shape, the few fields used here. */
interface Plugin {
  name: string;
  enforce?: 'pre' | 'post';
  resolveId(source: string, importer: string | undefined): string | null;
  load(id: string): string | null;
}

/**
 * Keeps Monaco's CSS imports out of the bundle (the editor links Monaco's stylesheet when it opens).
 *
 * @example
 * // astro.config.mjs
 * import { playgroundVitePlugin } from './src/playground/build/vite-plugin.ts';
 * export default defineConfig({ vite: { plugins: [playgroundVitePlugin()] } });
 */
export function playgroundVitePlugin(): Plugin {
  return {
    name: 'gradscope-playground',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && /[\\/]monaco-editor[\\/]esm[\\/]/.test(importer) && source.endsWith('.css'))
        return STUB;
      return null;
    },
    load(id) {
      return id === STUB ? 'export {};' : null;
    },
  };
}
