// Products of random layers W with i.i.d. N(0, σ_w²/n) entries (σ_w² is a variance). Each layer
// multiplies the mean squared length by σ_w², E‖Wv‖² = σ_w²‖v‖² (kept when σ_w² = 1), yet the
// typical length changes by e^λ₁ per layer. Here λ₁ is measured by multiplying random matrices
// (Monte Carlo) and compared with its closed form, at several widths n.
import { gaussianLyapunovExponent, lyapunovExponent } from '@gradscope/core';
import { monteCarloChart } from '@gradscope/charts';

const weightVariance = 1; // σ_w²: 1 is LeCun's (and, for square layers, Xavier's) variance 1/n
const widths = [1, 2, 4, 8, 16];

const measured = widths.map((width) =>
  lyapunovExponent({ width, depth: 1000, runs: 10, weightVariance, seed: 1 }),
);
display(
  monteCarloChart({
    xLabel: 'width n',
    yLabel: 'λ₁, per layer',
    xScale: 'log',
    unit: 'width',
    reference: 0.5 * Math.log(weightVariance), // the mean-square rate, ½·ln σ_w²
    theory: [
      { label: 'λ₁', x: widths, values: widths.map((n) => gaussianLyapunovExponent(n, { weightVariance })) },
    ],
    estimates: [
      {
        label: 'λ₁',
        x: widths,
        estimate: measured.map((m) => m.estimate),
        standardError: measured.map((m) => m.standardError),
      },
    ],
  }),
);
display(
  widths.map((n, i) => ({
    width: n,
    'λ₁ measured': measured[i].estimate,
    'standard error': measured[i].standardError,
    'λ₁ closed form': measured[i].closedForm,
    '−1/(2n)': -1 / (2 * n),
  })),
);
