// What one layer W does to every direction at once: the unit circle becomes an ellipse whose
// semi-axes are W's singular values σ₁ ≥ σ₂. The eigenvectors (when W has real ones) are the
// directions W only stretches. Edit W and rerun.
import {
  eigenvalues,
  matrix,
  matrixPower,
  singularValues,
  spectralNorm,
  spectralRadius,
} from '@gradscope/core';
import { matrixActionChart } from '@gradscope/charts';

const W = [
  [1.1, 0.7],
  [0.2, 0.5],
];

display(matrixActionChart({ matrix: W }));

const A = matrix(W);
const [sigma1, sigma2] = singularValues(A);
const { re, im } = eigenvalues(A);
display([
  { quantity: 'σ₁ (most stretch)', value: sigma1 },
  { quantity: 'σ₂ (least stretch)', value: sigma2 },
  { quantity: 'λ₁', value: im[0] === 0 ? re[0] : `${re[0]} ± ${Math.abs(im[0])}i` },
  { quantity: 'λ₂', value: im[1] === 0 ? re[1] : `${re[1]} ± ${Math.abs(im[1])}i` },
  { quantity: 'ρ(W) = max |λ|', value: spectralRadius(A) },
]);

// Repeated multiplication by the same W: the per-step factor ‖W^t‖^(1/t) starts at σ₁ (t = 1) and
// drifts towards ρ(W) as t grows.
display(
  [1, 2, 5, 10, 50].map((t) => {
    const norm = spectralNorm(matrixPower(A, t));
    return { t, '‖W^t‖': norm, 'per step, ‖W^t‖^(1/t)': norm ** (1 / t) };
  }),
);
