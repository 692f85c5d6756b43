import { describe, expect, it } from 'vitest';

import { authorList, citationLabel, surname, unknownKeyMessage } from '../../src/lib/citations.ts';
import { CITATION_KEY, workSchema } from '../../src/lib/reference-schema.ts';

describe('how the book writes a cited work', () => {
  it('lists two authors with "and", more with commas, and beyond six the first three and et al.', () => {
    expect(authorList(['Xavier Glorot', 'Yoshua Bengio'])).toBe('Xavier Glorot and Yoshua Bengio');
    expect(authorList(['A', 'B', 'C'])).toBe('A, B and C');
    expect(authorList(['A', 'B', 'C', 'D', 'E', 'F', 'G'])).toBe('A, B, C et al.');
    expect(authorList(undefined)).toBeUndefined();
  });

  it('keeps a surname’s particle and drops middle initials', () => {
    expect(surname('Bart van Merriënboer')).toBe('van Merriënboer');
    expect(surname('Yann N. Dauphin')).toBe('Dauphin');
    expect(surname('Soham De')).toBe('De');
  });

  it('labels a citation by surnames and year, "et al." from three authors, the title without authors', () => {
    expect(
      citationLabel({ title: 'x', authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'], year: 1997 }),
    ).toBe('Hochreiter and Schmidhuber 1997');
    expect(citationLabel({ title: 'x', authors: ['Kaiming He', 'X. Zhang', 'S. Ren'], year: 2015 })).toBe(
      'He et al. 2015',
    );
    expect(citationLabel({ title: 'IEEE 754', year: 2019 })).toBe('IEEE 754 2019');
  });

  it('answers an unknown key with the nearest known key and the lesson that cited it', () => {
    expect(unknownKeyMessage('glorot2001', ['glorot2010', 'he2015'], 'content/1-x/a.mdx')).toBe(
      '<Cite key="glorot2001"> in content/1-x/a.mdx: no work has this key in content/references.yaml (did you mean "glorot2010"?); add the work there, or use one of its 2 keys',
    );
    expect(unknownKeyMessage('smith1999', ['glorot2010'])).not.toContain('did you mean');
    expect(unknownKeyMessage('glorot2010', [])).toContain('content/references.yaml did not load');
  });
});

describe('the references file schema', () => {
  it('accepts a full entry and rejects an unknown field, naming it', () => {
    expect(
      workSchema.parse({
        title: 'T',
        authors: ['A'],
        year: 2010,
        venue: 'V',
        url: 'https://x.org',
        note: 'N',
      }),
    ).toBeTruthy();
    const result = workSchema.safeParse({ title: 'T', auhtors: ['A'] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('auhtors');
  });

  it('refuses a link that is not http(s), and authors given as one string', () => {
    const link = workSchema.safeParse({ title: 'T', url: 'javascript:alert(1)' });
    expect(link.error?.issues[0]).toMatchObject({
      path: ['url'],
      message: 'a work url must be an http(s) address',
    });
    const authors = workSchema.safeParse({ title: 'T', authors: 'Glorot and Bengio' });
    expect(authors.error?.issues[0].path).toEqual(['authors']);
  });

  it('keys are lowercase letters, digits and hyphens', () => {
    expect(['glorot2010', 'ieee754', 'lecture-notes'].every((key) => CITATION_KEY.test(key))).toBe(true);
    expect(['Glorot2010', 'he 2015', '2015he'].some((key) => CITATION_KEY.test(key))).toBe(false);
  });
});
