/**
 * Every internal link goes through these helpers so that the site works under a sub-path (`BASE_PATH`):
 * a hard-coded "/lessons/…" would break as soon as the site is deployed at https://host/gradscope/.
 */

/** The configured base path with exactly one trailing slash: `/` or `/gradscope/`. */
export const BASE: string = `${import.meta.env.BASE_URL.replace(/\/+$/, '')}/`;

/**
 * A site-internal path prefixed with the base path.
 *
 * @example
 * withBase('lessons/deep-linear-network/', '/gradscope/'); // '/gradscope/lessons/deep-linear-network/'
 */
export function withBase(path: string, base: string = BASE): string {
  const prefix = `${base.replace(/\/+$/, '')}/`;
  return prefix + path.replace(/^\/+/, '');
}

/**
 * The page of a lesson.
 *
 * @example
 * lessonPath('deep-linear-network'); // '/lessons/deep-linear-network/' (under the base path)
 */
export function lessonPath(slug: string, base: string = BASE): string {
  return withBase(`lessons/${slug}/`, base);
}

/** The fragment of the short-answer box at the top of a lesson that answers a forum question. */
export const SHORT_ANSWER_ID = 'short-answer';

/**
 * A link straight to the short answer of a lesson.
 *
 * @example
 * shortAnswerPath('deep-linear-network'); // '/lessons/deep-linear-network/#short-answer'
 */
export function shortAnswerPath(slug: string, base: string = BASE): string {
  return `${lessonPath(slug, base)}#${SHORT_ANSWER_ID}`;
}

/**
 * The Open Graph image of a page: `key` is `index`, `answers`, `404` or `lessons/<slug>`.
 *
 * @example
 * ogImagePath('lessons/deep-linear-network'); // '/og/lessons/deep-linear-network.png'
 */
export function ogImagePath(key: string, base: string = BASE): string {
  return withBase(`og/${key}.png`, base);
}

/**
 * An absolute URL on the deployed site, for canonical links and social cards.
 *
 * @example
 * absoluteUrl('/lessons/x/', new URL('https://gradscope.example')); // 'https://gradscope.example/lessons/x/'
 */
export function absoluteUrl(path: string, site: URL | string | undefined): string {
  if (!site) throw new Error('The site URL is not configured (astro.config.mjs `site`, env SITE_URL).');
  return new URL(path, site).href;
}
