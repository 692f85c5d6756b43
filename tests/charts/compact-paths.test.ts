import { describe, expect, test } from 'vitest';

import { TOLERANCE_PX, compactPaths, simplifyPath } from '../../src/charts/compact-paths.ts';
import { buildDocument } from './render-for-test.ts';

/** The vertices of a straight-segment path (absolute M and L, relative l, Z), one list per subpath. */
function subpaths(d: string): [number, number][][] {
  const tokens = d.match(/[MLlZz]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  const out: [number, number][][] = [];
  let command = '';
  for (let i = 0; i < tokens.length;) {
    if (/[MLlZz]/.test(tokens[i])) {
      command = tokens[i++];
      continue;
    }
    const x = Number(tokens[i++]);
    const y = Number(tokens[i++]);
    if (command === 'M') {
      out.push([[x, y]]);
      command = 'L';
    } else {
      const line = out[out.length - 1];
      const [px, py] = line[line.length - 1];
      line.push(command === 'l' ? [Math.round((px + x) * 10) / 10, Math.round((py + y) * 10) / 10] : [x, y]);
    }
  }
  return out;
}

/** The distance from a point to a polyline. */
function distanceToPolyline([px, py]: [number, number], line: readonly [number, number][]): number {
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const [bx, by] = line[i + 1];
    const dx = bx - ax;
    const dy = by - ay;
    const squared = dx * dx + dy * dy;
    const t = squared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / squared));
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return line.length === 1 ? Math.hypot(px - line[0][0], py - line[0][1]) : best;
}

describe('compactPaths', () => {
  test('draws a finely sampled curve with far fewer vertices, every dropped one within the tolerance', () => {
    // A sigmoid's slope sampled every quarter pixel, as a curve chart samples it.
    const original: [number, number][] = Array.from({ length: 2000 }, (_, i) => {
      const z = -8 + (16 * i) / 1999;
      const s = 1 / (1 + Math.exp(-z));
      return [64 + i * 0.275, 316 - 1100 * s * (1 - s)];
    });
    const d = `M${original.map(([x, y]) => `${x.toFixed(3)},${y.toFixed(3)}`).join('L')}`;
    const compact = simplifyPath(d)!;
    const [kept] = subpaths(compact);
    expect(kept.length).toBeLessThan(original.length / 10);
    expect(compact.length).toBeLessThan(d.length / 10);
    // Rounding to 0.1 px moves a kept vertex by at most 0.05 px in each direction.
    const allowed = TOLERANCE_PX + Math.hypot(0.05, 0.05);
    for (const point of original) expect(distanceToPolyline(point, kept)).toBeLessThanOrEqual(allowed);
    expect(kept[0]).toEqual(
      [64, 316 - 1100 * (1 / (1 + Math.exp(8))) * (1 - 1 / (1 + Math.exp(8)))].map(
        (v) => Math.round(v * 10) / 10,
      ),
    );
  });

  test('keeps the gaps of a broken line, a closed area’s Z, and the vertex where a line turns back', () => {
    expect(simplifyPath('M0,0L1,0L2,0M5,5L6,5L7,5')).toBe('M0,0l2,0M5,5l2,0');
    expect(simplifyPath('M0,0L10,0L10,10L0,10Z')).toBe('M0,0l10,0,0,10-10,0Z');
    // (10, 0) lies on the line through the chord from (0, 0) to (5, 0), but beyond its end.
    expect(subpaths(simplifyPath('M0,0L10,0L5,0')!)).toEqual([
      [
        [0, 0],
        [10, 0],
        [5, 0],
      ],
    ]);
  });

  test('writes steps between rounded positions, so a long line ends exactly where it should', () => {
    // 300 steps of 1.83 px (1.8 written), each a corner: rounding each step instead would drift by 9 px.
    const original = Array.from({ length: 301 }, (_, i) => [10 + 1.83 * i, 100 + (i % 2) * 3.04] as const);
    const d = simplifyPath(`M${original.map(([x, y]) => `${x},${y}`).join('L')}`)!;
    expect(d).toMatch(/^M10,100l[-\d.,]+$/);
    const [vertices] = subpaths(d);
    expect(vertices).toHaveLength(301);
    vertices.forEach(([x, y], i) => {
      expect(Math.abs(x - original[i][0])).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(y - original[i][1])).toBeLessThanOrEqual(0.05 + 1e-9);
    });
    // Leading zeros and separators are left out where SVG's grammar allows: 0.5 is .5, and a sign separates.
    expect(simplifyPath('M0,0L0.5,-0.3L1,0.2')).toBe('M0,0l.5-.3.5.5');
  });

  test('leaves curves, arcs and paths with markers as they are', () => {
    const { document } = { document: buildDocument() };
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.innerHTML = [
      '<path d="M0,0C1,1 2,2 3,3" />',
      '<path d="M8 1.5a6.5 6.5 0 1 0 0 13" />',
      '<g marker-mid="url(#m)"><path d="M0,0L1,0.001L2,0" /></g>',
      '<path d="M0,0L1,0.001L2,0.00004" />',
    ].join('');
    compactPaths(svg);
    expect([...svg.querySelectorAll('path')].map((p) => p.getAttribute('d'))).toEqual([
      'M0,0C1,1 2,2 3,3',
      'M8 1.5a6.5 6.5 0 1 0 0 13',
      'M0,0L1,0.001L2,0',
      'M0,0l2,0',
    ]);
  });
});
