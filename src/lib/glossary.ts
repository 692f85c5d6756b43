/**
 * Terms a lesson defines with `<Definition term="…">`: the anchor each definition gets in its lesson, and what the
 * lesson pipeline records for the glossary page (`src/pages/glossary.astro`).
 */

/** A definition as `rehype-lesson-components` records it for the glossary. */
export interface RecordedDefinition {
  readonly term: string;
  /** The anchor of the definition in its lesson (`def-vanishing-gradient`). */
  readonly id: string;
  /**
   * The definition's text as HTML (math already typeset). A citation inside it is left as
   * `<span data-cite="glorot2010" data-at="eq. 16"></span>` for the glossary page to fill in.
   */
  readonly html: string;
}

/**
 * The anchor of a term's definition: `def-` and the term in lowercase, runs of other characters as one hyphen.
 * Letters of any script are kept, so `δ^[l]` and `σ_w` keep distinct ids.
 *
 * @example
 * definitionId('Vanishing gradient'); // 'def-vanishing-gradient'
 */
export function definitionId(term: string): string {
  const slug = term
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `def-${slug || 'term'}`;
}
