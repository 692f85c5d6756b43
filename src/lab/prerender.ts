/**
 * The Lab's default configuration, computed and drawn when the site is built, with the same computations and
 * figure functions the live page uses: what the page shows before its worker answers, and all it shows without
 * JavaScript. Charts are rendered into a linkedom document, as `<Figure>` renders a lesson's.
 */
import { renderChart } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';
import { parseHTML } from 'linkedom';

import { readableWidth } from '../charts/readable-width.ts';
import { diagnose, type Diagnosis } from './diagnosis.ts';
import {
  backwardChart,
  diagnosisHtml,
  formatsTableHtml,
  forwardChart,
  phaseChart,
  spectrumChart,
  theoryHtml,
} from './figures.ts';
import { FORMAT_ORDER, formatRow, type FormatRow } from './formats.ts';
import { pickLesson, type BuiltLesson } from './lessons.ts';
import { criticalCurve, orderedEdge } from './phase.ts';
import { scanSeed } from './scan.ts';
import { jacobianSpectrum, spectrumLimit } from './spectrum.ts';
import type { LabState } from './state.ts';
import { emptyMap, SWEEP_SIZES } from './sweep-map.ts';
import { theorySummary, type Phase } from './theory.ts';

/** A rendered chart: its markup and the narrowest width its text stays readable at. */
export interface RenderedChart {
  readonly html: string;
  readonly minWidth: number | undefined;
}

/** Every slot of the page, rendered. */
export interface PrerenderedLab {
  readonly diagnosis: string;
  readonly forward: RenderedChart;
  readonly backward: RenderedChart;
  readonly theory: string;
  readonly spectrum: RenderedChart | string;
  readonly formats: string;
  readonly phase: RenderedChart;
  /** Where the state sits between order and chaos: the live page marks it on the phase diagram until it computes. */
  readonly statePhase: Phase;
}

/**
 * A chart as markup, with any document.
 *
 * @example
 * renderChartMarkup(forwardChart(state, scans, theory), document).html;
 */
export function renderChartMarkup(options: PlotOptions, document: Document): RenderedChart {
  const figure = renderChart(options, document);
  const svg = figure.querySelector('svg');
  return { html: figure.outerHTML, minWidth: svg ? readableWidth(svg) : undefined };
}

/** Every slot but the diagnosis's link to a lesson: what depends only on the state (and so can be cached). */
export interface PrerenderedLabFigures extends Omit<PrerenderedLab, 'diagnosis'> {
  readonly diagnosis: Diagnosis;
}

/**
 * Computes and draws every figure of `state` (the default configuration, at build time), and the diagnosis as
 * data: `labDiagnosisHtml` links it to a lesson of the book.
 *
 * @example
 * const figures = prerenderLabFigures(DEFAULT_STATE);
 */
export function prerenderLabFigures(state: LabState): PrerenderedLabFigures {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const doc = document as unknown as Document;
  const scans = Array.from({ length: state.seeds }, (_, i) => scanSeed(state, state.seed + i));
  const theory = theorySummary(state, scans[0].inputSecondMoment);
  const rows = new Map<string, FormatRow>(FORMAT_ORDER.map((dtype) => [dtype, formatRow(state, dtype)]));
  const limit = spectrumLimit(state);
  const critical = criticalCurve(state.activation, 16);
  return {
    diagnosis: diagnose(state, scans, theory),
    forward: renderChartMarkup(forwardChart(state, scans, theory), doc),
    backward: renderChartMarkup(backwardChart(state, scans, theory), doc),
    theory: theoryHtml(state, theory),
    spectrum: limit ?? renderChartMarkup(spectrumChart(state, jacobianSpectrum(state), theory), doc),
    formats: formatsTableHtml(state, rows),
    phase: renderChartMarkup(
      phaseChart(
        emptyMap(state, SWEEP_SIZES[SWEEP_SIZES.length - 1]),
        { critical, orderedEdge: orderedEdge(state.activation, state.depth, critical) },
        { state, phase: theory.phase },
      ),
      doc,
    ),
    statePhase: theory.phase,
  };
}

/**
 * Every slot of the page for `state`, from its figures (`prerenderLabFigures`, or the build cache's copy of them)
 * and the book's lessons, which the diagnosis links to.
 *
 * @example
 * const slots = prerenderLab(prerenderLabFigures(DEFAULT_STATE), lessons);
 */
export function prerenderLab(
  figures: PrerenderedLabFigures,
  lessons: readonly BuiltLesson[],
): PrerenderedLab {
  return {
    ...figures,
    diagnosis: diagnosisHtml(figures.diagnosis, pickLesson(figures.diagnosis.lessons, lessons)),
  };
}
