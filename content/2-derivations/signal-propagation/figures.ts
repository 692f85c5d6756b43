/**
 * The figures of the lesson "Signal propagation at depth", as chart options computed by @gradscope/core when the
 * page builds. Phases are coloured as per-layer factors on the book's k scale: ordered (gradients shrink) like
 * k = 0.5, chaotic (they grow) like k = 1.5.
 */
import { phaseDiagramChart } from '@gradscope/charts';
import { correlationDepthScale, criticalLine } from '@gradscope/core';
import { biasVariance, measuredDepth, measuredWidth, phaseMeasurements, trainableFactor } from './numbers.ts';

const sigmaW = 'σ_w² (weight variance × fan-in)';

/** The theory's edge of chaos for tanh, σ_b² from 0 to 0.35. */
export const edgeOfChaos = criticalLine({
  activation: 'tanh',
  // Dense near σ_b² = 0, where the edge leaves σ_w² = 1 steeply.
  biasVariances: [0, 0.0005, 0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35],
});

/** Figure: the phase diagram of tanh, the theory's edge over width-200 networks measured on a grid. */
export const phaseDiagram = phaseDiagramChart({
  xLabel: sigmaW,
  yLabel: 'σ_b² (bias variance)',
  curves: [
    {
      label: 'χ₁ = 1 (theory)',
      points: edgeOfChaos.map((p) => ({ x: p.weightVariance, y: p.biasVariance })),
    },
  ],
  points: phaseMeasurements.map((p) => ({
    x: p.weightVariance,
    y: p.biasVariance,
    phase: p.measured < 1 ? 'ordered' : 'chaotic',
    title: `σ_w² ${p.weightVariance}, σ_b² ${p.biasVariance}: ‖δ‖² grew by ${p.measured.toFixed(3)} per layer (measured), χ₁ = ${p.theory.toFixed(3)} (theory)`,
  })),
  phases: {
    ordered: { label: 'ordered: ‖δ‖² shrank layer by layer' },
    chaotic: { label: 'chaotic: ‖δ‖² grew layer by layer' },
  },
  annotations: [
    { text: 'ordered', x: 0.9, y: 0.27 },
    { text: 'chaotic', x: 3.4, y: 0.04 },
  ],
  xDomain: [0.3, 4.2],
  yDomain: [-0.02, 0.35],
  ariaLabel: `Phase diagram of tanh networks: the edge of chaos against measurements of ${measuredWidth}-unit, ${measuredDepth}-layer networks`,
});

/** The σ_w² at which the depth-scale figure evaluates ξ_c (σ_b² = 0.05); denser near the edge. */
export const depthScaleWeightVariances = [
  0.5, 0.75, 1, 1.25, 1.4, 1.5, 1.6, 1.68, 1.72, 1.745, 1.755, 1.77, 1.8, 1.9, 2.1, 2.5, 3, 3.5, 4,
];
/** ξ_c at each of them. */
export const depthScales = depthScaleWeightVariances.map((w) =>
  correlationDepthScale({ activation: 'tanh', weightVariance: w, biasVariance }),
);

/** Figure: ξ_c and the trainable depth 6ξ_c against σ_w², at σ_b² = 0.05. */
export const depthScaleChart = phaseDiagramChart({
  xLabel: sigmaW,
  yLabel: 'depth in layers (log scale)',
  yScale: 'log',
  curves: [
    {
      label: 'ξc',
      points: depthScaleWeightVariances.map((x, i) => ({ x, y: depthScales[i] })),
    },
    {
      label: `${trainableFactor}ξc (trainable depth)`,
      points: depthScaleWeightVariances.map((x, i) => ({ x, y: trainableFactor * depthScales[i] })),
      dashed: true,
    },
  ],
  annotations: [
    { text: 'ordered', x: 0.9, y: 300 },
    { text: 'chaotic', x: 3.2, y: 300 },
  ],
  xDomain: [0.4, 4.1],
  yDomain: [1, 1000],
  ariaLabel: `The depth scale ξ_c and ${trainableFactor}ξ_c of tanh networks against σ_w², at σ_b² = ${biasVariance}`,
});
