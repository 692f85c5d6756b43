/**
 * The forward and the backward pass of the same networks, side by side on one logarithmic axis: on the left, how
 * large the activations a^[l] are layer by layer (the largest |a^[l]|, solid, and their RMS, dashed), under an
 * optional bound such as tanh's 1; on the right, the gradient ‖δ^[l]‖ / ‖δ^[L]‖ the backward pass carries down the
 * same layers, measured (dots) under the theory's prediction (a line). One axis for both, so that a forward pass
 * pinned under its bound and a gradient spanning many decades are compared on the same ruler.
 *
 * Each network has one colour, from its meaning (`meaning.ts`), in both panels. Values a log axis cannot place
 * (0, ∞, NaN) are marked on the panel's edge and named in the caption, never dropped.
 */
import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError } from '@gradscope/core';
import { valueScale, indexScale } from './axes.js';
import { formatNumber } from './format.js';
import type { Meaning } from './meaning.js';
import { gapped } from './line-marks.js';
import { OFF_SCALE_STYLES, offScaleNote, type ChartPoint, type OffScaleStatus } from './off-scale.js';
import {
  expectSeriesList,
  joinText,
  seriesColorScale,
  seriesPoints,
  type ChartText,
  type Series,
} from './series.js';
import { CHART_DEFAULTS, chartStyle } from './theme.js';

/** One network: what its forward pass produced and what its backward pass carried, layer by layer. */
export interface ForwardBackwardNetwork {
  /** e.g. `'σ_w² = 4 (chaotic)'`; shown in the legend. */
  readonly label: string;
  /** What the network stands for, for its colour (`{ k: 1.5 }` for a network whose gradient grows per layer). */
  readonly meaning?: Meaning;
  /** A CSS colour, overriding the meaning's. */
  readonly color?: string;
  /** The forward pass, one value per layer from `firstLayer` on. */
  readonly forward: {
    /** The largest |a^[l]| over the layer's units and examples (drawn solid). */
    readonly largest: ArrayLike<number>;
    /** The RMS of a^[l] (drawn dashed), if given. */
    readonly rms?: ArrayLike<number>;
  };
  /** The backward pass, one value per layer from `firstLayer` on. */
  readonly backward: {
    /** The measured ‖δ^[l]‖ / ‖δ^[L]‖ (drawn as dots). */
    readonly measured: ArrayLike<number>;
    /** The theory's prediction for it (drawn as a line), if given. */
    readonly theory?: ArrayLike<number>;
  };
}

/** Options of `forwardBackwardChart`. */
export interface ForwardBackwardOptions extends ChartText {
  readonly networks: readonly ForwardBackwardNetwork[];
  /** A dashed line across the forward panel that no activation can pass, e.g. 1 for tanh. */
  readonly bound?: number;
  /** What the bound is, written beside it (default `'bound'`). */
  readonly boundLabel?: string;
  /** The left panel's title (default `'forward: |a[l]|'`). */
  readonly forwardTitle?: string;
  /** The right panel's title (default `'backward: ‖δ[l]‖ / ‖δ[L]‖'`). */
  readonly backwardTitle?: string;
  /** The shared y axis' label (default `'size (log scale)'`). */
  readonly yLabel?: string;
  /** The x axis label (default `'layer l'`). */
  readonly xLabel?: string;
  /** The layer of every series' first value (default 1). */
  readonly firstLayer?: number;
  /** What the backward line is (default `'theory'`). */
  readonly theoryLabel?: string;
  /** What the backward dots are (default `'measured'`). */
  readonly measuredLabel?: string;
}

/** Defaults of `forwardBackwardChart`. */
export const forwardBackwardDefaults = {
  boundLabel: 'bound',
  forwardTitle: 'forward: |a[l]|',
  backwardTitle: 'backward: ‖δ[l]‖ / ‖δ[L]‖',
  yLabel: 'size (log scale)',
  xLabel: 'layer l',
  firstLayer: 1,
  theoryLabel: 'theory',
  measuredLabel: 'measured',
} as const;

/** A point of one panel: which panel, and which of the four quantities it belongs to. */
interface PanelPoint extends ChartPoint {
  readonly panel: string;
  readonly kind: 'largest' | 'rms' | 'theory' | 'measured';
}

/**
 * The forward and backward pass of the same networks side by side, as Plot options.
 *
 * @example
 * ```ts
 * display(forwardBackwardChart({
 *   bound: 1,
 *   boundLabel: '|tanh| < 1',
 *   networks: [{
 *     label: 'σ_w² = 4', meaning: { k: 1.5 },
 *     forward: { largest: [0.99, 0.999, 0.999], rms: [0.8, 0.75, 0.74] },
 *     backward: { measured: [1.8, 1.3, 1], theory: [1.8, 1.34, 1] },
 *   }],
 * }));
 * ```
 */
export function forwardBackwardChart(options: ForwardBackwardOptions): Plot.PlotOptions {
  const context = 'forwardBackwardChart';
  const networks = options?.networks;
  if (!Array.isArray(networks) || networks.length === 0) {
    throw new GradscopeArgumentError(
      'networks',
      networks,
      'a non-empty array of { label, forward: { largest }, backward: { measured } }',
      context,
    );
  }
  networks.forEach((net, i) => {
    if (typeof net?.forward !== 'object' || net.forward === null) {
      throw new GradscopeArgumentError(`networks[${i}].forward`, net?.forward, '{ largest, rms? }', context);
    }
    if (typeof net.backward !== 'object' || net.backward === null) {
      throw new GradscopeArgumentError(
        `networks[${i}].backward`,
        net.backward,
        '{ measured, theory? }',
        context,
      );
    }
  });
  const bound = options.bound;
  if (bound !== undefined && !(Number.isFinite(bound) && bound > 0)) {
    throw new GradscopeArgumentError(
      'bound',
      bound,
      'a positive finite number (the axis is logarithmic)',
      context,
    );
  }
  const firstLayer = options.firstLayer ?? forwardBackwardDefaults.firstLayer;
  if (!Number.isFinite(firstLayer)) {
    throw new GradscopeArgumentError('firstLayer', firstLayer, 'a finite number', context);
  }
  const forwardTitle = options.forwardTitle ?? forwardBackwardDefaults.forwardTitle;
  const backwardTitle = options.backwardTitle ?? forwardBackwardDefaults.backwardTitle;
  if (forwardTitle === backwardTitle) {
    throw new GradscopeArgumentError(
      'backwardTitle',
      backwardTitle,
      'a title other than forwardTitle',
      context,
    );
  }
  const yLabel = options.yLabel ?? forwardBackwardDefaults.yLabel;
  const xLabel = options.xLabel ?? forwardBackwardDefaults.xLabel;
  const theoryLabel = options.theoryLabel ?? forwardBackwardDefaults.theoryLabel;
  const measuredLabel = options.measuredLabel ?? forwardBackwardDefaults.measuredLabel;
  const boundLabel = options.boundLabel ?? forwardBackwardDefaults.boundLabel;

  // One series per network and quantity; each list is checked like any chart's series (labels, numbers, meaning).
  const colourOf = (net: ForwardBackwardNetwork) => ({ meaning: net.meaning, color: net.color });
  const quantity = (
    kind: PanelPoint['kind'],
    panel: string,
    pick: (net: ForwardBackwardNetwork) => ArrayLike<number> | undefined,
  ): PanelPoint[] => {
    const series: Series[] = networks
      .filter((net) => pick(net) !== undefined)
      .map((net) => ({ label: net.label, values: pick(net)!, ...colourOf(net) }));
    if (series.length === 0) return [];
    expectSeriesList(`networks (${kind})`, series, context);
    return seriesPoints(series, 'log', firstLayer).map((p) => ({ ...p, panel, kind }));
  };
  const largest = quantity('largest', forwardTitle, (net) => net.forward.largest);
  if (largest.length === 0) {
    throw new GradscopeArgumentError('networks', networks, 'every network with forward.largest', context);
  }
  const rms = quantity('rms', forwardTitle, (net) => net.forward.rms);
  const measured = quantity('measured', backwardTitle, (net) => net.backward.measured);
  if (measured.length === 0) {
    throw new GradscopeArgumentError('networks', networks, 'every network with backward.measured', context);
  }
  const theory = quantity('theory', backwardTitle, (net) => net.backward.theory);
  const all = [...largest, ...rms, ...measured, ...theory];
  const finite = (points: readonly PanelPoint[]) => points.filter((p) => p.status === 'finite');
  const offScale = all.filter((p) => p.status !== 'finite');

  const describeX = (x: number) => `layer ${formatNumber(x)}`;
  const line = (points: readonly PanelPoint[], extra: Plot.LineYOptions) =>
    Plot.line(gapped(points), {
      x: 'x',
      y: 'y',
      z: 'series',
      stroke: 'series',
      fx: 'panel',
      strokeWidth: 2,
      ...extra,
    });

  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: 'currentColor', strokeOpacity: 0.15 }),
    bound !== undefined
      ? Plot.ruleY([{ panel: forwardTitle, y: bound }], {
          y: 'y',
          fx: 'panel',
          stroke: 'currentColor',
          strokeOpacity: 0.6,
          strokeDasharray: '4 3',
        })
      : null,
    bound !== undefined
      ? Plot.text([{ panel: forwardTitle, y: bound, text: boundLabel }], {
          y: 'y',
          fx: 'panel',
          text: 'text',
          frameAnchor: 'left',
          textAnchor: 'start',
          dx: 4,
          dy: -8,
          fill: 'currentColor',
        })
      : null,
    line(largest, {}),
    rms.length > 0 ? line(rms, { strokeDasharray: '6 4' }) : null,
    theory.length > 0 ? line(theory, { strokeWidth: 1.5, strokeOpacity: 0.9 }) : null,
    Plot.dot(finite(measured), {
      x: 'x',
      y: 'y',
      fx: 'panel',
      stroke: 'series',
      fill: 'series',
      fillOpacity: 0.25,
      r: 3,
      strokeWidth: 1.25,
      title: (p: PanelPoint) => `${p.series}, ${describeX(p.x)}: ${formatNumber(p.y)} (${measuredLabel})`,
    }),
    ...offScaleGlyphs(offScale, describeX),
  ];

  const forwardKey =
    rms.length > 0 ? 'solid, the largest |a[l]|; dashed, the RMS of a[l]' : 'the largest |a[l]|';
  const backwardKey =
    theory.length > 0 ? `dots, ${measuredLabel}; lines, ${theoryLabel}` : `dots, ${measuredLabel}`;
  const key = `Left (${forwardTitle}): ${forwardKey}. Right (${backwardTitle}): ${backwardKey}. Both share one logarithmic axis.`;
  const note = offScaleNote(
    offScale.map((p) => ({ ...p, series: `${p.series} (${p.panel}, ${p.kind})` })),
    { unit: 'layer' },
  );

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinText(options.caption, key, note),
    ariaLabel: options.ariaLabel ?? options.title ?? `${forwardTitle} and ${backwardTitle}, layer by layer`,
    ariaDescription:
      options.ariaDescription ??
      joinText(
        `Two panels sharing a logarithmic y axis, against the layer. ${key}`,
        bound !== undefined ? `A dashed line marks ${boundLabel} at ${formatNumber(bound)}.` : undefined,
        ...networks.map((net) => describeNetwork(net.label, all, bound)),
        note,
      ),
    width: options.width ?? CHART_DEFAULTS.width,
    height: options.height ?? CHART_DEFAULTS.height,
    marginLeft: CHART_DEFAULTS.marginLeft,
    marginRight: 16,
    marginBottom: CHART_DEFAULTS.marginBottom,
    marginTop: 36,
    style: chartStyle(),
    fx: { domain: [forwardTitle, backwardTitle], label: null, padding: 0.08 },
    x: indexScale(
      xLabel,
      all.map((p) => p.x),
    ),
    y: valueScale('log', yLabel, all, {
      ...(bound !== undefined ? { domain: domainWith(all, bound) } : {}),
      insetTop: offScale.some((p) => OFF_SCALE_STYLES[p.status as OffScaleStatus].edge === 'top') ? 14 : 0,
      insetBottom: offScale.some((p) => OFF_SCALE_STYLES[p.status as OffScaleStatus].edge === 'bottom')
        ? 14
        : 0,
    }),
    color: seriesColorScale(
      networks.map((net) => ({ label: net.label, values: [], ...colourOf(net) })),
      true,
    ),
    marks,
  };
}

/**
 * The y domain of every finite value and the bound, with room above the bound for its label and half a
 * factor of two beyond the extreme values, so no dot sits on the frame.
 */
function domainWith(points: readonly ChartPoint[], bound: number): [number, number] {
  let lo = bound;
  let hi = bound * 2;
  for (const p of points) {
    if (p.status !== 'finite') continue;
    lo = Math.min(lo, p.y);
    hi = Math.max(hi, p.y);
  }
  return [lo / 1.5, hi * 1.5];
}

/** One symbol per value the log axis cannot place, on its panel's top or bottom edge, in its network's colour. */
function offScaleGlyphs(points: readonly PanelPoint[], describeX: (x: number) => string): Plot.Markish[] {
  return (Object.keys(OFF_SCALE_STYLES) as OffScaleStatus[]).flatMap((status) => {
    const here = points.filter((p) => p.status === status);
    if (here.length === 0) return [];
    const style = OFF_SCALE_STYLES[status];
    return [
      Plot.dot(here, {
        x: 'x',
        fx: 'panel',
        frameAnchor: style.edge,
        symbol: style.symbol,
        rotate: style.rotate,
        r: 4,
        ...(style.symbol === 'times' ? { stroke: 'series', strokeWidth: 2 } : { fill: 'series' }),
        title: (p: PanelPoint) => `${p.series} (${p.kind}): ${style.meaning} at ${describeX(p.x)}`,
        ariaDescription: `${style.glyph} ${style.meaning}`,
      }),
    ];
  });
}

/**
 * One sentence for a screen reader: where a network's four quantities start and end, and how close the largest
 * activation comes to the bound (as a gap: 0.99999 would round to the bound itself).
 */
function describeNetwork(label: string, points: readonly PanelPoint[], bound: number | undefined): string {
  const span = (kind: PanelPoint['kind'], words: string) => {
    const mine = points.filter((p) => p.series === label && p.kind === kind && p.status === 'finite');
    if (mine.length === 0) return undefined;
    const first = mine[0];
    const last = mine[mine.length - 1];
    const top = Math.max(...mine.map((p) => p.y));
    const extreme =
      kind !== 'largest'
        ? ''
        : bound !== undefined && top < bound
          ? `, at most ${formatNumber(bound)} − ${formatNumber(bound - top, 2)}`
          : `, at most ${formatNumber(top, 3)}`;
    return `${words} ${formatNumber(first.y, 3)} at layer ${formatNumber(first.x)} and ${formatNumber(last.y, 3)} at layer ${formatNumber(last.x)}${extreme}`;
  };
  const parts = [
    span('largest', 'largest |a|'),
    span('rms', 'RMS of a'),
    span('measured', 'measured gradient ratio'),
    span('theory', 'predicted gradient ratio'),
  ].filter((part): part is string => part !== undefined);
  return `${label}: ${parts.join('; ')}.`;
}
