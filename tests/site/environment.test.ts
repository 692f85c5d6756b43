import { describe, expect, it } from 'vitest';

import { normaliseBase, siteEnvironment } from '../../src/lib/environment.ts';
import { lessonPath, ogImagePath, shortAnswerPath, withBase } from '../../src/lib/urls.ts';

describe('deployment settings', () => {
  it('defaults to a reserved example domain at the root, built into dist', () => {
    expect(siteEnvironment({})).toEqual({ site: 'https://gradscope.example', base: '/', outDir: './dist' });
  });

  it('normalises a base path to one leading and one trailing slash', () => {
    expect(normaliseBase('gradscope')).toBe('/gradscope/');
    expect(normaliseBase('/docs/gradscope//')).toBe('/docs/gradscope/');
    expect(normaliseBase('/')).toBe('/');
  });

  it('rejects a SITE_URL that is not an absolute http(s) URL', () => {
    expect(() => siteEnvironment({ SITE_URL: 'gradscope.example' })).toThrow(
      /SITE_URL must be an absolute URL/,
    );
    expect(() => siteEnvironment({ SITE_URL: 'ftp://x.example' })).toThrow(/http or https/);
  });

  it('asks for the path in BASE_PATH when SITE_URL has one', () => {
    expect(() => siteEnvironment({ SITE_URL: 'https://example.org/docs' })).toThrow(
      /put the path in BASE_PATH \(SITE_URL=https:\/\/example.org BASE_PATH=\/docs\)/,
    );
  });

  it('rejects a base path carrying a query or fragment', () => {
    expect(() => normaliseBase('/a?b')).toThrow(/BASE_PATH must be a plain path/);
  });

  it('takes the output folder from GRADSCOPE_OUT_DIR', () => {
    expect(siteEnvironment({ GRADSCOPE_OUT_DIR: '/tmp/x' }).outDir).toBe('/tmp/x');
  });
});

describe('internal links under a base path', () => {
  it('prefix every page with the base path', () => {
    expect(withBase('answers/', '/gradscope/')).toBe('/gradscope/answers/');
    expect(withBase('', '/gradscope/')).toBe('/gradscope/');
    expect(lessonPath('deep-linear-network', '/')).toBe('/lessons/deep-linear-network/');
  });

  it('point a short answer at its #short-answer anchor', () => {
    expect(shortAnswerPath('deep-linear-network', '/g/')).toBe(
      '/g/lessons/deep-linear-network/#short-answer',
    );
  });

  it('name social cards after their page', () => {
    expect(ogImagePath('lessons/x', '/')).toBe('/og/lessons/x.png');
  });
});
