import { describe, expect, test } from 'vitest';

import { CHART_COLORS, SERIES_PALETTE, seriesColor, sequentialColors } from '@gradscope/charts';

// WCAG 2.1 relative luminance and contrast ratio.
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const fallback = (cssValue: string) => /#[0-9a-f]{6}/i.exec(cssValue)![0];

// The site's page backgrounds (src/styles/global.css) and the extremes a reader's browser might use.
const backgrounds = ['#ffffff', '#fcfcfb', '#15161c', '#121212'];

describe('chart colours', () => {
  test('every series colour keeps a 3:1 contrast (WCAG 1.4.11) on light and dark pages', () => {
    for (const color of [...SERIES_PALETTE, ...sequentialColors(12)]) {
      const hex = color.startsWith('#') ? color : fallback(color);
      for (const background of backgrounds) expect(contrast(hex, background)).toBeGreaterThanOrEqual(3);
    }
  });

  test('series colours are CSS variables the site may retune, with a fallback', () => {
    for (const color of Object.values(CHART_COLORS))
      expect(color).toMatch(/^var\(--gs-chart-[a-z]+, #[0-9a-f]{6}\)$/);
  });

  test('the palette cycles and the ramp runs from blue to vermillion', () => {
    expect(seriesColor(SERIES_PALETTE.length)).toBe(SERIES_PALETTE[0]);
    expect(sequentialColors(2)).toEqual(['#2f7ed8', '#d55e00']);
    expect(sequentialColors(5)).toHaveLength(5);
  });
});
