// Every built page carries the site's Content-Security-Policy as a <meta> tag (so it holds on any static host):
// it names no other host, lets workers start only from blob: URLs, and allows each inline script the page has by
// its hash, so no script of the site's own is refused.
import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { parsedPages } from '../support/fixtures.ts';

/** The policy's directives, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('the Content-Security-Policy', () => {
  it.each(parsedPages().map((page) => [page.path, page] as const))(
    '%s carries it, with no other host, blob: workers only and a hash for each inline script',
    (_path, { document }) => {
      const metas = [...document.querySelectorAll('meta[http-equiv="content-security-policy" i]')];
      expect(metas).toHaveLength(1);
      const policy = directives(metas[0].getAttribute('content') ?? '');
      expect(policy.get('default-src')).toEqual(["'self'"]);
      expect(policy.get('worker-src')).toEqual(['blob:']);
      for (const name of ['connect-src', 'script-src', 'font-src', 'img-src', 'style-src']) {
        const sources = policy.get(name) ?? [];
        expect(sources, name).toContain("'self'");
        expect(
          sources.filter((source) => /^(https?:|wss?:|\*)/.test(source) || source.includes('.')),
          name,
        ).toEqual([]);
      }
      const inline = [...document.querySelectorAll('script:not([src])')].filter(
        (script) => !/json/.test(script.getAttribute('type') ?? ''),
      );
      expect(inline.length).toBeGreaterThan(0);
      for (const script of inline) {
        const hash = createHash('sha256')
          .update(script.textContent ?? '', 'utf8')
          .digest('base64');
        expect(policy.get('script-src'), (script.textContent ?? '').slice(0, 60)).toContain(
          `'sha256-${hash}'`,
        );
      }
    },
  );
});
