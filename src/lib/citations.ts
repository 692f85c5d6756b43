/**
 * How the book writes a work it cites: the full entry of a References section or the bibliography, the short
 * label of a citation ("Glorot and Bengio 2010"), and the error a lesson gets when it cites a key the book does
 * not have. Pure functions of the entries in content/references.yaml.
 */
import { nearestName } from '@gradscope/core';

import type { Work } from './reference-schema.ts';

/** Beyond this many authors an entry lists the first three and "et al.". */
const MAX_LISTED_AUTHORS = 6;

/**
 * The authors as an entry lists them: "A and B", "A, B and C", or "A, B, C et al." beyond six.
 *
 * @example
 * authorList(['Xavier Glorot', 'Yoshua Bengio']); // 'Xavier Glorot and Yoshua Bengio'
 */
export function authorList(authors: readonly string[] | undefined): string | undefined {
  if (!authors || authors.length === 0) return undefined;
  if (authors.length > MAX_LISTED_AUTHORS) return `${authors.slice(0, 3).join(', ')} et al.`;
  if (authors.length <= 2) return authors.join(' and ');
  return `${authors.slice(0, -1).join(', ')} and ${authors.at(-1)}`;
}

/**
 * A surname as a citation prints it, with its particle: 'Bart van Merriënboer' → 'van Merriënboer'.
 *
 * @example
 * surname('Yann N. Dauphin'); // 'Dauphin'
 */
export function surname(name: string): string {
  const words = name.trim().split(/\s+/);
  // Lowercase words before the last one are particles (van, de, von) and belong to the surname.
  let start = words.length - 1;
  while (start > 1 && /^\p{Ll}/u.test(words[start - 1])) start -= 1;
  return words.slice(start).join(' ');
}

/**
 * The short label of a work: "Glorot and Bengio 2010", "He et al. 2015", or the title when it has no authors.
 *
 * @example
 * citationLabel({ title: 'Long short-term memory', authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'], year: 1997 });
 * // 'Hochreiter and Schmidhuber 1997'
 */
export function citationLabel(work: Work): string {
  const names = work.authors?.map(surname) ?? [];
  const who =
    names.length === 0
      ? work.title
      : names.length === 1
        ? names[0]
        : names.length === 2
          ? `${names[0]} and ${names[1]}`
          : `${names[0]} et al.`;
  return work.year === undefined ? who : `${who} ${work.year}`;
}

/**
 * The message that stops the build when a lesson cites a key the bibliography does not have.
 *
 * @example
 * unknownKeyMessage('glorot2001', ['glorot2010', 'he2015']);
 * // '<Cite key="glorot2001">: no work has this key in content/references.yaml (did you mean "glorot2010"?) …'
 */
export function unknownKeyMessage(key: string, knownKeys: readonly string[], where?: string): string {
  const head = `<Cite key="${key}">${where ? ` in ${where}` : ''}`;
  if (knownKeys.length === 0) {
    return `${head}: the bibliography is empty: content/references.yaml did not load (see the error above) or has no entries`;
  }
  const near = nearestName(key, knownKeys);
  return `${head}: no work has this key in content/references.yaml${near ? ` (did you mean "${near}"?)` : ''}; add the work there, or use one of its ${knownKeys.length} keys`;
}

/** A work a lesson cites: its key, how many times the lesson cites it, and the entry. */
export interface CitedWork {
  readonly key: string;
  readonly count: number;
  readonly work: Work;
}
