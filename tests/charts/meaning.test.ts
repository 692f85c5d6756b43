// One colour per meaning across the book: the same k, initializer, activation or number format has the same colour
// in every figure and playground, readable on light and dark pages and distinguishable for colour-blind readers.
import { describe, expect, test } from 'vitest';

import {
  CHART_COLORS,
  colorFor,
  colorOfActivation,
  colorOfFormat,
  colorOfInitializer,
  colorOfK,
  depthProfileChart,
  histogramChart,
  meaningOfLabel,
  theoryVsMeasuredChart,
  trainingCurveChart,
} from '@gradscope/charts';
import { GradscopeArgumentError } from '@gradscope/core';
import type { PlotOptions } from '@observablehq/plot';

import { closestPair, worstContrast } from './contrast.ts';

/** The colour a chart gives each series label. */
function colorsOf(chart: PlotOptions): Record<string, string> {
  const { domain, range } = chart.color as { domain: string[]; range: string[] };
  return Object.fromEntries(domain.map((label, i) => [label, range[i]]));
}

// CIEDE2000 distance below which two lines are hard to tell apart side by side; the palette's own closest
// pairs for colour-blind readers (blue and purple, 6.2 for protanopes) fall below it, which is why no meaning
// puts them together.
const DISTINCT = 7;

describe('the colour of k', () => {
  test('cool below one, grey at one, warm above: the book’s five values are the palette’s colours', () => {
    expect([0.5, 0.9, 1, 1.1, 1.5].map(colorOfK)).toEqual([
      CHART_COLORS.blue,
      CHART_COLORS.green,
      CHART_COLORS.gray,
      CHART_COLORS.magenta,
      CHART_COLORS.vermillion,
    ]);
  });

  test('a value between two of them is a blend, different from both; beyond the ends, the end colours', () => {
    const between = colorOfK(1.25);
    expect(between).toMatch(/^#[0-9a-f]{6}$/);
    expect(between).not.toBe(colorOfK(1.1));
    expect(between).not.toBe(colorOfK(1.5));
    expect(colorOfK(0.01)).toBe(CHART_COLORS.purple);
    expect(colorOfK(40)).toBe(CHART_COLORS.ochre);
    expect(colorOfK(-1.5)).toBe(colorOfK(1.5));
  });

  test('every k keeps a 3:1 contrast on light and dark pages (WCAG 1.4.11)', () => {
    for (let e = -4; e <= 4; e += 0.02)
      expect(worstContrast(colorOfK(Math.exp(e)))).toBeGreaterThanOrEqual(3);
  });

  test('the book’s five values stay apart for readers with each kind of colour-blindness', () => {
    const closest = closestPair([0.5, 0.9, 1, 1.1, 1.5].map(colorOfK));
    for (const distance of Object.values(closest)) expect(distance).toBeGreaterThanOrEqual(DISTINCT);
  });

  test('a k that is not a finite number is an error naming it', () => {
    expect(() => colorOfK(NaN)).toThrow(GradscopeArgumentError);
  });
});

describe('the colours of initializers, activations and formats', () => {
  test('name families and spellings once: heNormal, he-uniform and Kaiming are all He', () => {
    expect(colorOfInitializer('heNormal')).toBe(colorOfInitializer('he'));
    expect(colorOfInitializer('he-uniform')).toBe(colorOfInitializer('Kaiming'));
    expect(colorOfInitializer('glorotUniform')).toBe(colorOfInitializer('xavierNormal'));
    expect(colorOfActivation('ReLU')).toBe(colorOfActivation('relu'));
    expect(colorOfFormat('bf16')).toBe(colorOfFormat('bfloat16'));
  });

  test('the ones lessons compare stay apart for colour-blind readers, and readable in both themes', () => {
    const groups = [
      ['xavier', 'he', 'lecun', 'orthogonal'].map(colorOfInitializer),
      ['identity', 'sigmoid', 'tanh', 'relu'].map(colorOfActivation),
      ['relu', 'leakyRelu', 'tanh'].map(colorOfActivation),
      ['float64', 'float32', 'float16', 'bfloat16'].map(colorOfFormat),
    ];
    for (const colors of groups) {
      for (const distance of Object.values(closestPair(colors)))
        expect(distance).toBeGreaterThanOrEqual(DISTINCT);
      for (const color of colors) expect(worstContrast(color)).toBeGreaterThanOrEqual(3);
    }
  });

  test('an unknown name is an error with a did-you-mean', () => {
    expect(() => colorOfActivation('tahn')).toThrow(/did you mean "tanh"/);
    expect(() => colorOfInitializer('hee')).toThrow(/one of lecun, xavier, he/);
  });

  test('colorFor takes exactly one meaning', () => {
    expect(colorFor({ k: 1.5 })).toBe(colorOfK(1.5));
    expect(colorFor({ format: 'float16' })).toBe(colorOfFormat('float16'));
    expect(() => colorFor({ k: 1.5, activation: 'tanh' })).toThrow(
      /exactly one of k, initializer, activation, format/,
    );
  });
});

describe('meaningOfLabel', () => {
  test('reads k = …, key = value and bare names from the start of a label', () => {
    expect(meaningOfLabel('k = 1.5')).toEqual({ k: 1.5 });
    expect(meaningOfLabel('k=0.9: ‖δ[l]‖')).toEqual({ k: 0.9 });
    expect(meaningOfLabel('activation = tanh')).toEqual({ activation: 'tanh' });
    expect(meaningOfLabel('He normal (fan-in)')).toEqual({ initializer: 'He normal' });
    expect(meaningOfLabel('float32')).toEqual({ format: 'float32' });
    expect(meaningOfLabel('identity')).toEqual({ activation: 'identity' });
  });

  test('finds no meaning in other labels', () => {
    for (const label of ['learning rate 0.1', 'layer 3', 'k = many', 'kappa = 2', 'closed form'])
      expect(meaningOfLabel(label)).toBeUndefined();
  });
});

describe('charts colour a series by its meaning', () => {
  test('k = 1 is grey in a figure of five k and in an example of three, whatever the order', () => {
    const figure = depthProfileChart({
      quantity: '‖a‖',
      series: [1.5, 1.1, 1, 0.9, 0.5].map((k) => ({ label: `k = ${k}`, values: [k, k * k] })),
    });
    const example = depthProfileChart({
      quantity: '‖a‖',
      series: [0.9, 1, 1.1].map((k) => ({ label: `k = ${k}`, values: [k, k * k] })),
    });
    for (const label of ['k = 0.9', 'k = 1', 'k = 1.1'])
      expect(colorsOf(example)[label]).toBe(colorsOf(figure)[label]);
    expect(colorsOf(example)['k = 1']).toBe(CHART_COLORS.gray);
  });

  test('an explicit meaning or colour wins over the label; plain series take the colours left free', () => {
    const chart = trainingCurveChart({
      series: [
        { label: 'exploding run', values: [1, 2], meaning: { k: 1.5 } },
        { label: 'tanh', values: [1, 1] },
        { label: 'baseline', values: [1, 0.5] },
        { label: 'k = 0.5', values: [1, 0.2], color: '#123456' },
      ],
    });
    expect(colorsOf(chart)).toEqual({
      'exploding run': CHART_COLORS.vermillion,
      tanh: CHART_COLORS.blue,
      baseline: CHART_COLORS.green, // blue and vermillion are taken
      'k = 0.5': '#123456',
    });
  });

  test('theory-vs-measured and histograms take meanings too, and a bad meaning names the series', () => {
    const chart = theoryVsMeasuredChart({
      xLabel: 'L',
      yLabel: 'y',
      series: [
        { label: 'k = 1.5: ‖dW‖', theory: [1, 2], measured: [1, 2] },
        { label: 'k = 1.5: ‖δ‖', theory: [2, 3], measured: [2, 3], dashed: true },
      ],
    });
    expect(Object.values(colorsOf(chart))).toEqual([CHART_COLORS.vermillion, CHART_COLORS.vermillion]);
    const bars = histogramChart({
      layers: [{ label: 'layer 1', values: [1, 2, 2, 3] }],
      meaning: { activation: 'relu' },
    });
    expect(JSON.stringify(bars.marks)).toContain('gs-chart-vermillion'); // not the default blue
    expect(() =>
      depthProfileChart({
        quantity: 'q',
        series: [{ label: 'a', values: [1], meaning: { k: 1, format: 'x' } }],
      }),
    ).toThrow(/series\[0\]\.meaning/);
  });
});
