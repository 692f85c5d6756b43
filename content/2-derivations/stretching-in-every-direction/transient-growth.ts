// A = [[0.9, 5], [0, 0.9]]: both eigenvalues are 0.9, so ρ(A) = 0.9 < 1 and A^t → 0. Yet the powers
// of A grow for a while first. Compare ‖A^t‖ (the most A^t stretches any vector) with the
// eigenvalues' ρ(A)^t.
import { eigenvalues, matrix, matrixPower, spectralNorm, spectralRadius } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const A = matrix([
  [0.9, 5],
  [0, 0.9],
]);
const steps = 100;
const rho = spectralRadius(A);
console.log('eigenvalues:', Array.from(eigenvalues(A).re), ' ρ(A) =', rho);

const norms = Array.from({ length: steps }, (_, i) => spectralNorm(matrixPower(A, i + 1)));
display(
  depthProfileChart({
    xLabel: 'power t',
    quantity: 'stretch (log scale)',
    reference: 1,
    series: [
      { label: '‖Aᵗ‖', values: norms },
      { label: `k = ${rho}: ρ(A)ᵗ`, values: norms.map((_, i) => rho ** (i + 1)) },
    ],
  }),
);

const peak = Math.max(...norms);
console.log('largest ‖A^t‖:', peak, 'at t =', norms.indexOf(peak) + 1);
const lastAboveOne = norms.findLastIndex((v) => v >= 1) + 1; // 0 when no power reaches 1
console.log('‖A^t‖ < 1 for every t from', lastAboveOne + 1);
