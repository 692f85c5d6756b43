/**
 * Lines drawn with no more points than the screen can show. Plot writes every vertex of a line with three
 * decimals: a curve sampled 2,000 times across 550 pixels is 30 KB of `d` attribute, most of it points that lie on
 * the segment between their neighbours to within a fraction of a pixel. Here each straight-segment path (`M`, `L`,
 * `Z`: Plot's lines and areas) keeps only the vertices that move the drawn line by more than {@link TOLERANCE_PX}
 * (Ramer–Douglas–Peucker), at 0.1 px. A chart is never drawn larger than its own width (it only shrinks), so
 * neither change is visible. The vertices are then written as steps from the previous one (`l5.4-2.3`), which for
 * a line sampled at even x is shorter and repeats itself, so it also compresses better: two hundred random walks
 * of a hundred layers each are what a lesson draws, and there every vertex is a corner RDP must keep. Steps are
 * taken between positions already rounded, so they add up to the rounded positions exactly, without drift.
 */

/** How far, in the chart's pixels, a dropped vertex may lie from the simplified line. */
export const TOLERANCE_PX = 0.2;

/** A path made only of absolute moves, lines and closes, as Plot's linear lines and areas are. */
const STRAIGHT_PATH = /^\s*M[\sMLZz\d.,eE+-]*$/;

/**
 * Simplifies and rounds every straight-segment `<path>` under `root` (the paths of a rendered chart), leaving
 * curves, symbols and paths with markers (whose vertices are drawn) as they are.
 *
 * @example
 * ```ts
 * compactPaths(svg); // d="M64,316L64.254,316L64.507,316…" becomes d="M64,316l146.3,0…"
 * ```
 */
export function compactPaths(root: Element): void {
  for (const path of Array.from(root.querySelectorAll('path[d]'))) {
    if (hasMarkers(path)) continue;
    const d = path.getAttribute('d')!;
    if (!STRAIGHT_PATH.test(d)) continue;
    const compact = simplifyPath(d);
    if (compact !== undefined) path.setAttribute('d', compact);
  }
}

/**
 * A straight-segment path's `d` simplified to {@link TOLERANCE_PX} and rounded to 0.1 px; undefined if it does
 * not parse.
 *
 * @example
 * ```ts
 * simplifyPath('M0,0L1,0.01L2,0'); // 'M0,0l2,0'
 * ```
 */
export function simplifyPath(d: string): string | undefined {
  const out: string[] = [];
  for (const match of d.matchAll(/M([^MZz]*)([Zz]?)/g)) {
    const numbers = match[1].split(/[\s,L]+/).filter((s) => s !== '');
    if (numbers.length % 2 !== 0) return undefined;
    const points: [number, number][] = [];
    for (let i = 0; i < numbers.length; i += 2) {
      const x = Number(numbers[i]);
      const y = Number(numbers[i + 1]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
      points.push([x, y]);
    }
    if (points.length === 0) return undefined;
    // In tenths of a pixel, as integers: the steps between them are exact.
    const kept = douglasPeucker(points, TOLERANCE_PX).map(([x, y]) => [
      Math.round(x * 10),
      Math.round(y * 10),
    ]);
    const [[x0, y0], ...rest] = kept;
    const steps = rest.flatMap(([x, y], i) => [x - kept[i][0], y - kept[i][1]]);
    const start = `M${numberList([x0, y0])}`;
    out.push(`${start}${steps.length > 0 ? `l${numberList(steps)}` : ''}${match[2] ? 'Z' : ''}`);
  }
  return out.length > 0 ? out.join('') : undefined;
}

/**
 * Numbers given in tenths, written as SVG path data writes them at its shortest: `0.5` as `.5`, and no separator
 * where the next number's sign or point already ends the previous one (`5.4-2.3`, `.5.3`).
 */
function numberList(tenths: readonly number[]): string {
  let out = '';
  let previousHasPoint = false;
  tenths.forEach((value, i) => {
    const text = String(value / 10).replace(/^(-?)0\./, '$1.');
    const needsSeparator = i > 0 && !text.startsWith('-') && !(text.startsWith('.') && previousHasPoint);
    out += `${needsSeparator ? ',' : ''}${text}`;
    previousHasPoint = text.includes('.');
  });
  return out;
}

function hasMarkers(path: Element): boolean {
  for (
    let node: Element | null = path;
    node && node.tagName.toLowerCase() !== 'svg';
    node = node.parentElement
  ) {
    if (['marker-start', 'marker-mid', 'marker-end'].some((name) => node!.hasAttribute(name))) return true;
  }
  return false;
}

/** The vertices to keep: the ends, and recursively the farthest vertex from the chord while it is too far. */
function douglasPeucker(points: readonly [number, number][], tolerance: number): [number, number][] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = points[first];
    const [bx, by] = points[last];
    const dx = bx - ax;
    const dy = by - ay;
    const squared = dx * dx + dy * dy;
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i];
      // Distance to the chord as a segment, not a line: a vertex where the line turns back lies on the chord's
      // line but beyond its end.
      const t = squared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / squared));
      const d = Math.hypot(px - ax - t * dx, py - ay - t * dy);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}
