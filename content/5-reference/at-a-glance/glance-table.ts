// The book's key numbers for settings you choose: how deep k·I goes in each number format, and what each
// initialization does per layer at width n. Edit the four settings and run it again.
import {
  chi,
  floatFormat,
  initVariance,
  overflowDepth,
  scaledIdentityOutput,
  underflowDepth,
} from '@gradscope/core';

const k = 1.5; // every layer is k·I (the lecture's network, x = 1): how deep until ∞?
const shrink = 0.5; // every layer is shrink·I: how deep until exactly 0?
const depth = 30; // L, for the "after L layers" columns
const width = 256; // n = fan-in = fan-out, for the initializations
const formats = ['float16', 'bfloat16', 'float32', 'float64'] as const;

// Depths are simulated (one rounding per layer, as a network in that format computes); ∞ means never.
const layers = (L: number) => (Number.isFinite(L) ? L : '∞ (never)');
display(
  formats.map((dtype) => ({
    format: dtype,
    'largest number': floatFormat(dtype).max,
    [`k^L at L = ${depth}`]: scaledIdentityOutput(k, depth, 1, { dtype }),
    [`overflow layer of ${k}·I`]: layers(overflowDepth(k, { dtype })),
    [`zero layer of ${shrink}·I`]: layers(underflowDepth(shrink, { dtype })),
  })),
);

// σ_w² = n·Var(W): the variance times the fan-in. χ₁ = σ_w²·E[g′(z)²]: the per-layer factor of the gradient's
// mean square (not its typical size) deep in a wide network without biases.
display(
  (['lecun', 'xavier', 'he'] as const).map((scheme) => {
    const variance = initVariance(scheme, { fanIn: width, fanOut: width });
    const relu = chi({ activation: 'relu', weightVariance: width * variance });
    const tanh = chi({ activation: 'tanh', weightVariance: width * variance });
    return {
      initializer: scheme,
      'Var(W)': variance,
      'std √Var(W)': Math.sqrt(variance),
      'ReLU: χ₁': relu,
      [`ReLU: χ₁^${depth}`]: relu ** depth,
      'tanh: χ₁': tanh,
      [`tanh: χ₁^${depth}`]: tanh ** depth,
    };
  }),
);
