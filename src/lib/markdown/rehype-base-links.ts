/**
 * Lessons link to each other as `/lessons/<slug>/`, which is right at a domain root and wrong under a sub-path.
 * This plugin prefixes the base path (`BASE_PATH`) to every root-relative `href` and `src` in lesson bodies, so
 * authors never need to know where the site is deployed. Protocol-relative URLs (`//host/…`) are left alone.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Rehype plugin factory; `base` is the normalised base path (`/` or `/gradscope/`).
 *
 * @example
 * unified({ rehypePlugins: [[rehypeBaseLinks, { base: '/gradscope/' }]] });
 */
export function rehypeBaseLinks(options: { base: string }) {
  const prefix = options.base.replace(/\/+$/, '');
  return (tree: Root): void => {
    if (prefix === '') return;
    visit(tree, 'element', (node) => {
      for (const attribute of ['href', 'src'] as const) {
        const value = node.properties?.[attribute];
        if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) continue;
        if (value === prefix || value.startsWith(`${prefix}/`)) continue;
        node.properties[attribute] = prefix + value;
      }
    });
  };
}
