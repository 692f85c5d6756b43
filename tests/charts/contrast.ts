/**
 * Colour checks shared by the chart tests: WCAG 2.1 contrast against the site's page backgrounds, and how far
 * apart two colours look to readers with each kind of colour-blindness (culori's simulation after Machado,
 * Oliveira and Fernandes 2009, at full severity; distance by CIEDE2000).
 */
import {
  differenceCiede2000,
  filterDeficiencyDeuter,
  filterDeficiencyProt,
  filterDeficiencyTrit,
  wcagContrast,
} from 'culori';

/** The site's page backgrounds (src/styles/global.css) and the extremes a reader's browser might use. */
export const BACKGROUNDS = ['#ffffff', '#fcfcfb', '#15161c', '#121212'] as const;

/** The hex colour behind a chart colour (`var(--gs-chart-blue, #2f7ed8)` → `#2f7ed8`). */
export function hexOf(color: string): string {
  return color.startsWith('#') ? color : /#[0-9a-f]{6}/i.exec(color)![0];
}

/** The lowest WCAG contrast of `color` against any of the page backgrounds. */
export function worstContrast(color: string): number {
  return Math.min(...BACKGROUNDS.map((background) => wcagContrast(hexOf(color), background)));
}

const distance = differenceCiede2000();
const VISIONS = {
  typical: (color: string) => color,
  protan: filterDeficiencyProt(1),
  deutan: filterDeficiencyDeuter(1),
  tritan: filterDeficiencyTrit(1),
} as const;

/** The smallest CIEDE2000 distance between any two of `colors`, for typical vision and each deficiency. */
export function closestPair(colors: readonly string[]): Record<keyof typeof VISIONS, number> {
  const result = {} as Record<keyof typeof VISIONS, number>;
  for (const [vision, simulate] of Object.entries(VISIONS) as [
    keyof typeof VISIONS,
    (c: string) => unknown,
  ][]) {
    let closest = Infinity;
    for (let i = 0; i < colors.length; i++)
      for (let j = i + 1; j < colors.length; j++)
        closest = Math.min(
          closest,
          distance(simulate(hexOf(colors[i])) as string, simulate(hexOf(colors[j])) as string),
        );
    result[vision] = closest;
  }
  return result;
}
