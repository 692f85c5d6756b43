import { describe, expect, test } from 'vitest';

import { CHART_COLORS, SERIES_PALETTE, seriesColor, sequentialColors } from '@gradscope/charts';

import { worstContrast } from './contrast.ts';

describe('chart colours', () => {
  test('every series colour keeps a 3:1 contrast (WCAG 1.4.11) on light and dark pages', () => {
    for (const color of [...SERIES_PALETTE, ...sequentialColors(12)])
      expect(worstContrast(color)).toBeGreaterThanOrEqual(3);
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
