/**
 * One colour per meaning, across the whole book: a value of k, an initializer, an activation or a number format
 * has the same colour in every figure and every playground, so a reader who has learnt that vermillion is
 * k = 1.5 need not read the legend again.
 *
 * A series says what it shows with `meaning: { k: 1.5 }`, or simply through its label, which is how examples
 * are written anyway: `'k = 1.5'`, `'k = 1.5: ‖dW[l]‖'`, `'tanh'`, `'He normal'`, `'float32'`,
 * `'activation = relu'`. The charts colour such a series by its meaning; other series take the palette's
 * colours that the meaningful ones left free.
 *
 * The colours are the palette's (theme.ts: Okabe and Ito's colour-blind-safe hues, in a luminance band that
 * keeps 3:1 contrast on light and dark pages). Values of k between the book's five run along the same scale:
 * cool below one, grey at one, warm above, so the eye reads the order of k from the colours.
 */
import { GradscopeArgumentError, nearestName } from '@gradscope/core';

import { CHART_COLORS } from './theme.js';

/** What a series shows, for its colour: exactly one of these. */
export interface Meaning {
  /** The per-layer factor k of `W = k·I` (or any per-layer gain); coloured by |k|. */
  readonly k?: number;
  /** An initializer: `'he'`, `'heNormal'`, `'xavierUniform'`, `'glorot'`, `'lecun'`, `'orthogonal'`, `'zeros'`. */
  readonly initializer?: string;
  /** An activation: `'tanh'`, `'relu'`, `'leakyRelu'`, `'sigmoid'`, … */
  readonly activation?: string;
  /** A number format: `'float64'`, `'float32'`, `'float16'`, `'bfloat16'`. */
  readonly format?: string;
  /**
   * Layers that mix per-layer factors, each k with its share of the layers: `[{ k: 1.5, share: 0.5 }, { k: 0.5,
   * share: 0.5 }]`. Coloured as the single k it amounts to, the geometric mean Π k^share (see `colorOfMix`).
   */
  readonly mix?: readonly MixPart[];
}

/** One part of a mix of per-layer factors: the factor k and the share of the layers that have it. */
export interface MixPart {
  readonly k: number;
  readonly share: number;
}

const MEANING_KINDS = ['k', 'initializer', 'activation', 'format', 'mix'] as const;

// The k scale: the book's values are anchors with the palette's own colours; values in between are blended
// (in log k) from their two neighbours; values beyond the ends take the end colours. Above one the palette's
// ochre would be the natural neighbour of vermillion, but the two look alike to deuteranopes, so 1.1 is magenta
// (a reddish purple) and ochre only marks k ≥ 2.
const K_ANCHORS: readonly { k: number; color: string }[] = [
  { k: 0.25, color: CHART_COLORS.purple },
  { k: 0.5, color: CHART_COLORS.blue },
  { k: 0.9, color: CHART_COLORS.green },
  { k: 1, color: CHART_COLORS.gray },
  { k: 1.1, color: CHART_COLORS.magenta },
  { k: 1.5, color: CHART_COLORS.vermillion },
  { k: 2, color: CHART_COLORS.ochre },
];

/**
 * Initializer families: the normal and uniform variants draw with the same variance, so they share a colour. The
 * four that lessons compare (Xavier, He, LeCun, orthogonal) stay apart for colour-blind readers too.
 */
const INITIALIZER_COLORS: Readonly<Record<string, string>> = {
  lecun: CHART_COLORS.green,
  xavier: CHART_COLORS.blue,
  he: CHART_COLORS.vermillion,
  orthogonal: CHART_COLORS.magenta,
  scaledidentity: CHART_COLORS.ochre,
  zeros: CHART_COLORS.gray,
};
const INITIALIZER_ALIASES: Readonly<Record<string, string>> = {
  lecunnormal: 'lecun',
  lecununiform: 'lecun',
  xaviernormal: 'xavier',
  xavieruniform: 'xavier',
  glorot: 'xavier',
  glorotnormal: 'xavier',
  glorotuniform: 'xavier',
  henormal: 'he',
  heuniform: 'he',
  kaiming: 'he',
  kaimingnormal: 'he',
  kaiminguniform: 'he',
  zero: 'zeros',
};

/**
 * Nine activations, seven colours. The ones lessons set side by side (identity, sigmoid, tanh, ReLU, leaky ReLU)
 * stay apart for colour-blind readers too; the pairs that share a colour are close relatives (SELU is a scaled
 * ELU, softplus and GELU are smooth ReLUs), told apart by their labels when they meet.
 */
const ACTIVATION_COLORS: Readonly<Record<string, string>> = {
  identity: CHART_COLORS.gray,
  sigmoid: CHART_COLORS.magenta,
  tanh: CHART_COLORS.blue,
  relu: CHART_COLORS.vermillion,
  leakyrelu: CHART_COLORS.green,
  elu: CHART_COLORS.purple,
  selu: CHART_COLORS.purple,
  gelu: CHART_COLORS.ochre,
  softplus: CHART_COLORS.ochre,
};
const ACTIVATION_ALIASES: Readonly<Record<string, string>> = { linear: 'identity', logistic: 'sigmoid' };

/** Wider to narrower: float64 cool, float32 warm (where most frameworks train), the 16-bit formats apart. */
const FORMAT_COLORS: Readonly<Record<string, string>> = {
  float64: CHART_COLORS.blue,
  float32: CHART_COLORS.vermillion,
  float16: CHART_COLORS.green,
  bfloat16: CHART_COLORS.magenta,
};
const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  fp64: 'float64',
  double: 'float64',
  fp32: 'float32',
  single: 'float32',
  fp16: 'float16',
  half: 'float16',
  bf16: 'bfloat16',
};

/** `'He normal'`, `'he-normal'` and `'heNormal'` are one name. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

function lookUp(
  kind: string,
  name: unknown,
  colors: Readonly<Record<string, string>>,
  aliases: Readonly<Record<string, string>>,
  context: string,
): string {
  const key = typeof name === 'string' ? normalize(name) : '';
  const color = colors[aliases[key] ?? key];
  if (color) return color;
  const known = Object.keys(colors);
  const near = typeof name === 'string' ? nearestName(key, [...known, ...Object.keys(aliases)]) : undefined;
  throw new GradscopeArgumentError(
    kind,
    name,
    `one of ${known.join(', ')}${near ? ` (did you mean "${aliases[near] ?? near}"?)` : ''}`,
    context,
  );
}

/**
 * The colour of a value of k: cool below one, grey at one, warm above; 0.5, 0.9, 1, 1.1 and 1.5 (the book's
 * values) are the palette's blue, green, grey, magenta and vermillion (0.25 and below purple, 2 and above ochre),
 * and every k gets the same colour in every chart. The sign of k does not change the colour (|k| sets growth or
 * decay).
 *
 * @example
 * ```ts
 * colorOfK(1.5); // 'var(--gs-chart-vermillion, #d55e00)'
 * colorOfK(1.2); // a blend of magenta and vermillion, as a hex colour
 * ```
 */
export function colorOfK(k: number): string {
  if (typeof k !== 'number' || !Number.isFinite(k)) {
    throw new GradscopeArgumentError('k', k, 'a finite number', 'colorOfK');
  }
  const t = Math.log(Math.max(Math.abs(k), Number.MIN_VALUE));
  const first = K_ANCHORS[0];
  const last = K_ANCHORS[K_ANCHORS.length - 1];
  if (t <= Math.log(first.k)) return first.color;
  if (t >= Math.log(last.k)) return last.color;
  for (let i = 1; i < K_ANCHORS.length; i++) {
    const hi = K_ANCHORS[i];
    const lo = K_ANCHORS[i - 1];
    if (Math.abs(k) === hi.k) return hi.color;
    if (t < Math.log(hi.k)) {
      const f = (t - Math.log(lo.k)) / (Math.log(hi.k) - Math.log(lo.k));
      return f === 0 ? lo.color : blend(hexOf(lo.color), hexOf(hi.color), f);
    }
  }
  return last.color;
}

/**
 * The colour of a mix of per-layer factors: the colour of the one factor that has the same effect over many layers,
 * the geometric mean exp(Σ share·ln|k| / Σ share). Depth multiplies the layers' factors, so the product, not the
 * count on either side of one, decides growth or decay: half 0.5 and half 1.5 is coloured as k = √0.75 ≈ 0.87 (it
 * vanishes), 63 % at 1.5 and 37 % at 0.5 as k ≈ 1 (grey: it breaks even).
 *
 * @example
 * ```ts
 * colorOfMix([{ k: 1.5, share: 0.5 }, { k: 0.5, share: 0.5 }]); // colorOfK(Math.sqrt(0.75))
 * ```
 */
export function colorOfMix(parts: readonly MixPart[]): string {
  const context = 'colorOfMix';
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new GradscopeArgumentError('parts', parts, 'a non-empty array of { k, share }', context);
  }
  let logSum = 0;
  let shares = 0;
  parts.forEach((part, i) => {
    const { k, share } = (part ?? {}) as Partial<MixPart>;
    if (typeof k !== 'number' || !Number.isFinite(k) || k === 0) {
      throw new GradscopeArgumentError(`parts[${i}].k`, k, 'a finite non-zero number', context);
    }
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0) {
      throw new GradscopeArgumentError(`parts[${i}].share`, share, 'a finite number ≥ 0', context);
    }
    logSum += share * Math.log(Math.abs(k));
    shares += share;
  });
  if (!(shares > 0)) {
    throw new GradscopeArgumentError('parts', parts, 'at least one part with a share above 0', context);
  }
  return colorOfK(Math.exp(logSum / shares));
}

/**
 * The colour of an initializer, by family: LeCun green, Xavier/Glorot blue, He/Kaiming vermillion, orthogonal
 * magenta, a scaled identity ochre, zeros grey.
 *
 * @example
 * ```ts
 * colorOfInitializer('heNormal'); // 'var(--gs-chart-vermillion, #d55e00)', as colorOfInitializer('he')
 * ```
 */
export function colorOfInitializer(name: string): string {
  return lookUp('name', name, INITIALIZER_COLORS, INITIALIZER_ALIASES, 'colorOfInitializer');
}

/**
 * The colour of an activation: tanh blue, ReLU vermillion, sigmoid magenta, leaky ReLU green, GELU and
 * softplus ochre, ELU and SELU purple, identity grey.
 *
 * @example
 * ```ts
 * colorOfActivation('tanh'); // 'var(--gs-chart-blue, #2f7ed8)'
 * ```
 */
export function colorOfActivation(name: string): string {
  return lookUp('name', name, ACTIVATION_COLORS, ACTIVATION_ALIASES, 'colorOfActivation');
}

/**
 * The colour of a number format: float64 blue, float32 vermillion, float16 green, bfloat16 magenta.
 *
 * @example
 * ```ts
 * colorOfFormat('float16'); // 'var(--gs-chart-green, #009e73)'
 * ```
 */
export function colorOfFormat(name: string): string {
  return lookUp('name', name, FORMAT_COLORS, FORMAT_ALIASES, 'colorOfFormat');
}

/**
 * The colour of a meaning (exactly one of k, initializer, activation, format, mix).
 *
 * @example
 * ```ts
 * colorFor({ k: 1.5 }); // 'var(--gs-chart-vermillion, #d55e00)'
 * colorFor({ activation: 'tanh' }); // 'var(--gs-chart-blue, #2f7ed8)'
 * ```
 */
export function colorFor(meaning: Meaning): string {
  const given = MEANING_KINDS.filter((kind) => meaning?.[kind] !== undefined);
  if (given.length !== 1) {
    throw new GradscopeArgumentError(
      'meaning',
      meaning,
      `exactly one of ${MEANING_KINDS.join(', ')} (like { k: 1.5 } or { activation: 'tanh' })`,
      'colorFor',
    );
  }
  const { k, initializer, activation, format, mix } = meaning;
  if (k !== undefined) return colorOfK(k);
  if (mix !== undefined) return colorOfMix(mix);
  if (initializer !== undefined) return colorOfInitializer(initializer);
  if (activation !== undefined) return colorOfActivation(activation);
  return colorOfFormat(format!);
}

const LABEL_KEYS: Readonly<Record<string, keyof Meaning>> = {
  k: 'k',
  init: 'initializer',
  initializer: 'initializer',
  initialization: 'initializer',
  activation: 'activation',
  g: 'activation',
  format: 'format',
  dtype: 'format',
};

/**
 * What a series label says it shows, or `undefined`: the label's first part (up to `:`, `,` or `(`) read as
 * `k = 1.5`, `activation = tanh`, `init = he`, `dtype = float32`, or a bare activation, initializer or format
 * name (`'tanh'`, `'He normal'`, `'float32'`). A bare `'identity'` is the activation. A mix of per-layer factors
 * is written with every part's percentage, up to `:` or `(`: `'50% at 1.5, 50% at 0.5'` (the percentages add up to
 * 100, give or take rounding).
 *
 * @example
 * ```ts
 * meaningOfLabel('k = 1.5: ‖dW[l]‖'); // { k: 1.5 }
 * meaningOfLabel('ReLU'); // { activation: 'ReLU' }
 * meaningOfLabel('63% at 1.5, 37% at 0.5: shuffled'); // { mix: [{ k: 1.5, share: 0.63 }, { k: 0.5, share: 0.37 }] }
 * meaningOfLabel('learning rate 0.1'); // undefined
 * ```
 */
export function meaningOfLabel(label: string): Meaning | undefined {
  if (typeof label !== 'string') return undefined;
  const mix = mixOfLabel(label.split(/[:(]/)[0]);
  if (mix) return { mix };
  const head = label.split(/[:,(]/)[0].trim();
  const pair = /^([A-Za-z]+)\s*=\s*(.+)$/.exec(head);
  if (pair) {
    const kind = LABEL_KEYS[pair[1].toLowerCase()];
    const value = pair[2].trim();
    if (kind === 'k') {
      const k = Number(value.replace('−', '-'));
      return value !== '' && Number.isFinite(k) ? { k } : undefined;
    }
    return kind && kind !== 'mix' && knows(kind, value) ? { [kind]: value } : undefined;
  }
  for (const kind of ['activation', 'initializer', 'format'] as const) {
    if (knows(kind, head)) return { [kind]: head };
  }
  return undefined;
}

/** `'50% at 1.5, 50% at 0.5'` as its parts, or undefined: two or more parts whose percentages add up to 100 ± 1. */
function mixOfLabel(text: string): MixPart[] | undefined {
  const pieces = text.split(/,|\band\b|\+/).map((piece) => piece.trim());
  if (pieces.length < 2) return undefined;
  const parts: MixPart[] = [];
  for (const piece of pieces) {
    const match = /^(\d+(?:\.\d+)?)\s*%\s*at\s*(?:k\s*=\s*)?([−-]?\d*\.?\d+)(?:\s*·\s*I)?$/.exec(piece);
    if (!match) return undefined;
    const k = Number(match[2].replace('−', '-'));
    if (!Number.isFinite(k) || k === 0) return undefined;
    parts.push({ k, share: Number(match[1]) / 100 });
  }
  const total = parts.reduce((sum, part) => sum + part.share, 0);
  return Math.abs(total - 1) <= 0.01 ? parts : undefined;
}

function knows(kind: 'initializer' | 'activation' | 'format', name: string): boolean {
  const key = normalize(name);
  const [colors, aliases] =
    kind === 'initializer'
      ? [INITIALIZER_COLORS, INITIALIZER_ALIASES]
      : kind === 'activation'
        ? [ACTIVATION_COLORS, ACTIVATION_ALIASES]
        : [FORMAT_COLORS, FORMAT_ALIASES];
  return (aliases[key] ?? key) in colors;
}

/** The hex value behind a palette colour (`var(--gs-chart-blue, #2f7ed8)` → `#2f7ed8`). */
function hexOf(color: string): string {
  return /#[0-9a-f]{6}/i.exec(color)![0];
}

/** A colour a fraction `f` of the way from `a` to `b` (sRGB). */
function blend(a: string, b: string, f: number): string {
  const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const [ca, cb] = [channels(a), channels(b)];
  return `#${ca
    .map((c, i) =>
      Math.round(c + f * (cb[i] - c))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
