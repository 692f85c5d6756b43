// A mix of per-layer factors (half the layers at 0.5, half at 1.5) is coloured as the one factor it amounts to over
// many layers, its geometric mean: the colour says that half-and-half vanishes like k ≈ 0.87 and that 63 % at 1.5
// breaks even like k = 1, and the figures of the lesson on products of per-layer factors stay readable.
import { describe, expect, test } from 'vitest';

import { colorFor, colorOfK, colorOfMix, depthProfileChart, meaningOfLabel } from '@gradscope/charts';
import { GradscopeArgumentError } from '@gradscope/core';

import { closestPair, worstContrast } from './contrast.ts';

const half = [
  { k: 1.5, share: 0.5 },
  { k: 0.5, share: 0.5 },
];
const breakEven = Math.log(2) / Math.log(3);

describe('the colour of a mix', () => {
  test('is the colour of its geometric mean, not of its arithmetic mean', () => {
    expect(colorOfMix(half)).toBe(colorOfK(Math.sqrt(0.75)));
    expect(colorOfMix(half)).not.toBe(colorOfK(1));
    expect(colorFor({ mix: half })).toBe(colorOfMix(half));
    // Shares need not add up to one: 50 layers and 50 layers are half and half.
    expect(
      colorOfMix([
        { k: 1.5, share: 50 },
        { k: 0.5, share: 50 },
      ]),
    ).toBe(colorOfMix(half));
  });

  test('at the break-even share the mix is grey, the colour of k = 1', () => {
    expect(
      colorOfMix([
        { k: 1.5, share: breakEven },
        { k: 0.5, share: 1 - breakEven },
      ]),
    ).toBe(colorOfK(1));
  });

  test('the mixes of the lesson stay apart from k = 0.5 and k = 1.5 for colour-blind readers, readable in both themes', () => {
    const colors = [
      colorOfK(0.5),
      colorOfK(1.5),
      colorOfMix(half),
      colorOfMix([
        { k: 1.5, share: 0.63 },
        { k: 0.5, share: 0.37 },
      ]),
    ];
    for (const distance of Object.values(closestPair(colors))) expect(distance).toBeGreaterThanOrEqual(7);
    for (const color of colors) expect(worstContrast(color)).toBeGreaterThanOrEqual(3);
  });

  test('a bad part is an error naming it', () => {
    expect(() => colorOfMix([])).toThrow(GradscopeArgumentError);
    expect(() => colorOfMix([{ k: 0, share: 1 }])).toThrow(/parts\[0\]\.k/);
    expect(() => colorOfMix([{ k: 1.5, share: -1 }])).toThrow(/parts\[0\]\.share/);
    expect(() => colorFor({ mix: half, k: 1 })).toThrow(
      /exactly one of k, initializer, activation, format, mix/,
    );
  });
});

describe('a label names a mix by its percentages', () => {
  test('"50% at 1.5, 50% at 0.5" and its variants', () => {
    expect(meaningOfLabel('50% at 1.5, 50% at 0.5')).toEqual({ mix: half });
    expect(meaningOfLabel('63% at 1.5, 37% at 0.5: shuffled')).toEqual({
      mix: [
        { k: 1.5, share: 0.63 },
        { k: 0.5, share: 0.37 },
      ],
    });
    expect(meaningOfLabel('50% at 1.5·I and 50% at 0.5·I (interleaved)')).toEqual({ mix: half });
    expect(meaningOfLabel('50 % at k = 1.5 + 50 % at k = 0.5')).toEqual({ mix: half });
  });

  test('percentages that do not add up to 100, or one part alone, name no mix', () => {
    expect(meaningOfLabel('50% at 1.5, 30% at 0.5')).toBeUndefined();
    expect(meaningOfLabel('50% at 1.5')).toBeUndefined();
    // Other labels with commas keep their meaning.
    expect(meaningOfLabel('tanh, Xavier')).toEqual({ activation: 'tanh' });
    expect(meaningOfLabel('k = 1.5, float32')).toEqual({ k: 1.5 });
  });

  test('a chart colours a series labelled as a mix by that mix', () => {
    const chart = depthProfileChart({
      quantity: '‖a‖',
      series: [
        { label: '50% at 1.5, 50% at 0.5', values: [0.5, 0.75] },
        { label: 'k = 1.5', values: [1.5, 2.25] },
      ],
    });
    expect((chart.color as { range: string[] }).range).toEqual([colorOfMix(half), colorOfK(1.5)]);
  });
});
