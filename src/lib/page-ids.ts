/**
 * Ids that must be unique on a page. Components render independently, so they share what the page has handed
 * out through `Astro.locals` (one object per page render).
 */

type Locals = Record<string, unknown>;

function registry(locals: Locals): Map<string, string> {
  return (locals.gradscopeIds ??= new Map<string, string>()) as Map<string, string>;
}

/**
 * Claims `id` for `owner` on this page; a second claim stops the build naming both owners.
 *
 * @example
 * claimId(Astro.locals, 'predict-overflow', '<Predict id="overflow">', Astro.url.pathname);
 */
export function claimId(locals: object, id: string, owner: string, pathname: string): void {
  const ids = registry(locals as Locals);
  const previous = ids.get(id);
  if (previous !== undefined) {
    throw new Error(
      `${owner}: the id "${id}" is already used on ${pathname} by ${previous}; ids must be unique on a page`,
    );
  }
  ids.set(id, owner);
}

/**
 * A fresh id with this prefix, for elements that only need to be told apart (labels, descriptions): `aside-1`,
 * `aside-2`, … in render order.
 *
 * @example
 * const titleId = nextId(Astro.locals, 'aside'); // 'aside-1'
 */
export function nextId(locals: object, prefix: string): string {
  const counters = ((locals as Locals).gradscopeCounters ??= new Map<string, number>()) as Map<
    string,
    number
  >;
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return `${prefix}-${n}`;
}

/**
 * Stops the build when a named slot was written inside the text instead of beside it: in MDX, a
 * `<div slot="explanation">` on the line after the question, without a blank line between, is part of the
 * question's paragraph, so it reaches the component as text of the default slot (and would show the answer early).
 *
 * @example
 * assertNoStraySlot(questionHtml, '<Predict id="overflow">');
 */
export function assertNoStraySlot(html: string, owner: string): void {
  const stray = /<[a-z][\w-]*\b[^>]*\sslot="([^"]*)"/i.exec(html);
  if (stray) {
    throw new Error(
      `${owner}: the slot "${stray[1]}" is inside the text; put a blank line before <… slot="${stray[1]}"> so that MDX passes it as a slot, not as part of the paragraph above it`,
    );
  }
}
