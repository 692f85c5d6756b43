// Plain `tsc` cannot read .astro files (Astro's language tools can); give the components the type the
// container API expects, so tests that import them type-check.
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';

  const component: AstroComponentFactory;
  export default component;
}
