/**
 * The site's Content-Security-Policy, written by Astro (`security.csp` in astro.config.mjs) as a `<meta>` tag in
 * every page, so it holds on any static host (no server headers needed). Astro adds the hashes of the scripts it
 * bundles and inlines; the theme script, inline by design (it runs before first paint), is hashed here.
 *
 * What it is for: a shared playground link can carry any code, and that code must reach no other host. It runs
 * in a worker started from a `blob:` URL (client/site-worker.ts), which inherits this policy; a worker started
 * from a same-origin URL would not (it would take the policy of its script's response headers: none), so
 * `worker-src` allows only `blob:`. Everything that can fetch is limited to the site itself:
 * - `script-src 'self'`: no `import('https://…')` or `importScripts` from elsewhere. `'unsafe-eval'` because the
 *   playground compiles reader code with `new Function`, and a `blob:` worker cannot be granted more than the page;
 *   it also lets Pagefind compile its WebAssembly.
 * - `connect-src 'self'`: fetch, XHR, WebSocket, EventSource, WebTransport, beacons.
 * - `font-src 'self' data:` (`FontFace(…).load()`; KaTeX's fonts, Monaco's inlined one), `img-src 'self' data:`
 *   (figures may embed `data:` images; CSS `url()` loads count as fonts or images).
 * - `style-src 'self' 'unsafe-inline'`: Monaco writes `<style>` elements and highlighted code carries `style`
 *   attributes; styles cannot fetch anything the two directives above do not allow. (So the build's warning that
 *   Shiki's inline styles are incompatible with a CSP does not apply to this one.)
 * Directives a `<meta>` policy ignores (`frame-ancestors`, `report-uri`, `sandbox`) are left out.
 */
import { createHash } from 'node:crypto';

import { FOLD_ON_PHONE_SCRIPT } from './fold-on-phone.ts';
import { THEME_BOOT_SCRIPT } from './theme.ts';

/** `'sha256-…'` of an inline script's exact text, as a CSP source expression (without the quotes). */
export function scriptHash(source: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`;
}

/** Every directive except `script-src` and `style-src`, which Astro writes from the two lists below. */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "media-src 'self'",
  'worker-src blob:',
  "frame-src 'none'",
  "object-src 'none'",
  "manifest-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/**
 * The value of `security.csp` in astro.config.mjs.
 *
 * @example
 * export default defineConfig({ security: { csp: contentSecurityPolicy } });
 */
export const contentSecurityPolicy = {
  algorithm: 'SHA-256' as const,
  directives: [...CSP_DIRECTIVES],
  scriptDirective: {
    resources: ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"],
    hashes: [scriptHash(THEME_BOOT_SCRIPT), scriptHash(FOLD_ON_PHONE_SCRIPT)],
  },
  styleDirective: {
    resources: ["'self'", "'unsafe-inline'"],
  },
};
