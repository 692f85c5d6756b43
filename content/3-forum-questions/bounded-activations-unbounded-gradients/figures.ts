/**
 * The figures of the lesson "Bounded activations, unbounded gradients", as chart options computed by
 * @gradscope/core when the page builds. Networks are coloured by what their gradient does per layer, on the book's
 * k scale (as in lesson 6): chaotic (it grows) like k = 1.5, on the edge like k = 1, ordered (it shrinks) like
 * k = 0.5.
 */
import { forwardBackwardChart, histogramChart, theoryVsMeasuredChart } from '@gradscope/charts';
import {
  chaotic,
  chaoticWeightVariance,
  critical,
  criticalWeightVarianceTanh,
  depth,
  ordered,
  raceMeasured,
  raceTheory,
  orderedWeightVariance,
  width,
} from './numbers.ts';

/** The three networks, as the figures label and colour them. */
export const networks = [
  { label: `σ_w² = ${chaoticWeightVariance} (chaotic)`, meaning: { k: 1.5 }, run: chaotic },
  {
    label: `σ_w² = ${criticalWeightVarianceTanh.toFixed(2)} (edge of chaos)`,
    meaning: { k: 1 },
    run: critical,
  },
  { label: `σ_w² = ${orderedWeightVariance} (ordered)`, meaning: { k: 0.5 }, run: ordered },
] as const;

/** Figure: the forward pass under tanh's bound beside the backward pass, in the same three networks. */
export const sideBySideChart = forwardBackwardChart({
  bound: 1,
  boundLabel: '|tanh| < 1',
  theoryLabel: 'mean field (theory)',
  measuredLabel: `width-${width} network (measured)`,
  ariaLabel: `Forward and backward through three ${depth}-layer tanh networks: activations bounded, gradients not`,
  networks: networks.map(({ label, meaning, run }) => ({
    label,
    meaning,
    forward: { largest: run.largest, rms: run.rms },
    backward: { measured: run.ratio, theory: run.theory },
  })),
});

/** The layers whose slopes the histogram shows. */
export const histogramLayers = [1, 10, 30, 50] as const;

/** Figure: the slopes tanh'(z^[l]) of every unit and example in four layers of the chaotic network. */
export const slopeHistogram = histogramChart({
  xLabel: "slope tanh'(z)",
  domain: [0, 1],
  bins: 20,
  meaning: { k: 1.5 },
  ariaLabel: `The slopes of the chaotic network's units in layers ${histogramLayers.join(', ')}`,
  layers: histogramLayers.map((l) => ({ label: `layer ${l}`, values: chaotic.slopes[l - 1] })),
});

/** Figure: one step back, split into the weights' factor, the slopes' factor and their product, against σ_w². */
export const raceChart = theoryVsMeasuredChart({
  xLabel: 'σ_w² (weight variance × fan-in)',
  yLabel: 'factor on ‖δ‖² per layer',
  unit: 'σ_w²',
  theoryLabel: 'mean field (theory)',
  measuredLabel: `width-${width} network, layers 10 to ${depth} (measured)`,
  ariaLabel: 'What one step back does to the mean square of the gradient, against the weight variance',
  series: [
    {
      label: 'weights: σ_w²',
      theoryX: raceTheory.map((p) => p.weightVariance),
      theory: raceTheory.map((p) => p.weightVariance),
      measuredX: raceMeasured.map((p) => p.weightVariance),
      measured: raceMeasured.map((p) => p.weights),
    },
    {
      label: "slopes: E[tanh'(z)²]",
      meaning: { activation: 'tanh' },
      theoryX: raceTheory.map((p) => p.weightVariance),
      theory: raceTheory.map((p) => p.slopes),
      measuredX: raceMeasured.map((p) => p.weightVariance),
      measured: raceMeasured.map((p) => p.slopes),
    },
    {
      label: 'both: χ₁',
      theoryX: raceTheory.map((p) => p.weightVariance),
      theory: raceTheory.map((p) => p.chi),
      measuredX: raceMeasured.map((p) => p.weightVariance),
      measured: raceMeasured.map((p) => p.step),
    },
  ],
});
