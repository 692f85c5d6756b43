import { describe, expect, test } from 'vitest';

import { formatNumber, logTickFormat, superscript } from '@gradscope/charts';

describe('formatNumber', () => {
  test('groups digits between 10⁻³ and 10⁶ and rounds to significant digits', () => {
    expect(formatNumber(3325.256730079651)).toBe('3,325');
    expect(formatNumber(3325.256730079651, 7)).toBe('3,325.257');
    expect(formatNumber(0.03125)).toBe('0.03125');
    expect(formatNumber(-1.5)).toBe('−1.5');
  });

  test('writes large and small numbers as m × 10ⁿ with superscripts', () => {
    expect(formatNumber(3.4028234663852886e38, 2)).toBe('3.4\u00a0×\u00a010³⁸');
    expect(formatNumber(9.5367431640625e-7)).toBe('9.537\u00a0×\u00a010⁻⁷');
    expect(formatNumber(1e-20)).toBe('10⁻²⁰');
  });

  test('spells out the values a float can overflow or fail to', () => {
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('logTickFormat', () => {
  test('labels powers of ten, and 2 and 5 times them near 1, leaving the others blank', () => {
    expect(logTickFormat(1e40)).toBe('10⁴⁰');
    expect(logTickFormat(1e-5)).toBe('10⁻⁵');
    expect(logTickFormat(1000)).toBe('1,000');
    expect(logTickFormat(200)).toBe('200');
    expect(logTickFormat(300)).toBe('');
  });

  test('superscript writes signed integers', () => {
    expect(superscript(-126)).toBe('⁻¹²⁶');
    expect(superscript(38)).toBe('³⁸');
  });
});
