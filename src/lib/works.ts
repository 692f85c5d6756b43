/**
 * The works the book cites, read from the `references` content collection (content/references.yaml).
 */
import { getCollection } from 'astro:content';

import { unknownKeyMessage, type CitedWork } from './citations.ts';
import { CITATION_KEY } from './reference-schema.ts';
import type { CitedKey } from './markdown/rehype-lesson-components.ts';
import type { Work } from './reference-schema.ts';

let cached: Promise<Map<string, Work>> | undefined;

/**
 * Every work by its citation key. Memoised in a build, where every page asks; never in dev, where the file
 * changes under the server.
 *
 * @example
 * (await getWorks()).get('glorot2010')?.title;
 */
export function getWorks(): Promise<Map<string, Work>> {
  const load = () =>
    getCollection('references').then((entries) => {
      // The schema sees an entry's fields, not its key: the key becomes anchors and citations, so check it here.
      const bad = entries.find((entry) => !CITATION_KEY.test(entry.id));
      if (bad) {
        throw new Error(
          `content/references.yaml: the key "${bad.id}" must be lowercase letters, digits and hyphens, starting with a letter (like "glorot2010")`,
        );
      }
      return new Map(entries.map((entry) => [entry.id, entry.data]));
    });
  if (import.meta.env.DEV) return load();
  cached ??= load();
  return cached;
}

/**
 * The work cited as `key`; an unknown key stops the build with the nearest key.
 *
 * @example
 * const work = await citedWork('glorot2010');
 */
export async function citedWork(key: string): Promise<Work> {
  const works = await getWorks();
  const work = works.get(key);
  if (!work) throw new Error(unknownKeyMessage(key, [...works.keys()]));
  return work;
}

/**
 * The entries of the works a lesson cites, in its order; an unknown key stops the build naming the lesson file.
 *
 * @example
 * const references = await citedWorks(citations, 'content/1-phenomenon/deep-linear-network.mdx');
 */
export async function citedWorks(citations: readonly CitedKey[], where: string): Promise<CitedWork[]> {
  const works = await getWorks();
  return citations.map(({ key, count }) => {
    const work = works.get(key);
    if (!work) throw new Error(unknownKeyMessage(key, [...works.keys()], where));
    return { key, count, work };
  });
}
