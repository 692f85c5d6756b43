/**
 * The geometry and the words of `<NetworkDiagram>`: which layers are drawn (a deep network keeps its first and
 * last layers and shows an ellipsis between), where each unit sits, what each layer is called, and the sentence a
 * screen reader hears instead of the picture. Pure functions of the props, so the diagram is drawn at build time.
 */

/** The diagram's props, validated (see `NetworkDiagram.astro`). */
export interface DiagramSpec {
  /** Units per layer, input first and output last: `[2, 2, 2, 2]` is three weight layers. */
  readonly layers: readonly number[];
  /** One label per layer; default x, a^[1], …, a^[L−1], ŷ. `^[…]` is drawn as a superscript. */
  readonly labels?: readonly string[];
  /** What multiplies layer l−1 into layer l: one text for every layer (`'1.5·I'`) or one per weight layer. */
  readonly weights?: string | readonly string[];
  /** The activation g of the hidden layers (`'tanh'`); left out when the diagram does not say. */
  readonly activation?: string;
  /** Layers (0 = input, L = output) drawn in the accent colour. */
  readonly highlight?: readonly number[];
  /** Arrows for the forward pass, the backward pass, or both. */
  readonly arrows?: 'forward' | 'backward' | 'both';
  /**
   * Paths through the network drawn in the accent colour: each lists one unit per layer, input first, numbered
   * from 1 as in a^[l]_i (`[1, 1, 2, 1]`: x₁ → a^[1]_1 → a^[2]_2 → ŷ₁).
   */
  readonly paths?: readonly (readonly number[])[];
}

/** A drawn layer, or the gap that stands for the layers left out. */
export type DiagramColumn =
  | {
      readonly kind: 'layer';
      readonly layer: number;
      readonly x: number;
      readonly units: readonly DiagramUnit[];
    }
  | { readonly kind: 'ellipsis'; readonly x: number; readonly hidden: number };

/** A drawn unit; `gap` marks the vertical ellipsis of a layer too wide to draw every unit. */
export interface DiagramUnit {
  readonly y: number;
  readonly gap?: boolean;
}

/** More layers than this are drawn as the first three, an ellipsis and the last two. */
export const MAX_DRAWN_LAYERS = 7;
/** A layer wider than this is drawn as its first three units, a vertical ellipsis and its last unit. */
export const MAX_DRAWN_UNITS = 5;

export const GEOMETRY = {
  columnGap: 74,
  unitGap: 34,
  unitRadius: 11,
  marginX: 40,
} as const;

/** Where each row of the drawing sits: optional rows (a note, an arrow) take room only when they are drawn. */
export interface DiagramRows {
  /** The activation note, when there is one. */
  readonly note?: number;
  readonly forward?: number;
  /** The weight labels between columns, when there are any. */
  readonly weights?: number;
  /** Centre of the first unit of the tallest column, and of its last. */
  readonly unitsTop: number;
  readonly unitsBottom: number;
  /** Baseline of the layer labels, and of the unit counts of wide layers. */
  readonly labels: number;
  readonly counts?: number;
  readonly backward?: number;
}

/** The layers that are drawn: all of them, or the first three and the last two around an ellipsis. */
export function drawnLayers(count: number): (number | 'ellipsis')[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= MAX_DRAWN_LAYERS) return all;
  return [0, 1, 2, 'ellipsis', count - 2, count - 1];
}

/** Positions of every drawn column, unit and row, and the size of the drawing. */
export function layout(spec: DiagramSpec): {
  columns: DiagramColumn[];
  rows: DiagramRows;
  width: number;
  height: number;
} {
  const { columnGap, unitGap, unitRadius, marginX } = GEOMETRY;
  const forward = spec.arrows === 'forward' || spec.arrows === 'both';
  const backward = spec.arrows === 'backward' || spec.arrows === 'both';
  let y = 0;
  const take = (height: number, offset: number) => {
    const at = y + offset;
    y += height;
    return at;
  };
  const note = spec.activation ? take(22, 14) : undefined;
  const forwardY = forward ? take(28, 20) : undefined;
  const weights = spec.weights !== undefined ? take(20, 14) : undefined;
  const rowsDrawn = Math.min(MAX_DRAWN_UNITS, Math.max(...spec.layers));
  const unitsTop = y + unitRadius + 6;
  const unitsBottom = unitsTop + (rowsDrawn - 1) * unitGap;
  y = unitsBottom + unitRadius;
  const labels = take(24, 20);
  const counts = spec.layers.some((n) => n > MAX_DRAWN_UNITS) ? take(16, 12) : undefined;
  const backwardY = backward ? take(28, 20) : undefined;
  const height = y + 6;

  const columns = drawnLayers(spec.layers.length).map((entry, index): DiagramColumn => {
    const x = marginX + index * columnGap;
    if (entry === 'ellipsis') return { kind: 'ellipsis', x, hidden: spec.layers.length - 5 };
    const n = spec.layers[entry];
    const drawn = n <= MAX_DRAWN_UNITS ? n : MAX_DRAWN_UNITS;
    const offset = unitsTop + ((rowsDrawn - drawn) * unitGap) / 2;
    const units = Array.from({ length: drawn }, (_, i) => ({
      y: offset + i * unitGap,
      gap: n > MAX_DRAWN_UNITS && i === MAX_DRAWN_UNITS - 2 ? true : undefined,
    }));
    return { kind: 'layer', layer: entry, x, units };
  });
  return {
    columns,
    rows: { note, forward: forwardY, weights, unitsTop, unitsBottom, labels, counts, backward: backwardY },
    width: 2 * marginX + (columns.length - 1) * columnGap,
    height,
  };
}

/**
 * Where unit `unit` (numbered from 1) of a layer of `n` units is drawn, as an index into the layer's drawn units,
 * or undefined when a wide layer leaves it out (it keeps its first three units and its last).
 *
 * @example
 * drawnUnitIndex(3, 2); // 1
 * drawnUnitIndex(100, 100); // 4: the last drawn unit, after the vertical ellipsis
 * drawnUnitIndex(100, 50); // undefined
 */
export function drawnUnitIndex(n: number, unit: number): number | undefined {
  if (!Number.isInteger(unit) || unit < 1 || unit > n) return undefined;
  if (n <= MAX_DRAWN_UNITS) return unit - 1;
  if (unit <= MAX_DRAWN_UNITS - 2) return unit - 1;
  return unit === n ? MAX_DRAWN_UNITS - 1 : undefined;
}

/**
 * The edges and units the paths pass through: `'l:i:j'` for the weight from unit j of layer l − 1 to unit i of
 * layer l, and `'l:i'` for unit i of layer l (units numbered from 1).
 *
 * @example
 * pathParts({ layers: [2, 2, 1], paths: [[1, 2, 1]] }); // { edges: Set {'1:2:1', '2:1:2'}, units: Set {'0:1', '1:2', '2:1'} }
 */
export function pathParts(spec: DiagramSpec): { edges: Set<string>; units: Set<string> } {
  const edges = new Set<string>();
  const units = new Set<string>();
  for (const path of spec.paths ?? []) {
    path.forEach((unit, l) => {
      units.add(`${l}:${unit}`);
      if (l > 0) edges.add(`${l}:${unit}:${path[l - 1]}`);
    });
  }
  return { edges, units };
}

/**
 * The label of layer `l` of a network of `count` layers: x, a^[l], ŷ, unless the author gave labels.
 *
 * @example
 * layerLabel({ layers: [2, 2, 2] }, 1); // 'a^[1]'
 */
export function layerLabel(spec: DiagramSpec, l: number): string {
  if (spec.labels) return spec.labels[l];
  const last = spec.layers.length - 1;
  return l === 0 ? 'x' : l === last ? 'ŷ' : `a^[${l}]`;
}

/** A label split into its base and superscript: 'a^[1]' → ['a', '[1]']. */
export function splitSuperscript(label: string): [string, string | undefined] {
  const at = label.indexOf('^');
  return at < 0 ? [label, undefined] : [label.slice(0, at), label.slice(at + 1)];
}

/** A label as a screen reader should hear it: 'a^[1]' → 'a[1]'. */
export function spokenLabel(label: string): string {
  return label.replace('^', '');
}

/** The weights of weight layer `l` (1-based), or undefined. */
export function weightLabel(spec: DiagramSpec, l: number): string | undefined {
  if (spec.weights === undefined) return undefined;
  return typeof spec.weights === 'string' ? spec.weights : spec.weights[l - 1];
}

/**
 * What the diagram shows, in words, for its accessible description.
 *
 * @example
 * describe({ layers: [2, 2, 2], weights: '1.5·I' });
 * // 'A network of 2 weight layers. Input x: 2 units; hidden layer a[1]: 2 units; output ŷ: 2 units. …'
 */
export function describe(spec: DiagramSpec): string {
  const L = spec.layers.length - 1;
  const units = (n: number) => `${n} ${n === 1 ? 'unit' : 'units'}`;
  const layerText = (l: number) => {
    const role = l === 0 ? 'input' : l === L ? 'output' : 'hidden layer';
    return `${role} ${spokenLabel(layerLabel(spec, l))}: ${units(spec.layers[l])}`;
  };
  const sameHidden = L > 2 && spec.layers.slice(1, L).every((n) => n === spec.layers[1]);
  const layerList = sameHidden
    ? [
        layerText(0),
        `${L - 1} hidden layers, ${spokenLabel(layerLabel(spec, 1))} to ${spokenLabel(layerLabel(spec, L - 1))}: ${units(spec.layers[1])} each`,
        layerText(L),
      ]
    : spec.layers.map((_, l) => layerText(l));
  const sentences = [
    `A network of ${L} weight ${L === 1 ? 'layer' : 'layers'}${spec.layers.length > MAX_DRAWN_LAYERS ? `, drawn as its first two and last weight layers with the ${spec.layers.length - 5} layers between them left out` : ''}.`,
    `${capitalise(layerList.join('; '))}.`,
  ];
  if (typeof spec.weights === 'string') sentences.push(`Every weight matrix is ${spec.weights}.`);
  else if (spec.weights) {
    sentences.push(`Weight matrices: ${spec.weights.map((w, i) => `W[${i + 1}] = ${w}`).join(', ')}.`);
  }
  if (spec.activation) sentences.push(`Hidden layers apply the activation g = ${spec.activation}.`);
  if (spec.highlight?.length) {
    sentences.push(`Highlighted: ${spec.highlight.map((l) => spokenLabel(layerLabel(spec, l))).join(', ')}.`);
  }
  if (spec.paths?.length) {
    const spoken = spec.paths.map((path) =>
      path.map((unit, l) => `${spokenLabel(layerLabel(spec, l))} unit ${unit}`).join(' → '),
    );
    sentences.push(`Highlighted ${spoken.length === 1 ? 'path' : 'paths'}: ${spoken.join('; ')}.`);
  }
  if (spec.arrows === 'forward' || spec.arrows === 'both') {
    sentences.push('An arrow shows the forward pass, from the input to the output.');
  }
  if (spec.arrows === 'backward' || spec.arrows === 'both') {
    sentences.push('An arrow shows the backward pass, from the output back to the input.');
  }
  return sentences.join(' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
