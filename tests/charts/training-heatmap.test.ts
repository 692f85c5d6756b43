import * as Plot from '@observablehq/plot';
import { GradscopeArgumentError, fromData, matrix } from '@gradscope/core';
import { describe, expect, test } from 'vitest';

import { sharedValueRange, trainingHeatmapChart } from '@gradscope/charts';
import { buildDocument, drawnCells, fillAt, render, snapshotMarkup } from './render-for-test.ts';

/** A 3-layer, 4-step record like fit's gradNormsByLayer: layer 1 vanishing, layer 3 healthy. */
const record = matrix([
  [1e-9, 1e-10, 1e-11, 1e-12],
  [1e-5, 1e-5, 1e-6, 1e-6],
  [0.5, 0.4, 0.3, 0.2],
]);

describe('trainingHeatmapChart', () => {
  test('draws layers down and steps across, coloured by decade (snapshot)', async () => {
    const chart = trainingHeatmapChart({ title: 'sigmoid', matrix: record });
    const figure = render(chart);
    // Each entry once, at (step, layer), in the colour of its decade.
    const plot = Plot.plot({ ...chart, document: buildDocument() });
    const [x, y, color] = (['x', 'y', 'color'] as const).map((name) => plot.scale(name)!);
    const boxes = drawnCells(figure);
    for (let l = 1; l <= 3; l++) {
      for (let step = 1; step <= 4; step++) {
        const at = fillAt(boxes, x.apply(step) + x.bandwidth! / 2, y.apply(l) + y.bandwidth! / 2);
        expect(at).toBe(color.apply(Math.log10(record.data[(l - 1) * 4 + step - 1])));
      }
    }
    expect(boxes.length).toBeLessThan(12);
    // A tooltip per layer instead of one per cell.
    expect([...figure.querySelectorAll('title')].map((t) => t.textContent)).toEqual([
      'layer 1, ‖dW[l]‖: 10⁻⁹ at step 1 … 10⁻¹² at step 4 (from 10⁻¹² to 10⁻⁹)',
      'layer 2, ‖dW[l]‖: 10⁻⁵ at step 1 … 10⁻⁶ at step 4 (from 10⁻⁶ to 10⁻⁵)',
      'layer 3, ‖dW[l]‖: 0.5 at step 1 … 0.2 at step 4 (from 0.2 to 0.5)',
    ]);
    await expect(snapshotMarkup(figure)).toMatchFileSnapshot('./__snapshots__/training-heatmap.html.snap');
  });

  test('colours by the logarithm: a cell’s fill value is log₁₀ of the entry, with thresholds at whole decades', () => {
    const chart = trainingHeatmapChart({ matrix: record });
    const cells = (chart.marks![0] as unknown as { data: { layer: number; step: number; log: number }[] })
      .data;
    const first = cells.find((c) => c.layer === 1 && c.step === 1)!;
    expect(first.log).toBeCloseTo(-9, 12);
    const color = chart.color as { type: string; domain: number[] };
    expect(color.type).toBe('threshold');
    expect(color.domain.every(Number.isInteger)).toBe(true);
  });

  test('labels the columns with the recorded steps and merges long runs into geometric means', () => {
    const long = fromData(
      1,
      120,
      Float64Array.from({ length: 120 }, (_, j) => 10 ** -(j % 2)),
    );
    const steps = Int32Array.from({ length: 120 }, (_, j) => 1 + 5 * j);
    const chart = trainingHeatmapChart({ matrix: long, steps, maxSteps: 60 });
    expect(chart.caption).toBe('Each column is the geometric mean of 2 consecutive steps.');
    const cells = (chart.marks![0] as unknown as { data: { step: number; lastStep: number; log: number }[] })
      .data;
    expect(cells).toHaveLength(60);
    expect(cells[1]).toMatchObject({ step: 11, lastStep: 16 });
    expect(cells[0].log).toBeCloseTo(-0.5, 12); // the mean of log₁₀ 1 and log₁₀ 0.1
  });

  test('colours two runs on one scale when given their common value range', () => {
    const healthy = matrix([[0.5, 0.2]]);
    const color = trainingHeatmapChart({ matrix: healthy, valueRange: [1e-12, 1] }).color as {
      domain: number[];
    };
    expect(color.domain[0]).toBe(-12);
    expect(color.domain.at(-1)).toBeLessThanOrEqual(0);
    expect(() => trainingHeatmapChart({ matrix: healthy, valueRange: [0, 1] })).toThrow(/valueRange/);
  });

  test('marks 0, ∞ and NaN in their cells and says how many', () => {
    const chart = trainingHeatmapChart({ matrix: matrix([[0, Infinity, NaN, 1]]) });
    const texts = Array.from(render(chart).querySelectorAll('g[data-mark="text"] text')).map(
      (t) => t.textContent,
    );
    expect(texts).toEqual(['0', '∞', 'NaN']);
    expect(chart.caption).toBe('3 cells are 0, ∞ or NaN, marked in place.');
  });

  test('describes the first and last layer for screen readers', () => {
    const chart = trainingHeatmapChart({ matrix: record, quantity: '‖dW[l]‖' });
    expect(chart.ariaDescription).toContain('layers 1 to 3');
    expect(chart.ariaDescription).toContain('Layer 1 starts at 10⁻⁹ and ends at 10⁻¹²');
  });

  test('rejects a matrix that is not one and steps that do not match its columns, naming the function', () => {
    expect(() => trainingHeatmapChart({ matrix: [[1, 2]] as never })).toThrow(GradscopeArgumentError);
    expect(() => trainingHeatmapChart({ matrix: [[1, 2]] as never })).toThrow(/trainingHeatmapChart/);
    expect(() => trainingHeatmapChart({ matrix: record, steps: [1, 2] })).toThrow(
      /steps must be 4 step numbers/,
    );
  });
});

describe('sharedValueRange', () => {
  test('spans the positive finite entries of every matrix, leaving out 0, ∞ and NaN', () => {
    const other = matrix([
      [0, 3, Infinity],
      [NaN, 1e-13, -2],
    ]);
    expect(sharedValueRange([record, other])).toEqual([1e-13, 3]);
    expect(sharedValueRange([record])).toEqual([1e-12, 0.5]);
  });
});
