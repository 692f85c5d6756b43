/**
 * The Lab's figures from its results: chart options (through src/charts, the book's chart functions) and HTML
 * strings for its tables and sentences. Pure functions of what the workers computed, used twice: at build time for
 * the page without JavaScript, and in the browser each time a result arrives.
 */
import {
  depthBandChart,
  formatNumber,
  layerStepHeatmapChart,
  phaseDiagramChart,
  trainingCurveChart,
  type PhaseCell,
  type PhaseCurve,
  type PhasePoint,
} from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';

import type { Diagnosis } from './diagnosis.ts';
import { FORMAT_ORDER, type FormatRow } from './formats.ts';
import { html, raw } from './html.ts';
import { lessonNumber, type BuiltLesson } from './lessons.ts';
import type { PlanePoint } from './phase.ts';
import type { SeedScan } from './scan.ts';
import type { SpectrumResult } from './spectrum.ts';
import { ACTIVATION_LABELS, DTYPE_LABELS, OPTIMIZER_LABELS, type LabState } from './state.ts';
import type { SweepCell } from './sweep.ts';
import { trainableDepth, type TheorySummary } from './theory.ts';
import type { Remedy, TrainingRun } from './training.ts';

/** How the network's series are labelled: its activation (or k for the lecture's k·I), which sets the colour. */
export function networkLabel(state: LabState): string {
  if (state.init === 'identity') return `k = ${formatNumber(Math.sqrt(state.weightVariance), 4)}`;
  return ACTIVATION_LABELS[state.activation].replace(' (identity)', '');
}

/** Per layer: the smallest, largest and geometric-mean value over the seeds (0, ∞ and NaN stay what they are). */
export function acrossSeeds(values: readonly Float64Array[]): {
  lower: Float64Array;
  upper: Float64Array;
  middle: Float64Array;
} {
  const n = values[0]?.length ?? 0;
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const mid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    let logSum = 0;
    let special: number | null = null;
    for (const v of values) {
      const x = v[i];
      if (Number.isNaN(x)) special = NaN;
      else if (special === null && (x === 0 || x === Infinity)) special = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      logSum += Math.log(x);
    }
    low[i] = Number.isNaN(special ?? 0) ? NaN : lo;
    high[i] = Number.isNaN(special ?? 0) ? NaN : hi;
    mid[i] = special !== null ? special : Math.exp(logSum / values.length);
  }
  return { lower: low, upper: high, middle: mid };
}

function seedWords(scans: readonly SeedScan[]): string {
  return scans.length === 1 ? `seed ${scans[0].seed}` : `${scans.length} seeds`;
}

/**
 * The forward pass: RMS of a^[l] per layer over the seeds, and mean field's √E[φ(z)²] dashed over it.
 *
 * @example
 * renderChart(forwardChart(state, scans, theory), document);
 */
export function forwardChart(
  state: LabState,
  scans: readonly SeedScan[],
  theory: TheorySummary | null,
): PlotOptions {
  const label = `${networkLabel(state)}, ${seedWords(scans)}`;
  return depthBandChart({
    title: 'Forward: the signal, layer by layer',
    quantity: 'RMS of a[l] (log scale)',
    series: [{ label, ...acrossSeeds(scans.map((s) => s.activationRms)) }],
    theory: theory?.activationRms ? [{ label: 'mean field', values: theory.activationRms }] : undefined,
    bandLabel: `the smallest to the largest of ${scans.length} ${scans.length === 1 ? 'seed' : 'seeds'}`,
    middleLabel: scans.length === 1 ? 'the seed' : 'the seeds’ geometric mean',
    xLabel: 'layer l',
    unit: 'layer',
    ariaLabel: `Forward pass: the RMS of each layer's activations, ${state.depth} layers, ${seedWords(scans)}`,
  });
}

/**
 * The backward pass: ‖δ^[l]‖ per layer over the seeds, and mean field's prediction anchored at the output layer:
 * ‖δ^[L]‖ (the seeds' geometric mean) times √(χ_l ⋯ χ_{L−1}).
 */
export function backwardChart(
  state: LabState,
  scans: readonly SeedScan[],
  theory: TheorySummary | null,
): PlotOptions {
  const label = `${networkLabel(state)}, ${seedWords(scans)}`;
  const band = acrossSeeds(scans.map((s) => s.gradNorm));
  const anchor = band.middle[state.depth - 1];
  const predicted =
    theory?.gradientRatio && anchor > 0 && Number.isFinite(anchor)
      ? theory.gradientRatio.map((r) => anchor * Math.sqrt(r))
      : null;
  return depthBandChart({
    title: 'Backward: the gradient, layer by layer',
    quantity: '‖δ[l]‖ = ‖∂L/∂z[l]‖ (log scale)',
    series: [{ label, ...band }],
    theory: predicted ? [{ label: 'mean field', values: predicted }] : undefined,
    bandLabel: `the smallest to the largest of ${scans.length} ${scans.length === 1 ? 'seed' : 'seeds'}`,
    middleLabel: scans.length === 1 ? 'the seed' : 'the seeds’ geometric mean',
    xLabel: 'layer l',
    unit: 'layer',
    ariaLabel: `Backward pass: the norm of each layer's gradient δ, ${state.depth} layers, ${seedWords(scans)}`,
  });
}

/**
 * The singular values of J_l = ∂a^[l]/∂x against depth: their range as a band, their median as a line, and mean
 * field's root mean square √(χ₁ ⋯ χ_l) dashed, where the theory applies.
 */
export function spectrumChart(
  state: LabState,
  spectrum: SpectrumResult,
  theory: TheorySummary | null,
): PlotOptions {
  const ratio = theory?.gradientRatio;
  const predicted = ratio ? spectrum.depths.map((l) => Math.sqrt(ratio[0] / ratio[l])) : null;
  return depthBandChart({
    title: 'Singular values of the Jacobian ∂a[l]/∂x',
    quantity: 'singular value σ (log scale)',
    series: [
      {
        label: `${networkLabel(state)}, median`,
        lower: spectrum.min,
        upper: spectrum.max,
        middle: spectrum.median,
        x: spectrum.depths,
      },
    ],
    theory: predicted ? [{ label: 'mean field, RMS', values: predicted, x: spectrum.depths }] : undefined,
    xLabel: 'depth l',
    unit: 'depth',
    bandLabel: `the smallest to the largest of the ${spectrum.count} singular values`,
    caption: spectrum.floored
      ? `Singular values below about ${formatNumber(spectrum.count * Number.EPSILON, 2)} of the largest at their depth are rounding in float64, not signal: the band stops at that floor.`
      : undefined,
    middleLabel: 'the median',
    reference: 1,
    ariaLabel: `Singular values of the Jacobian of the first l layers, at ${spectrum.depths.length} depths`,
  });
}

/** A layer number or "never", for the formats table. */
function layerCell(value: number | null | undefined): string {
  if (value === undefined) return html`<td class="lab-pending">…</td>`;
  if (value === null)
    return html`<td><span aria-hidden="true">—</span><span class="sr-only">never</span></td>`;
  return html`<td>layer ${value}</td>`;
}

/**
 * Where each number format loses the signal and the gradient, as a table (rows still being computed show "…").
 *
 * @example
 * formatsTableHtml(state, new Map([['float64', row]]));
 */
export function formatsTableHtml(state: LabState, rows: ReadonlyMap<string, FormatRow>): string {
  const body = FORMAT_ORDER.map((dtype) => {
    const row = rows.get(dtype);
    const current = dtype === state.dtype;
    return html`<tr${raw(current ? ' class="lab-current"' : '')}>
      <th scope="row">${DTYPE_LABELS[dtype]}${raw(current ? ' <span class="lab-tag">this network</span>' : '')}</th>
      ${raw(layerCell(row && row.forwardNonFinite))}
      ${raw(layerCell(row && row.forwardZero))}
      ${raw(layerCell(row && row.backwardNonFinite))}
      ${raw(layerCell(row && row.backwardZero))}
      <td>${row ? formatNumber(row.max, 3) : '…'}</td>
      <td>${row ? formatNumber(row.smallest, 3) : '…'}</td>
    </tr>`;
  }).join('');
  return html`<table class="lab-table">
    <caption>
      The first layer where the values stop being usable, for the same network, seed ${state.seed} and batch
      in every format. Forward: the first layer l holding ∞ or NaN, and the first whose z[l] is exactly 0
      everywhere. Backward: the same for δ[l], counting down from the output layer ${state.depth}.
    </caption>
    <thead>
      <tr>
        <th scope="col">Format</th>
        <th scope="col">Forward: ∞ or NaN</th>
        <th scope="col">Forward: all 0</th>
        <th scope="col">Backward: ∞ or NaN</th>
        <th scope="col">Backward: all 0</th>
        <th scope="col">Largest number</th>
        <th scope="col">Smallest positive</th>
      </tr>
    </thead>
    <tbody>
      ${raw(body)}
    </tbody>
  </table>`;
}

function depthWords(value: number | null): string {
  if (value === null || Number.isNaN(value)) return 'undefined';
  if (value === Infinity) return '∞';
  return `${formatNumber(value, 3)} layers`;
}

/**
 * Theory's summary as a description list: the phase, q*, χ₁, the depth scales and the trainable depth. `xi` is
 * ξ_c when it was computed separately (the chaotic phase), undefined while it is.
 */
export function theoryHtml(state: LabState, theory: TheorySummary, xi?: number | null): string {
  const correlationScale = theory.correlationScale ?? (theory.phase === 'chaotic' ? xi : null);
  const pending =
    theory.phase === 'chaotic' && theory.correlationNote === null && correlationScale === undefined;
  const trainable = pending ? undefined : trainableDepth(correlationScale ?? null);
  const phaseWords = {
    ordered: 'ordered: inputs converge, gradients vanish',
    critical: 'the edge of chaos',
    chaotic: 'chaotic: inputs drift apart, gradients explode',
  }[theory.phase];
  const scope = theory.applies
    ? ''
    : html`<p class="lab-note">
        ${theory.reason} These numbers describe the plain Gaussian network with the same activation, σ_w² and
        σ_b², and no prediction is drawn over the measurements.
      </p>`;
  const rows: [string, string, string][] = [
    [
      'Phase',
      phaseWords,
      `χ₁ ${theory.phase === 'ordered' ? '<' : theory.phase === 'chaotic' ? '>' : '≈'} 1`,
    ],
    ['q*', formatNumber(theory.qStar, 4), 'the variance each pre-activation settles to'],
    [
      'χ₁',
      formatNumber(theory.chi1, 4),
      'the factor by which ‖δ‖² changes per layer going back, once q has settled at q*',
    ],
    ['ξ_q', depthWords(theory.lengthScale), 'the depth over which q, layer by layer, settles to q*'],
    [
      'ξ_c',
      pending ? 'computing…' : depthWords(correlationScale ?? null),
      theory.correlationNote ?? 'the depth over which two inputs’ correlation settles',
    ],
    [
      'Trainable depth, 6ξ_c',
      pending
        ? 'computing…'
        : trainable === null || trainable === undefined
          ? 'undefined'
          : depthWords(trainable),
      trainable && Number.isFinite(trainable)
        ? `Schoenholz et al. trained networks up to about this deep; this one has ${state.depth} layers`
        : 'Schoenholz et al. found networks trainable up to about 6ξ_c layers',
    ],
  ];
  return html`${raw(scope)}
    <dl class="lab-theory">
      ${raw(
        rows
          .map(
            ([term, value, note]) =>
              html`<div>
                <dt>${term}</dt>
                <dd><strong>${value}</strong> <span>${note}</span></dd>
              </div>`,
          )
          .join(''),
      )}
    </dl>`;
}

/**
 * The diagnosis sentence with its lesson link.
 *
 * @example
 * diagnosisHtml(diagnosis, pickLesson(diagnosis.lessons, lessons));
 */
export function diagnosisHtml(diagnosis: Diagnosis, lesson: BuiltLesson | null): string {
  const link = lesson
    ? html` <a href="${lesson.href}"
        >See ${lessonNumber(lesson.slug) ? `lesson ${lessonNumber(lesson.slug)}, ` : ''}“${lesson.title}”.</a
      >`
    : '';
  return html`<p class="lab-diagnosis-text" data-verdict="${diagnosis.verdict}">
    ${diagnosis.sentence}${raw(link)}
  </p>`;
}

/** The largest relative loss a phase-diagram cell's colour distinguishes (beyond it: the end colour). */
export const CELL_CAP = 1.2;

/** A sweep's cells and the settings it trained with. */
export interface SweepMapView {
  readonly state: LabState;
  readonly weightVariances: readonly number[];
  readonly biasVariances: readonly number[];
  /** Per cell, row by row (σ_b² up, σ_w² across): its relative loss, or undefined while untrained. */
  readonly values: readonly (number | undefined)[];
}

/** Theory's curves for a phase diagram; the slow ones may be missing while they are computed. */
export interface PhaseCurves {
  readonly critical: readonly PlanePoint[];
  readonly orderedEdge?: readonly PlanePoint[];
  readonly chaoticEdge?: readonly PlanePoint[];
}

/**
 * The phase diagram: the sweep's cells coloured by loss after training, theory's critical line and trainable band
 * over them, and the current configuration as a point marked by its phase.
 */
export function phaseChart(
  map: SweepMapView,
  curves: PhaseCurves | null,
  current: { readonly state: LabState; readonly phase: TheorySummary['phase'] } | null,
): PlotOptions {
  const { state } = map;
  const cells: PhaseCell[] = [];
  map.biasVariances.forEach((y, i) =>
    map.weightVariances.forEach((x, j) => {
      const v = map.values[i * map.weightVariances.length + j];
      const value = v === undefined ? NaN : Number.isFinite(v) ? Math.min(v, CELL_CAP) : Infinity;
      const where = `σ_w² ${formatNumber(x, 3)}, σ_b² ${formatNumber(y, 3)}`;
      const title =
        v === undefined
          ? `${where}: not trained yet`
          : Number.isFinite(v)
            ? `${where}: loss ${formatNumber(v, 3)} × the mean's after ${state.steps} steps`
            : `${where}: training diverged`;
      cells.push({ x, y, value, title });
    }),
  );
  const theoryCurves: PhaseCurve[] = [];
  if (curves) {
    theoryCurves.push({ label: 'χ₁ = 1', points: curves.critical });
    if (curves.orderedEdge?.length) {
      theoryCurves.push({
        label: `6ξc = ${state.depth}, ordered side`,
        points: curves.orderedEdge,
        dashed: true,
      });
    }
    if (curves.chaoticEdge?.length) {
      theoryCurves.push({
        label: `6ξc = ${state.depth}, chaotic side`,
        points: curves.chaoticEdge,
        dashed: true,
      });
    }
  }
  const points: PhasePoint[] =
    current && current.state.activation === state.activation
      ? [
          {
            x: current.state.weightVariance,
            y: current.state.bias ? current.state.biasVariance : 0,
            phase: current.phase,
            title: `This network: σ_w² ${formatNumber(current.state.weightVariance, 3)}, σ_b² ${formatNumber(current.state.bias ? current.state.biasVariance : 0, 3)}, ${current.phase}`,
          },
        ]
      : [];
  const trained = map.values.filter((v) => v !== undefined).length;
  const name = ACTIVATION_LABELS[state.activation].replace(' (identity)', '');
  return phaseDiagramChart({
    title: `Phase diagram: ${name}, depth ${state.depth}, width ${state.width}`,
    subtitle: `${trained} of ${map.values.length} cells trained, ${state.steps} steps of ${OPTIMIZER_LABELS[state.optimizer]} (η = ${formatNumber(state.learningRate, 3)}) each`,
    xLabel: 'σ_w² (weight variance × fan-in)',
    yLabel: 'σ_b² (bias variance)',
    cells,
    valueDomain: [0, CELL_CAP],
    valueLabel: 'loss after training ÷ loss of the mean (1: learnt nothing)',
    curves: theoryCurves,
    points,
    xDomain: [
      map.weightVariances[0] - (map.weightVariances[1] - map.weightVariances[0]) / 2,
      map.weightVariances.at(-1)! + (map.weightVariances[1] - map.weightVariances[0]) / 2,
    ],
    yDomain: [
      Math.max(0, map.biasVariances[0] - (map.biasVariances[1] - map.biasVariances[0]) / 2),
      map.biasVariances.at(-1)! + (map.biasVariances[1] - map.biasVariances[0]) / 2,
    ],
    ariaLabel: `Phase diagram of ${name} networks of depth ${state.depth}: loss after ${state.steps} training steps over σ_w² and σ_b²`,
  });
}

/** A run and its forks, for the loss chart. */
export interface LabeledRun {
  readonly label: string;
  readonly run: TrainingRun;
}

/** The loss per step of a run and its forks (log scale: losses span decades). */
export function lossChart(runs: readonly LabeledRun[]): PlotOptions {
  return trainingCurveChart({
    title: 'Training loss',
    series: runs.map(({ label, run }) => ({
      label,
      values: run.loss,
      x: Array.from({ length: run.loss.length }, (_, i) => run.firstStep + i),
    })),
    yScale: 'log',
    yLabel: 'loss on the minibatch (log scale)',
    firstStep: 1,
    ariaLabel: `Training loss per step${runs.length > 1 ? `, the run and ${runs.length - 1} ${runs.length === 2 ? 'fork' : 'forks'}` : ''}`,
  });
}

/** ‖dW^[l]‖ of every layer at every recorded step of a run. */
export function gradientHeatmap(run: TrainingRun, label = 'the run'): PlotOptions {
  const K = run.recordedSteps.length;
  const rows = Array.from({ length: run.layers }, (_, l) =>
    Array.from(run.gradNorms.subarray(l * K, (l + 1) * K)),
  );
  return layerStepHeatmapChart({
    title: `Gradient norms during training: ${label}`,
    values: rows,
    steps: run.recordedSteps,
    valueLabel: '‖dW[l]‖',
  });
}

/** "η = 0.001, clipping at 1": what a fork changed. */
export function remedyWords(state: LabState, remedy: Remedy): string {
  const parts: string[] = [];
  if (remedy.optimizer !== undefined && remedy.optimizer !== state.optimizer)
    parts.push(OPTIMIZER_LABELS[remedy.optimizer]);
  if (remedy.learningRate !== undefined && remedy.learningRate !== state.learningRate) {
    parts.push(`η = ${formatNumber(remedy.learningRate, 3)}`);
  }
  if (remedy.clip !== undefined && remedy.clip !== state.clip) {
    parts.push(remedy.clip > 0 ? `clip at ${formatNumber(remedy.clip, 3)}` : 'no clipping');
  }
  return parts.length === 0 ? 'unchanged' : parts.join(', ');
}

/** The loss of a trained cell, for the map's table. */
export function cellWords(cell: SweepCell): string {
  return Number.isFinite(cell.relativeLoss) ? formatNumber(cell.relativeLoss, 3) : 'diverged';
}
