/**
 * The figures of the lesson "Beyond k·I: stretching in every direction", as chart options computed by
 * @gradscope/core when the page builds and drawn by `<Figure>` without any JavaScript in the page.
 */
import { monteCarloChart } from '@gradscope/charts';
import { gaussianLyapunovExponent } from '@gradscope/core';

import { lyapunovEstimates, monteCarloWidths } from './numbers.ts';

/** The widths of the closed-form line: about six a doubling, from 1 to 1024. */
export const theoryWidths = [...new Set(Array.from({ length: 61 }, (_, i) => Math.round(2 ** (i / 6))))];

/** Figure: λ₁ against the width, closed form over Monte Carlo estimates, σ_w² = 1. */
export const lyapunovChart = monteCarloChart({
  xLabel: 'width n (log scale)',
  yLabel: 'λ₁, per layer',
  xScale: 'log',
  unit: 'width',
  reference: 0,
  theoryLabel: 'the closed form ln σ_w + ½[ψ(n/2) − ln(n/2)]',
  estimateLabel: 'products of random matrices, multiplied by the engine',
  theory: [{ label: 'λ₁', x: theoryWidths, values: theoryWidths.map((n) => gaussianLyapunovExponent(n)) }],
  estimates: [
    {
      label: 'λ₁',
      x: [...monteCarloWidths],
      estimate: lyapunovEstimates.map((e) => e.estimate),
      standardError: lyapunovEstimates.map((e) => e.standardError),
    },
  ],
  ariaLabel: 'The top Lyapunov exponent of products of Gaussian random matrices against their width',
});
