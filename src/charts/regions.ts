/**
 * Labelled spans of the x axis, drawn behind any chart's marks: the regimes of a learning-rate sweep ("crawls",
 * "vanishes", "diverges"), the phases of a run. Each region is a light band across the plot's full height with
 * its label at the top and a thin rule at each boundary. The caption and the screen-reader description list the
 * regions with their bounds, so the shading is never the only place the information lives.
 *
 * Bands alternate between two tints of the page's text colour (`currentColor`), so they follow the light and
 * dark themes and never compete with the series colours, which carry meaning (see `meaning.ts`).
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { formatNumber } from './format.js';
import { joinText } from './series.js';

/** One span of the x axis and what happens there. */
export interface Region {
  /** Where it starts on the x axis. */
  readonly from: number;
  /** Where it ends (greater than `from`). */
  readonly to: number;
  /** A short name shown at the top of the band, e.g. `'crawls'`. */
  readonly label: string;
}

/** Options of `withRegions`. */
export interface RegionsOptions {
  /** The regions, left to right; they must not overlap. */
  readonly regions: readonly Region[];
  /** The word for x in the caption, e.g. `'η'` (default `'x'`). */
  readonly unit?: string;
  /** Significant digits of the bounds in the caption (default 3). */
  readonly digits?: number;
}

/** Defaults of `withRegions`. */
export const regionsDefaults = { unit: 'x', digits: 3 } as const;

/**
 * A chart with labelled x-axis regions shaded behind its marks, and listed in its caption and description.
 *
 * @example
 * ```ts
 * display(withRegions(trainingCurveChart({ series }), {
 *   unit: 'step',
 *   regions: [{ from: 0, to: 10, label: 'warm-up' }, { from: 10, to: 100, label: 'training' }],
 * }));
 * ```
 */
export function withRegions(chart: Plot.PlotOptions, options: RegionsOptions): Plot.PlotOptions {
  const context = 'withRegions';
  if (typeof chart !== 'object' || chart === null || !Array.isArray(chart.marks)) {
    throw new GradscopeArgumentError('chart', chart, 'Plot options with a marks array (a chart)', context);
  }
  const regions = expectRegions(options?.regions, context);
  const unit = options.unit ?? regionsDefaults.unit;
  const digits = options.digits ?? regionsDefaults.digits;
  if (!Number.isInteger(digits) || digits < 1 || digits > 12) {
    throw new GradscopeArgumentError('digits', digits, 'a whole number from 1 to 12', context);
  }

  const bands = regions.map((region, i) => ({
    ...region,
    middle: (region.from + region.to) / 2,
    odd: i % 2,
  }));
  const boundaries = [...new Set(regions.flatMap((r) => [r.from, r.to]))];
  const listed = regions
    .map((r) => `${r.label} (${unit} from ${formatNumber(r.from, digits)} to ${formatNumber(r.to, digits)})`)
    .join('; ');
  const note = `Shaded regions, left to right: ${listed}.`;

  return {
    ...chart,
    caption: joinText(chart.caption as string | undefined, note),
    ariaDescription: joinText(chart.ariaDescription ?? undefined, note),
    marks: [
      Plot.rect(
        bands.filter((b) => b.odd === 0),
        { x1: 'from', x2: 'to', fill: 'currentColor', fillOpacity: 0.05 },
      ),
      Plot.rect(
        bands.filter((b) => b.odd === 1),
        { x1: 'from', x2: 'to', fill: 'currentColor', fillOpacity: 0.11 },
      ),
      Plot.ruleX(boundaries, { stroke: 'currentColor', strokeOpacity: 0.3, strokeDasharray: '2,3' }),
      Plot.text(bands, {
        x: 'middle',
        text: 'label',
        frameAnchor: 'top',
        lineAnchor: 'top',
        dy: 4,
        fill: 'currentColor',
        fontSize: 11,
      }),
      ...chart.marks,
    ],
  };
}

function expectRegions(value: unknown, context: string): readonly Region[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GradscopeArgumentError(
      'options.regions',
      value,
      'a non-empty array of { from, to, label }',
      context,
    );
  }
  let previousEnd = -Infinity;
  return value.map((region: unknown, i) => {
    const name = `options.regions[${i}]`;
    if (typeof region !== 'object' || region === null) {
      throw new GradscopeArgumentError(name, region, 'an object { from, to, label }', context);
    }
    const { from, to, label } = region as Partial<Region>;
    if (typeof from !== 'number' || !Number.isFinite(from)) {
      throw new GradscopeArgumentError(`${name}.from`, from, 'a finite number', context);
    }
    if (typeof to !== 'number' || !Number.isFinite(to) || to <= from) {
      throw new GradscopeArgumentError(
        `${name}.to`,
        to,
        `a finite number greater than from (${from})`,
        context,
      );
    }
    if (typeof label !== 'string' || label.trim() === '') {
      throw new GradscopeArgumentError(`${name}.label`, label, 'a non-empty string', context);
    }
    if (from < previousEnd) {
      throw new GradscopeArgumentError(
        `${name}.from`,
        from,
        `at least the previous region's end (${previousEnd}): regions go left to right without overlapping`,
        context,
      );
    }
    previousEnd = to;
    return { from, to, label };
  });
}
