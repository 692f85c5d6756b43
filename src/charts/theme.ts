/**
 * The look shared by every chart: colours, type, sizes.
 *
 * Colours are CSS custom properties with a fallback, `var(--gs-chart-blue, #2f7ed8)`: the site may retune them for
 * its light and dark themes, and a chart rendered anywhere else (a playground, a test) still has a colour. Every
 * fallback has a relative luminance between 0.17 and 0.30, so a line keeps a contrast of at least 3.3:1 against
 * both a white page and a near-black one (#121212), the WCAG 1.4.11 threshold for graphics is 3:1. The hues are
 * Okabe and Ito's colour-blind-safe set, darkened or lightened into that band; series are also told apart by
 * direct labels and symbols, never by colour alone.
 *
 * Text and axes use `currentColor`, so they follow the page's text colour in either theme.
 */

/** Named series colours (CSS values with a hex fallback). */
export const CHART_COLORS = {
  blue: 'var(--gs-chart-blue, #2f7ed8)',
  vermillion: 'var(--gs-chart-vermillion, #d55e00)',
  green: 'var(--gs-chart-green, #009e73)',
  purple: 'var(--gs-chart-purple, #8c6bb1)',
  ochre: 'var(--gs-chart-ochre, #a07400)',
  magenta: 'var(--gs-chart-magenta, #b0568f)',
  gray: 'var(--gs-chart-gray, #808080)',
} as const;

/** The categorical palette, in the order series receive it. */
export const SERIES_PALETTE: readonly string[] = [
  CHART_COLORS.blue,
  CHART_COLORS.vermillion,
  CHART_COLORS.green,
  CHART_COLORS.purple,
  CHART_COLORS.ochre,
  CHART_COLORS.magenta,
  CHART_COLORS.gray,
];

/**
 * Colour schemes of matrices. A heatmap's cells are their own background, so these need not match the page;
 * they are quantized (a legend of swatches), because Plot draws a continuous legend on a canvas, which a
 * build-time document does not have.
 */
export const MATRIX_SCHEMES = { diverging: 'rdbu', sequential: 'viridis' } as const;

/** Sizes and type shared by every chart. */
export const CHART_DEFAULTS = {
  width: 640,
  height: 360,
  fontSize: 13,
  marginLeft: 64,
  marginBottom: 44,
  marginTop: 24,
  /** Above this many points per series, lines are drawn without a dot at each point. */
  maxPointsWithDots: 40,
} as const;

/**
 * The colour of the `index`-th series: the palette, cycled.
 *
 * @example
 * ```ts
 * seriesColor(0); // 'var(--gs-chart-blue, #2f7ed8)'
 * ```
 */
export function seriesColor(index: number): string {
  const n = SERIES_PALETTE.length;
  return SERIES_PALETTE[((index % n) + n) % n];
}

/**
 * Inline style of a chart's root: the page's font (Plot defaults to 10px system-ui), a readable size, and
 * labels allowed to spill into the margins rather than being clipped.
 *
 * @example
 * ```ts
 * Plot.plot({ style: chartStyle(), marks: [] });
 * ```
 */
export function chartStyle(): Partial<CSSStyleDeclaration> {
  return {
    fontFamily: 'inherit',
    fontSize: `${CHART_DEFAULTS.fontSize}px`,
    overflow: 'visible',
  };
}

/** Stops of the sequential ramp, in the palette's luminance band: blue, purple, magenta, vermillion. */
const SEQUENTIAL_STOPS: readonly string[] = ['#2f7ed8', '#8c6bb1', '#b0568f', '#d55e00'];

/**
 * `n` colours from blue to vermillion, for series that have an order (layer 1 … layer L). Interpolated in sRGB
 * between stops that all sit in the luminance band of the palette, so every colour stays visible in both themes.
 *
 * @example
 * ```ts
 * sequentialColors(2); // ['#2f7ed8', '#d55e00']
 * ```
 */
export function sequentialColors(n: number): string[] {
  if (n <= 1) return [SEQUENTIAL_STOPS[0]].slice(0, Math.max(n, 0));
  const rgb = SEQUENTIAL_STOPS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / (n - 1)) * (rgb.length - 1);
    const j = Math.min(Math.floor(t), rgb.length - 2);
    const f = t - j;
    const channel = (c: number) => Math.round(rgb[j][c] + f * (rgb[j + 1][c] - rgb[j][c]));
    out.push(`#${[0, 1, 2].map((c) => channel(c).toString(16).padStart(2, '0')).join('')}`);
  }
  return out;
}

/**
 * The size, margins and style of a chart in the book's frame: its width (default 640), its height, the default
 * left, bottom and top margins, and the right margin it needs (room for direct labels, else 24).
 *
 * @example
 * ```ts
 * ({ ...chartFrame({ width: undefined, height: 360, marginRight: 24 }), marks: [] });
 * // { width: 640, height: 360, marginLeft: 64, marginRight: 24, marginBottom: 44, marginTop: 24, style: … }
 * ```
 */
export function chartFrame(frame: { width: number | undefined; height: number; marginRight: number }) {
  return {
    width: frame.width ?? CHART_DEFAULTS.width,
    height: frame.height,
    marginLeft: CHART_DEFAULTS.marginLeft,
    marginRight: frame.marginRight,
    marginBottom: CHART_DEFAULTS.marginBottom,
    marginTop: CHART_DEFAULTS.marginTop,
    style: chartStyle(),
  };
}

/**
 * The height of the plotting area of a chart `height` pixels tall in the book's frame (less the default top and
 * bottom margins): where the off-scale marks place the plot's top and bottom edges.
 *
 * @example
 * ```ts
 * frameHeight(360); // 292
 * ```
 */
export function frameHeight(height: number): number {
  return height - CHART_DEFAULTS.marginTop - CHART_DEFAULTS.marginBottom;
}
