import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalPdf } from '../src/special.js';
import { relativeError } from './support/reference.js';

// Reference values computed with mpmath at 40 significant digits, rounded to 17.
const erfValues: [number, number][] = [
  [0.1, 0.1124629160182849],
  [0.46875, 0.49261347321793797],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [3.5, 0.9999992569016276],
];

const erfcValues: [number, number][] = [
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [3, 2.209049699858544e-5],
  [5, 1.537459794428035e-12],
  [10, 2.088487583762545e-45],
  [20, 5.395865611607901e-176],
];

describe('special functions', () => {
  it('erf matches reference values to a relative error of 1e-15', () => {
    for (const [x, expected] of erfValues) {
      expect(relativeError(erf(x), expected)).toBeLessThan(1e-15);
      expect(relativeError(erf(-x), -expected)).toBeLessThan(1e-15);
    }
  });

  it('erfc keeps 14 digits deep in the tail, where 1 − erf(x) is 0', () => {
    for (const [x, expected] of erfcValues) expect(relativeError(erfc(x), expected)).toBeLessThan(1e-14);
    expect(1 - erf(10)).toBe(0);
    expect(erfc(30)).toBe(0); // below the smallest double
  });

  it('erf is odd and erfc(−x) = 2 − erfc(x)', () => {
    for (const x of [0.01, 0.3, 0.46875, 0.47, 1.7, 4, 4.5, 9]) {
      expect(erf(-x)).toBe(-erf(x));
      expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
    }
    expect(erf(0)).toBe(0);
    expect(erfc(0)).toBe(1);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
  });

  it('erf and erfc add up to 1 across the interval boundaries 0.46875 and 4', () => {
    for (let x = -6; x <= 6; x += 0.01) expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(2.3e-16);
  });

  it('normalCdf has Φ(0) = 1/2, Φ(−5) = 2.866515718791939e-7 and Φ(z) + Φ(−z) = 1', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(relativeError(normalCdf(-5), 2.866515718791939e-7)).toBeLessThan(1e-14);
    expect(relativeError(normalCdf(1), 0.8413447460685429)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-10), 7.619853024160527e-24)).toBeLessThan(1e-14);
    for (const z of [0.2, 1, 1.96, 3, 6]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
  });

  it('normalPdf is the derivative of normalCdf (centred differences, relative error 1e-8)', () => {
    const h = 1e-5;
    for (const z of [-4, -1.3, 0, 0.7, 2.5]) {
      const numeric = (normalCdf(z + h) - normalCdf(z - h)) / (2 * h);
      expect(relativeError(numeric, normalPdf(z))).toBeLessThan(1e-8);
    }
    expect(normalPdf(0)).toBe(1 / Math.sqrt(2 * Math.PI));
  });
});
