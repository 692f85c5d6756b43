/**
 * Every number the lesson "Beyond k·I: stretching in every direction" states, computed by @gradscope/core when the
 * page builds. The prose shows them as `n.<name>`, formatted with `fmt`; tests/claims/stretching-in-every-direction.test.ts
 * checks each one against a closed form or an independent computation.
 *
 * Notation: a layer multiplies its input by W (no activation, no bias); σ₁ ≥ σ₂ are W's singular values, λ its
 * eigenvalues, ρ(W) = max|λ| its spectral radius. Random layers have i.i.d. N(0, σ_w²/n) entries (σ_w² a variance;
 * the subscript keeps it apart from the singular values).
 */
import {
  backward,
  column,
  eigenvalues,
  forward,
  gaussianLyapunovExponent,
  gaussianStretch,
  get,
  identity,
  layerGradNorms,
  lyapunovExponent,
  matrix,
  matrixPower,
  mlp,
  realEigenvectors,
  singularValues,
  spectralNorm,
  spectralRadius,
  type Initializer,
} from '@gradscope/core';

// ------------------------------------------------------------------------------------------- why k·I

/** The lecture's depth. */
export const lectureDepth = 20;
/** (1.5·I)^20 as a genuine product of matrices: its diagonal and its off-diagonal entry. */
const lecturePower = matrixPower(identity(2, 1.5), lectureDepth);
export const powerDiagonal = get(lecturePower, 0, 0);
export const powerOffDiagonal = get(lecturePower, 0, 1);
/** The singular values and the eigenvalues of 1.5·I: all 1.5. */
export const scaledIdentitySingularValues = Array.from(singularValues(identity(2, 1.5)));
export const scaledIdentityEigenvalues = Array.from(eigenvalues(identity(2, 1.5)).re);

// ----------------------------------------------------------------------------- a general 2×2 matrix

/** The playground's matrix: real, distinct eigenvalues, not symmetric. */
export const general = [
  [1.1, 0.7],
  [0.2, 0.5],
] as const;
const G = matrix(general.map((row) => [...row]));
const generalSingular = singularValues(G);
/** σ₁ and σ₂ of the general matrix. */
export const sigmaMax = generalSingular[0];
export const sigmaMin = generalSingular[1];
const generalEigen = eigenvalues(G);
/** Its eigenvalues (both real), largest first. */
export const lambdaMax = generalEigen.re[0];
export const lambdaMin = generalEigen.re[1];
/** ρ(W) of the general matrix. */
export const generalSpectralRadius = spectralRadius(G);
/** |det W|: both the product of the singular values and the product of the |eigenvalues|. */
export const generalDeterminant = Math.abs(general[0][0] * general[1][1] - general[0][1] * general[1][0]);
/** The angle, in degrees, between the general matrix's two eigenvectors (90° would be orthogonal). */
export const generalEigenvectorAngle = (() => {
  const [u, v] = realEigenvectors(G).map((e) => e.vector);
  return (Math.acos(Math.abs(u[0] * v[0] + u[1] * v[1])) * 180) / Math.PI;
})();
/** How many multiplications the long-run example makes, and the per-step factor ‖W^t‖^(1/t) it reaches. */
export const longRunPower = 50;
export const longRunFactor = spectralNorm(matrixPower(G, longRunPower)) ** (1 / longRunPower);

// ------------------------------------------------------------------------------------- diag(0.5, 1.5)

/** diag(0.5, 1.5) as an initializer: every layer of the network gets this matrix. */
export const diagonalInit: Initializer = {
  name: 'diagonal',
  label: 'diag(0.5, 1.5)',
  create: () =>
    matrix([
      [0.5, 0],
      [0, 1.5],
    ]),
};
/** The depth of the diag(0.5, 1.5) network. */
export const diagonalDepth = 20;
/** The network: 20 layers of diag(0.5, 1.5), g(z) = z, no biases. */
export function diagonalNetwork(depth: number) {
  return mlp({
    sizes: new Array<number>(depth + 1).fill(2),
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    init: diagonalInit,
  });
}
const diagonalTrace = forward(diagonalNetwork(diagonalDepth), column([1, 1]));
/** a^[L] for x = (1, 1): (0.5^L, 1.5^L), by the engine's forward pass. */
export const diagonalShrunk = diagonalTrace.output.data[0];
export const diagonalGrown = diagonalTrace.output.data[1];
/** Their ratio, 3^L. */
export const diagonalRatio = diagonalGrown / diagonalShrunk;
/** The angle between a^[l] and the growing axis e₂, in degrees, at an early layer and at layer L, for x = (1, 1). */
export const angleLayer = 5;
export const angleAtLayer =
  (Math.atan2(
    diagonalTrace.layers[angleLayer - 1].a.data[0],
    diagonalTrace.layers[angleLayer - 1].a.data[1],
  ) *
    180) /
  Math.PI;
export const angleAtDepth = (Math.atan2(diagonalShrunk, diagonalGrown) * 180) / Math.PI;
/**
 * The backward pass of the same network from δ^[L] = (1, 1) (a gradient that does not depend on the weights):
 * δ^[1] = diag(0.5, 1.5)^(L−1)·δ^[L], whose first component vanishes while its norm grows.
 */
const diagonalNet = diagonalNetwork(diagonalDepth);
forward(diagonalNet, column([1, 1]));
const diagonalBackward = backward(diagonalNet, column([1, 1]));
export const deltaShrunk = diagonalBackward.layers[0].delta.data[0];
export const deltaGrown = diagonalBackward.layers[0].delta.data[1];
/** ‖δ^[1]‖ / ‖δ^[L]‖ for that backward pass. */
export const deltaNormRatio = (() => {
  const rows = layerGradNorms(diagonalBackward);
  return rows[0].delta / rows[diagonalDepth - 1].delta;
})();

// ------------------------------------------------------------------------------------ random products

/** The widths of the Monte Carlo figure, and how many layers and runs each estimate takes. */
export const monteCarloWidths = [1, 2, 4, 8, 16, 32, 64] as const;
export const monteCarloRuns = 20;
/** Layers per product: fewer at the two largest widths, where a layer costs n² draws. */
export const monteCarloLongDepth = 1000;
export const monteCarloShortDepth = 300;
export function monteCarloDepth(width: number): number {
  return width >= 32 ? monteCarloShortDepth : monteCarloLongDepth;
}
/** The seed of every Monte Carlo estimate. */
export const monteCarloSeed = 1;
/** λ₁ estimated by multiplying random matrices, at each width (σ_w² = 1). */
export const lyapunovEstimates = monteCarloWidths.map((width) =>
  lyapunovExponent({ width, depth: monteCarloDepth(width), runs: monteCarloRuns, seed: monteCarloSeed }),
);
/** The narrowest and the widest width the prose quotes (σ_w² = 1): λ₁ in closed form, and the estimates there. */
export const narrowWidth = 2;
export const wideWidth = 64;
const estimateAt = (width: number) => lyapunovEstimates[monteCarloWidths.indexOf(width as never)];
export const lambdaWidth2 = gaussianLyapunovExponent(narrowWidth);
export const lambdaWidth64 = gaussianLyapunovExponent(wideWidth);
export const estimateWidth2 = estimateAt(narrowWidth).estimate;
export const standardErrorWidth2 = estimateAt(narrowWidth).standardError;
export const estimateWidth64 = estimateAt(wideWidth).estimate;
export const standardErrorWidth64 = estimateAt(wideWidth).standardError;
/** −1/(2n) at the wide width: the large-width approximation of λ₁. */
export const asymptoteWidth64 = -1 / (2 * wideWidth);
/** How many of the figure's estimates lie within two standard errors of the closed form. */
export const estimatesWithinTwoErrors = lyapunovEstimates.filter(
  (e) => Math.abs(e.estimate - e.closedForm) <= 2 * e.standardError,
).length;

/** The depth of the typical-against-mean-square comparison. */
export const stretchDepth = 100;
/** Width 2 and width 256: the mean square σ_w^(2L) = 1, and the typical one e^(L·λ₁). */
export const stretchWideWidth = 256;
export const meanSquareStretch = gaussianStretch(narrowWidth, stretchDepth).meanSquare;
export const typicalStretch2 = gaussianStretch(narrowWidth, stretchDepth).typical;
export const typicalStretch256 = gaussianStretch(stretchWideWidth, stretchDepth).typical;

/**
 * The same exponent in a network's backward pass: linear layers of width 2 with LeCun normal weights (variance
 * 1/n), a fixed δ^[L], and (1/(L−1))·ln(‖δ^[1]‖/‖δ^[L]‖) averaged over many seeded networks.
 */
export const gradientWidth = narrowWidth;
export const gradientDepth = 30;
export const gradientNetworks = 200;
const gradientRates = Array.from({ length: gradientNetworks }, (_, seed) => {
  const net = mlp({
    sizes: new Array<number>(gradientDepth + 1).fill(gradientWidth),
    activation: 'identity',
    outputActivation: 'identity',
    bias: false,
    init: 'lecunNormal',
    seed: seed + 1,
  });
  forward(net, column([1, 0]));
  const rows = layerGradNorms(backward(net, column([1, 0])));
  return Math.log(rows[0].delta / rows[gradientDepth - 1].delta) / (gradientDepth - 1);
});
export const gradientRate = gradientRates.reduce((s, r) => s + r, 0) / gradientNetworks;
export const gradientRateStandardError = Math.sqrt(
  gradientRates.reduce((s, r) => s + (r - gradientRate) ** 2, 0) / (gradientNetworks - 1) / gradientNetworks,
);
/** The typical ‖δ^[1]‖/‖δ^[L]‖ the closed form predicts for that network: e^((L−1)·λ₁). */
export const gradientTypicalRatio = Math.exp((gradientDepth - 1) * gaussianLyapunovExponent(gradientWidth));

// ------------------------------------------------------------------------------- transient growth

/** The non-normal matrix: both eigenvalues 0.9, one eigenvector. */
export const transient = [
  [0.9, 5],
  [0, 0.9],
] as const;
const T = matrix(transient.map((row) => [...row]));
/** ρ(A) and ‖A‖₂. */
export const transientRadius = spectralRadius(T);
export const transientNorm = spectralNorm(T);
/** The powers the example draws. */
export const transientSteps = 100;
/** ‖A^t‖₂ for t = 1 … 100, by the engine (matrix power, then spectral norm). */
export const transientNorms = Array.from({ length: transientSteps }, (_, i) =>
  spectralNorm(matrixPower(T, i + 1)),
);
/** The largest ‖A^t‖ and the t where it happens. */
export const transientPeak = Math.max(...transientNorms);
export const transientPeakStep = transientNorms.indexOf(transientPeak) + 1;
/** ρ(A)^t at the peak: what the eigenvalues alone predict there. */
export const transientEigenPrediction = transientRadius ** transientPeakStep;
/** How many times larger the peak ‖A^t‖ is than that prediction. */
export const transientGap = transientPeak / transientEigenPrediction;
/** A network of this many layers of A: how much it can stretch, and what ρ(A)^L predicts. */
export const transientExampleDepth = 10;
export const transientAtExampleDepth = transientNorms[transientExampleDepth - 1];
export const transientEigenAtExampleDepth = transientRadius ** transientExampleDepth;
/** The first t from which ‖A^t‖ is below 1 for good. */
export const transientBackBelowOne = transientNorms.findLastIndex((v) => v >= 1) + 2;
