/**
 * The figures of the lesson "Variance, layer by layer", as chart options computed by @gradscope/core when the page
 * builds and drawn by `<Figure>` without JavaScript. Series are labelled by initializer (`He normal`, `Xavier
 * normal`, `LeCun normal`), so each gets that initializer's colour here, in the examples and in every lesson.
 */
import { heatmapChart, histogramChart, theoryVsMeasuredChart } from '@gradscope/charts';
import { fromData, type Matrix } from '@gradscope/core';
import {
  configurations,
  depth,
  fanRatioExponents,
  fanRatioFanIn,
  heRun,
  measured,
  measuredLayerFactors,
  predictedVariance,
  schemes,
  seeds,
  trainSteps,
  typicalSampled,
  varianceRule,
  width,
  xavierRun,
} from './numbers.ts';

const names = { lecun: 'LeCun normal', xavier: 'Xavier normal', he: 'He normal' } as const;
const initializers = { lecun: 'lecunNormal', xavier: 'xavierNormal', he: 'heNormal' } as const;

/**
 * Figure: the compromise. For one linear layer with a fan-in of 256 and fan-outs from 64 to 1024, the factor by
 * which it multiplies the forward mean square (n_in·σ_w²) and the backward one (n_out·σ_w²), for each rule: lines
 * in closed form, dots measured on one random layer each.
 */
export const compromiseChart = (() => {
  const fine = Array.from({ length: 41 }, (_, i) => -2 + i / 10);
  const fanOutOf = (e: number) => fanRatioFanIn * 2 ** e;
  return theoryVsMeasuredChart({
    xLabel: 'log₂(n_out / n_in)',
    yLabel: 'variance factor per layer (log scale)',
    unit: 'log₂ fan ratio',
    measuredLabel: 'measured on one random layer',
    series: schemes.flatMap((scheme) => {
      const measuredFactors = fanRatioExponents.map((e) =>
        measuredLayerFactors(initializers[scheme], fanRatioFanIn, fanOutOf(e), `ratio ${scheme} ${e}`),
      );
      return [
        {
          label: `${names[scheme]}: forward`,
          theoryX: fine,
          theory: fine.map((e) => fanRatioFanIn * varianceRule(scheme, fanRatioFanIn, fanOutOf(e))),
          measuredX: [...fanRatioExponents],
          measured: measuredFactors.map((f) => f.forward),
        },
        {
          label: `${names[scheme]}: backward`,
          theoryX: fine,
          theory: fine.map((e) => fanOutOf(e) * varianceRule(scheme, fanRatioFanIn, fanOutOf(e))),
          measuredX: [...fanRatioExponents],
          measured: measuredFactors.map((f) => f.backward),
          dashed: true,
        },
      ];
    }),
    ariaLabel:
      'Forward and backward variance factors of one linear layer against its fan ratio, for LeCun, Xavier and He normal initialization',
  });
})();

/** Figure: E[z^[l]²] against l for He and Xavier on ReLU and tanh, mean field against Monte Carlo. */
export const varianceByLayerChart = theoryVsMeasuredChart({
  xLabel: 'layer l',
  yLabel: 'E[z[l]²], the variance of a pre-activation (log scale)',
  unit: 'layer',
  theoryLabel: 'mean-field recursion',
  measuredLabel: `average over ${seeds} random networks of width ${width}`,
  series: configurations.map(({ label, activation, weightVariance }) => ({
    label,
    theory: predictedVariance(activation, weightVariance),
    measured: measured[label].z2,
    dashed: activation === 'tanh',
  })),
  ariaLabel: `Variance of the pre-activations per layer in ${depth}-layer networks of width ${width}: He and Xavier normal, ReLU and tanh`,
});

/** Figure: ln(‖a^[30]‖/‖x‖) over independent He-initialized ReLU networks of width 4, 16 and 256. */
export const typicalHistogram = histogramChart({
  xLabel: `ln(‖a[${depth}]‖ / ‖x‖)`,
  layers: typicalSampled.map(({ width: n, logs }) => ({
    label: `width ${n}, ${logs.length} networks`,
    values: logs,
  })),
  meaning: { initializer: 'he' },
  bins: 50,
  ariaLabel: `Histograms of the log length of the output of ${depth}-layer ReLU networks with He initialization, at widths ${typicalSampled.map((row) => row.width).join(', ')}`,
});

/** log₁₀ of every entry of a layers × steps matrix of gradient norms. */
function log10Matrix(m: Matrix): Matrix {
  return fromData(m.rows, m.cols, Float64Array.from(m.data, Math.log10));
}
const heLog = log10Matrix(heRun.history.gradNormsByLayer);
const xavierLog = log10Matrix(xavierRun.history.gradNormsByLayer);
/** The colour range both heatmaps share, so a colour means the same gradient norm in both. */
export const heatmapDomain: [number, number] = [
  Math.floor(Math.min(...heLog.data, ...xavierLog.data)),
  Math.ceil(Math.max(...heLog.data, ...xavierLog.data)),
];

/** Figures: ‖dW^[l]‖ per layer and step, as log₁₀, one heatmap per run, on one colour scale. */
export const heHeatmap = gradientHeatmap(heLog, 'He normal');
export const xavierHeatmap = gradientHeatmap(xavierLog, 'Xavier normal');

function gradientHeatmap(matrix: Matrix, name: string) {
  return heatmapChart({
    matrix,
    scheme: 'sequential',
    domain: heatmapDomain,
    valueLabel: 'log₁₀ ‖dW[l]‖',
    xLabel: 'column j: training step j + 1',
    yLabel: 'row i: layer i + 1',
    ariaLabel: `Per-layer weight-gradient norms over ${trainSteps} training steps, ${name}, as base-10 logarithms`,
  });
}
