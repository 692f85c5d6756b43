/**
 * What a 2×2 matrix W does to the plane: the unit circle and its image, an ellipse. The ellipse's semi-axes are
 * the singular values σ₁ ≥ σ₂ along the left singular vectors u₁, u₂, reached from the right singular vectors
 * v₁, v₂ on the circle (W·vᵢ = σᵢ·uᵢ); the real eigenvectors, where W has any, are the lines W maps onto
 * themselves. Arrows and lines take the colour of their stretch factor on the book's k scale (`colorOfK`): a
 * direction W stretches by 1.5 is drawn in the colour of k = 1.5 everywhere in the book.
 */
import * as Plot from '@observablehq/plot';
import {
  GradscopeArgumentError,
  eigenvalues,
  isMatrix,
  matrix as toMatrix,
  realEigenvectors,
  svd,
  type Matrix,
} from '@gradscope/core';

import { formatNumber } from './format.js';
import { colorOfK } from './meaning.js';
import type { ChartText } from './series.js';
import { CHART_COLORS, CHART_DEFAULTS, chartStyle } from './theme.js';

/** Options of `matrixActionChart`. */
export interface MatrixActionOptions extends ChartText {
  /** The 2×2 matrix W: an engine matrix or its rows, `[[a, b], [c, d]]`. */
  readonly matrix: Matrix | readonly (readonly number[])[];
  /** Draw v₁, v₂ on the circle and σ₁u₁, σ₂u₂ on the ellipse (default true). */
  readonly singular?: boolean;
  /** Draw the real eigenvectors as lines through the origin (default true). */
  readonly eigen?: boolean;
}

/** Defaults of `matrixActionChart`. */
export const matrixActionDefaults = { singular: true, eigen: true, width: 520, points: 181 } as const;

/** A point of the chart's curves and arrows: `series` names what it belongs to. */
interface PlanePoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/** An arrow from the origin to (x, y). */
interface PlaneArrow extends PlanePoint {
  readonly x0: 0;
  readonly y0: 0;
  readonly color: string;
  readonly text: string;
}

/**
 * The unit circle, its image under a 2×2 matrix W, W's singular directions and its real eigenvectors, as Plot
 * options with equal units on both axes.
 *
 * @example
 * ```ts
 * display(matrixActionChart({ matrix: [[1.1, 0.7], [0.2, 0.5]] })); // an ellipse with σ₁ ≈ 1.38, σ₂ ≈ 0.30
 * display(matrixActionChart({ matrix: [[0.5, 0], [0, 1.5]], eigen: false })); // diag(0.5, 1.5)
 * ```
 */
export function matrixActionChart(options: MatrixActionOptions): Plot.PlotOptions {
  const context = 'matrixActionChart';
  const W = expectTwoByTwo(options?.matrix, context);
  const showSingular = expectFlag('singular', options.singular, matrixActionDefaults.singular, context);
  const showEigen = expectFlag('eigen', options.eigen, matrixActionDefaults.eigen, context);
  const [a, b, c, d] = W.data;

  const { U, S, V } = svd(W);
  const { re, im } = eigenvalues(W);
  const eigenvectors = showEigen ? realEigenvectors(W) : [];
  const reach = 1.15 * Math.max(1, S[0]);

  const circle: PlanePoint[] = [];
  const image: PlanePoint[] = [];
  const count = matrixActionDefaults.points;
  for (let i = 0; i < count; i++) {
    const angle = (2 * Math.PI * i) / (count - 1);
    const x = Math.cos(angle);
    const y = Math.sin(angle);
    circle.push({ series: 'unit circle', x, y });
    image.push({ series: 'image W·v', x: a * x + b * y, y: c * x + d * y });
  }

  const arrows: PlaneArrow[] = [];
  if (showSingular) {
    for (let i = 0; i < 2; i++) {
      const index = i === 0 ? '₁' : '₂';
      const color = colorOfK(S[i]);
      arrows.push({
        series: `v${index}`,
        x0: 0,
        y0: 0,
        x: V.data[i],
        y: V.data[2 + i],
        color,
        text: `v${index}`,
      });
      arrows.push({
        series: `σ${index}u${index}`,
        x0: 0,
        y0: 0,
        x: S[i] * U.data[i],
        y: S[i] * U.data[2 + i],
        color,
        text: `σ${index}u${index}`,
      });
    }
  }

  // An eigenvector's line runs across the whole frame: W maps the line onto itself.
  const eigenLines: (PlanePoint & { readonly color: string })[] = eigenvectors.flatMap(
    ({ value, vector }, i) => {
      const series = `eigenvector ${i + 1}: λ = ${formatNumber(value, 3)}`;
      const color = value === 0 ? CHART_COLORS.gray : colorOfK(value);
      return [-1, 1].map((end) => ({
        series,
        x: end * 1.5 * reach * vector[0],
        y: end * 1.5 * reach * vector[1],
        color,
      }));
    },
  );
  const eigenLabels = eigenvectors.map(({ value, vector }, i) => {
    // Inside the frame, near where the line leaves it on the side the vector points to.
    const scale = (0.8 * reach) / Math.max(Math.abs(vector[0]), Math.abs(vector[1]));
    return {
      series: `eigenvector ${i + 1}: λ = ${formatNumber(value, 3)}`,
      x: scale * vector[0],
      y: scale * vector[1],
      text: `λ = ${formatNumber(value, 3)}`,
    };
  });

  const spectrum = describeEigenvalues(re, im);
  const matrixText = `W = [[${[a, b].map((v) => formatNumber(v)).join(', ')}], [${[c, d]
    .map((v) => formatNumber(v))
    .join(', ')}]]`;
  const key = joinSentences(
    'Dashed circle: the unit vectors v. Solid curve: their images W·v, an ellipse.',
    showSingular
      ? 'Arrows: W turns the right singular vector vᵢ into σᵢ·uᵢ, a semi-axis of the ellipse; an arrow has the colour of its stretch σᵢ.'
      : undefined,
    showEigen && eigenvectors.length > 0
      ? 'Thin lines: the real eigenvectors, directions W only stretches (by λ).'
      : undefined,
  );

  const width = options.width ?? matrixActionDefaults.width;
  const frame: [number, number] = [-reach, reach];
  const marks: Plot.Markish[] = [
    Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.25 }),
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.25 }),
    Plot.line(eigenLines, {
      x: 'x',
      y: 'y',
      z: 'series',
      stroke: 'series',
      strokeWidth: 1.25,
      strokeDasharray: '2 3',
      clip: true,
    }),
    Plot.text(eigenLabels, {
      x: 'x',
      y: 'y',
      text: 'text',
      fill: 'currentColor',
      textAnchor: 'middle',
      dy: -10,
    }),
    Plot.line(circle, {
      x: 'x',
      y: 'y',
      stroke: 'currentColor',
      strokeOpacity: 0.6,
      strokeDasharray: '5 4',
    }),
    Plot.line(image, { x: 'x', y: 'y', stroke: 'currentColor', strokeWidth: 2 }),
    // The singular vectors vᵢ (dashed, thin) and where W sends them, σᵢ·uᵢ (solid, thick).
    Plot.arrow(
      arrows.filter((p) => p.series.startsWith('v')),
      {
        x1: 'x0',
        y1: 'y0',
        x2: 'x',
        y2: 'y',
        stroke: 'series',
        strokeWidth: 1.5,
        strokeDasharray: '4 3',
        headLength: 7,
      },
    ),
    Plot.arrow(
      arrows.filter((p) => !p.series.startsWith('v')),
      { x1: 'x0', y1: 'y0', x2: 'x', y2: 'y', stroke: 'series', strokeWidth: 2.5, headLength: 9 },
    ),
    // Labels just beyond the arrow tips, along the arrow, so they sit outside the curve they point to.
    Plot.text(
      arrows.map((p) => {
        const beyond = 1 + (0.09 * reach) / Math.max(Math.hypot(p.x, p.y), 1e-9);
        return { ...p, x: beyond * p.x, y: beyond * p.y };
      }),
      { x: 'x', y: 'y', text: 'text', fill: 'currentColor', textAnchor: 'middle', dy: 0 },
    ),
  ];

  return {
    title: options.title,
    subtitle: options.subtitle,
    caption: joinSentences(options.caption, key),
    ariaLabel: options.ariaLabel ?? options.title ?? `What ${matrixText} does to the unit circle`,
    ariaDescription:
      options.ariaDescription ??
      joinSentences(
        `The unit circle and its image under ${matrixText}: an ellipse with semi-axes σ₁ = ${formatNumber(
          S[0],
        )} and σ₂ = ${formatNumber(S[1])}.`,
        `Eigenvalues: ${spectrum}.`,
        showEigen
          ? eigenvectors.length === 0
            ? 'No real eigenvector: W turns every direction.'
            : `Real eigenvectors: ${eigenvectors
                .map(
                  ({ value, vector }) =>
                    `(${formatNumber(vector[0], 3)}, ${formatNumber(vector[1], 3)}) for λ = ${formatNumber(value, 3)}`,
                )
                .join('; ')}.`
          : undefined,
      ),
    width,
    height: width,
    aspectRatio: 1,
    marginLeft: 44,
    marginRight: 24,
    marginTop: CHART_DEFAULTS.marginTop,
    marginBottom: 40,
    style: chartStyle(),
    x: { domain: frame, label: 'first coordinate', grid: true, tickFormat: (v: number) => formatNumber(v) },
    y: { domain: frame, label: 'second coordinate', grid: true, tickFormat: (v: number) => formatNumber(v) },
    color: {
      type: 'ordinal',
      domain: [...arrows.map((p) => p.series), ...eigenvectors.map((_, i) => eigenLabels[i].series)],
      range: [...arrows.map((p) => p.color), ...eigenLines.filter((_, i) => i % 2 === 0).map((p) => p.color)],
    },
    marks,
  };
}

/** λ₁, λ₂ in words: real values, or a complex pair a ± bi. */
function describeEigenvalues(re: Float64Array, im: Float64Array): string {
  if (im[0] !== 0) {
    return `the complex pair ${formatNumber(re[0], 3)} ± ${formatNumber(Math.abs(im[0]), 3)}i, of modulus ${formatNumber(
      Math.hypot(re[0], im[0]),
      3,
    )}`;
  }
  return Array.from(re, (value) => formatNumber(value, 3)).join(' and ');
}

function joinSentences(...parts: (string | undefined)[]): string | undefined {
  const text = parts.filter((p): p is string => !!p && p.trim() !== '').join(' ');
  return text === '' ? undefined : text;
}

function expectFlag(name: string, value: unknown, fallback: boolean, context: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new GradscopeArgumentError(name, value, 'true or false', context);
  return value;
}

/** An engine matrix or rows, checked to be 2×2 with finite entries. */
function expectTwoByTwo(value: unknown, context: string): Matrix {
  const expected = 'a 2×2 matrix: an engine matrix or its rows, like [[1.1, 0.7], [0.2, 0.5]]';
  let W: Matrix;
  if (isMatrix(value)) {
    W = value;
  } else if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((row) => Array.isArray(row) && row.length === 2 && row.every((x) => typeof x === 'number'))
  ) {
    W = toMatrix(value as number[][]);
  } else {
    throw new GradscopeArgumentError('matrix', value, expected, context);
  }
  if (W.rows !== 2 || W.cols !== 2 || !Array.from(W.data).every(Number.isFinite)) {
    throw new GradscopeArgumentError('matrix', value, `${expected}, with finite entries`, context);
  }
  return W;
}
