// What <Predict> makes of a reader's prediction: numbers as people write them, and how close each kind came.
import { describe, expect, it } from 'vitest';

import {
  compareChoice,
  compareNumber,
  compareRange,
  parseNumber,
  showNumber,
} from '../../src/components/client/prediction.ts';

const value = (text: string) => {
  const parsed = parseNumber(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('reading a number', () => {
  it.each([
    ['3325', 3325],
    ['3,325.26', 3325.26],
    ['1 000 000', 1e6],
    ['−2.5', -2.5],
    ['1e38', 1e38],
    ['3.4E-7', 3.4e-7],
    ['3.4 × 10^38', 3.4e38],
    ['3.4x10^38', 3.4e38],
    ['5·10**3', 5000],
    ['10^-3', 1e-3],
    ['10³⁸', 1e38],
    ['2^10', 1024],
    ['1.5^20', 1.5 ** 20],
    ['about 3000', 3000],
    ['≈ 0.5', 0.5],
    ['∞', Infinity],
    ['-inf', -Infinity],
  ])('reads %s as %d', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('reads a comma as a thousands separator only when three digits follow it', () => {
    expect(parseNumber('1,5').ok).toBe(false);
    expect(value('12,345')).toBe(12345);
  });

  it('says what it can read when it cannot read the text', () => {
    expect(parseNumber('a lot')).toEqual({
      ok: false,
      message:
        '“a lot” is not a number this page can read: write it like 3325, 3.4e38, 3.4 × 10^38, 2^128 or ∞.',
    });
    expect(parseNumber('  ')).toEqual({
      ok: false,
      message: 'Write a number, like 3325, 3.4e38, 3.4 × 10^38, 2^128 or ∞.',
    });
  });
});

describe('how close a number came', () => {
  it('calls a prediction within 1 % spot on, and within 10 % close, naming the direction', () => {
    expect(compareNumber(3300, 3325.26).text).toBe('Spot on: within 1 % of the result.');
    expect(compareNumber(3600, 3325.26)).toEqual({ closeness: 'hit', text: 'Close: 8 % too large.' });
  });

  it('gives a factor below ten, and orders of magnitude above it, with the absolute miss for whole numbers', () => {
    // 219 layers predicted as 100: a factor of 2.19 too small, 119 layers off.
    expect(compareNumber(100, 219, 'layers')).toEqual({
      closeness: 'near',
      text: 'Off by a factor of 2.2: too small (off by 119\u00a0layers).',
    });
    // 10²⁰ / 1.5²⁰ = 3.007 × 10¹⁶: log₁₀ of it is 16.48.
    expect(compareNumber(1e20, 1.5 ** 20)).toEqual({
      closeness: 'miss',
      text: 'About 16.5 orders of magnitude (a factor of 3\u00a0×\u00a010¹⁶) too large.',
    });
  });

  it('handles the results an exploding network gives: ∞, 0 and a sign', () => {
    expect(compareNumber(Infinity, Infinity).closeness).toBe('hit');
    expect(compareNumber(1e38, Infinity).text).toBe(
      'The result overflowed to ∞: no finite number is close to it.',
    );
    expect(compareNumber(0, 0).text).toBe('Right: exactly 0.');
    expect(compareNumber(1e-45, 0).closeness).toBe('miss');
    expect(compareNumber(-3, 3).text).toBe(
      'The sign is wrong: the result is positive and your prediction is negative.',
    );
  });
});

describe('ranges and choices', () => {
  it('say whether the result is inside the range, and how far past which end', () => {
    expect(compareRange(100, 300, 219)).toEqual({ closeness: 'hit', text: 'Inside your range.' });
    expect(compareRange(1, 10, 3325.26).text).toBe(
      'Outside your range: the result is above it, about 2.52 orders of magnitude (a factor of 330) past its upper end.',
    );
    expect(compareRange(250, 300, 219)).toEqual({
      closeness: 'miss',
      text: 'Outside your range: the result is below it, a factor of 1.1 past its lower end.',
    });
  });

  it('name the right option after a wrong choice', () => {
    expect(compareChoice('It explodes', 'It vanishes').text).toBe(
      'Not this time: you chose “It explodes”; the answer is “It vanishes”.',
    );
    expect(compareChoice('It vanishes', 'It vanishes').closeness).toBe('hit');
  });

  it('show numbers with their unit, but not after ∞', () => {
    expect(showNumber(219, 'layers')).toBe('219\u00a0layers');
    expect(showNumber(Infinity, 'layers')).toBe('∞');
  });
});
