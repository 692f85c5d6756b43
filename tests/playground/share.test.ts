import { describe, expect, it } from 'vitest';

import { MAX_SHARED_CODE, parseShareFragment, shareFragment } from '../../src/playground/client/share.ts';

describe('share links', () => {
  it('carry code, playground and engine version through the fragment unchanged', () => {
    const code =
      "import { zeros } from '@gradscope/core';\n// ünïcode ✓ + & = # ?\nconsole.log(zeros(2, 2));\n";
    const fragment = shareFragment({ id: 'output-growth', code, engine: '0.1.0' });
    expect(fragment).toMatch(/^#pg=output-growth&engine=0\.1\.0&code=[A-Za-z0-9+\-$]+$/);
    expect(parseShareFragment(fragment)).toEqual({ id: 'output-growth', code, engine: '0.1.0' });
  });

  it('keep a + of the compressed code (which URLSearchParams would turn into a space)', () => {
    // Find code whose compressed form contains '+', so the test cannot pass by luck.
    let code = 'x';
    while (!shareFragment({ id: 'a', code, engine: '1' }).includes('+'))
      code += String.fromCharCode(97 + (code.length % 26));
    expect(parseShareFragment(shareFragment({ id: 'a', code, engine: '1' }))?.code).toBe(code);
  });

  it('ignore fragments that are not share links or are damaged', () => {
    expect(parseShareFragment('')).toBeNull();
    expect(parseShareFragment('#short-answer')).toBeNull();
    expect(parseShareFragment('#pg=a&engine=1')).toBeNull();
    expect(parseShareFragment('#pg=a&engine=1&code=%%%')).toBeNull();
    expect(parseShareFragment('#pg=%E0%A4%A&engine=1&code=abc')).toBeNull();
  });

  it('refuse code longer than the limit', () => {
    const fragment = shareFragment({ id: 'a', code: 'x'.repeat(MAX_SHARED_CODE + 1), engine: '1' });
    expect(parseShareFragment(fragment)).toBeNull();
  });
});
