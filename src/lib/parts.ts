/**
 * The five parts of the book, in reading order. A lesson's folder is `content/<number>-<slug>/` and its
 * frontmatter `part` is the number.
 */

/** One part of the book. */
export interface Part {
  readonly number: 1 | 2 | 3 | 4 | 5;
  /** The folder name after `<number>-`. */
  readonly slug: string;
  readonly title: string;
}

/** Every part, in reading order. */
export const PARTS: readonly Part[] = [
  { number: 1, slug: 'phenomenon', title: 'The phenomenon' },
  { number: 2, slug: 'derivations', title: 'Derivations' },
  { number: 3, slug: 'forum-questions', title: 'Forum questions' },
  { number: 4, slug: 'remedies', title: 'Remedies and recurrent networks' },
  { number: 5, slug: 'reference', title: 'Reference' },
];

/**
 * The part with this number.
 *
 * @example
 * partByNumber(1).title; // 'The phenomenon'
 */
export function partByNumber(number: number): Part {
  const part = PARTS.find((candidate) => candidate.number === number);
  if (!part) {
    throw new Error(`There is no part ${number}; parts are numbered 1 to ${PARTS.length}.`);
  }
  return part;
}
