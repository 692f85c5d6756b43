/**
 * Where the site is deployed and written, read from the environment so that the same checkout can be built
 * for a domain root, for a sub-path (`BASE_PATH=/gradscope/`), or into a private folder while other builds run.
 */

/** Deployment settings derived from the environment. */
export interface SiteEnvironment {
  /** Origin of the deployed site, without a trailing slash: `https://gradscope.example`. */
  readonly site: string;
  /** Path prefix of every page, with leading and trailing slash: `/` or `/gradscope/`. */
  readonly base: string;
  /** Build output folder. */
  readonly outDir: string;
}

/** Used when `SITE_URL` is not set: a reserved domain, so no real host is ever named by accident. */
export const DEFAULT_SITE_URL = 'https://gradscope.example';

/**
 * Reads `SITE_URL`, `BASE_PATH` and `GRADSCOPE_OUT_DIR`, normalising the base path and rejecting values
 * that would produce broken links.
 *
 * @example
 * siteEnvironment({ BASE_PATH: 'gradscope' }).base; // '/gradscope/'
 */
export function siteEnvironment(env: Record<string, string | undefined>): SiteEnvironment {
  const siteValue = env.SITE_URL?.trim() || DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(siteValue);
  } catch {
    throw new Error(
      `SITE_URL must be an absolute URL such as ${DEFAULT_SITE_URL}; got ${JSON.stringify(siteValue)}.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`SITE_URL must use http or https; got ${JSON.stringify(siteValue)}.`);
  }
  // One place for the path, so that canonical URLs, the sitemap and links cannot disagree about it.
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new Error(
      `SITE_URL must be an origin such as https://example.org; put the path in BASE_PATH ` +
        `(SITE_URL=${url.origin} BASE_PATH=${url.pathname}); got ${JSON.stringify(siteValue)}.`,
    );
  }
  return {
    site: url.origin,
    base: normaliseBase(env.BASE_PATH),
    outDir: env.GRADSCOPE_OUT_DIR?.trim() || './dist',
  };
}

/**
 * `undefined`, `''` and `'/'` mean the domain root; anything else gets exactly one leading and one trailing slash.
 *
 * @example
 * normaliseBase('/docs'); // '/docs/'
 */
export function normaliseBase(value: string | undefined): string {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '/';
  if (/[?#\s]/.test(trimmed)) {
    throw new Error(`BASE_PATH must be a plain path such as /gradscope/; got ${JSON.stringify(value)}.`);
  }
  return `/${trimmed}/`;
}
