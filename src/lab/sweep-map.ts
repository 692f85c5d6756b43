/**
 * A phase-diagram sweep, finished or not, as text for a link (`…/lab/?…&map=<this>`): the settings it trained with
 * (the whole state, as the URL writes it), the grid's size, and each cell's relative loss to three significant
 * digits ("-" untrained, "x" diverged), compressed with lz-string's URL-safe alphabet. A 20 × 20 map is about a
 * kilobyte. Opening the link shows the map as its sender saw it, without training anything.
 */
import lzString from 'lz-string';

import { sweepGrid, type SweepGrid } from './sweep.ts';
import type { LabState } from './state.ts';
import { decodeState, encodeState } from './url-state.ts';

// lz-string is CommonJS: a default import works under the build's bundler and the dev server's module runner
// alike (named imports failed in `npm run dev`, which renders this page without bundling).
const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = lzString;

/** A sweep: its settings, its n × n grid, and one value per cell (row by row: σ_b² up, σ_w² across). */
export interface SweepMap extends SweepGrid {
  readonly state: LabState;
  readonly size: number;
  /** The relative loss of each cell; Infinity when training diverged, undefined while untrained. */
  readonly values: readonly (number | undefined)[];
}

/** Grid sizes a reader can choose. */
export const SWEEP_SIZES = [10, 20] as const;

/** The settings a sweep depends on: two states with the same key train the same cells. */
export function sweepKey(state: LabState): string {
  const { activation, depth, width, batch, seed, loss, optimizer, learningRate, clip, steps, dtype } = state;
  return JSON.stringify([
    activation,
    depth,
    width,
    batch,
    seed,
    loss,
    optimizer,
    learningRate,
    clip,
    steps,
    dtype,
  ]);
}

/** An empty map of `size` × `size` cells for these settings. */
export function emptyMap(state: LabState, size: number): SweepMap {
  return { state, size, ...sweepGrid(size), values: new Array(size * size).fill(undefined) };
}

/**
 * The map as URL-safe text.
 *
 * @example
 * encodeMap(map); // 'N4Ig…'
 */
export function encodeMap(map: SweepMap): string {
  const cells = map.values
    .map((v) => (v === undefined ? '-' : Number.isFinite(v) ? String(Number(v.toPrecision(3))) : 'x'))
    .join(',');
  return compressToEncodedURIComponent(JSON.stringify({ s: encodeState(map.state), n: map.size, c: cells }));
}

/**
 * The map in a link, or why it could not be read (a truncated link, another grid size).
 *
 * @example
 * decodeMap(encodeMap(map)).map; // the same map, values to three digits
 */
export function decodeMap(text: string): { map: SweepMap | null; problem: string | null } {
  const fail = (problem: string) => ({ map: null, problem });
  let parsed: { s?: unknown; n?: unknown; c?: unknown };
  try {
    parsed = JSON.parse(decompressFromEncodedURIComponent(text) ?? '');
  } catch {
    return fail('The link’s phase-diagram map could not be read (is the link complete?).');
  }
  const size = parsed?.n;
  if (typeof parsed?.s !== 'string' || typeof parsed.c !== 'string' || !SWEEP_SIZES.includes(size as 10)) {
    return fail('The link’s phase-diagram map could not be read (is the link complete?).');
  }
  const cells = parsed.c.split(',');
  if (cells.length !== (size as number) ** 2) {
    return fail('The link’s phase-diagram map has the wrong number of cells: it was cut short.');
  }
  const values = cells.map((c) => (c === '-' ? undefined : c === 'x' ? Infinity : Number(c)));
  if (values.some((v) => v !== undefined && Number.isNaN(v))) {
    return fail('The link’s phase-diagram map holds a value that is not a number.');
  }
  const { state } = decodeState(parsed.s);
  return { map: { state, size: size as number, ...sweepGrid(size as number), values }, problem: null };
}
