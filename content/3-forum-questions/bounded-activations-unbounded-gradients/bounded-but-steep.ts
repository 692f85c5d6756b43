// Bounded is not flat: send inputs round a circle, x(t) = cos t·u + sin t·v, through two
// tanh networks and follow one output unit. Both stay inside (−1, 1); how fast they change
// as the input moves is another matter.
import { createRandom, fillNormal, forward, meanFieldNetwork, zeros } from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const width = 100;
const depth = 10;
const points = 400;

const random = createRandom('bounded activations: circle');
const u = fillNormal(new Float64Array(width), random);
const v = fillNormal(new Float64Array(width), random);
const X = zeros(width, points); // one input per column
const ts = Array.from({ length: points }, (_, j) => (2 * Math.PI * j) / points);
ts.forEach((t, j) => {
  for (let i = 0; i < width; i++) {
    X.data[i * points + j] = Math.cos(t) * u[i] + Math.sin(t) * v[i];
  }
});

const curves = [
  { label: 'σ_w² = 4 (chaotic)', weightVariance: 4, k: 1.5 },
  { label: 'σ_w² = 1 (ordered)', weightVariance: 1, k: 0.5 },
].map(({ label, weightVariance, k }) => {
  const net = meanFieldNetwork({
    activation: 'tanh',
    weightVariance,
    biasVariance: 0.05,
    inputSize: width,
    width,
    depth,
    seed: 1,
  });
  const y = forward(net, X).output.data.slice(0, points); // unit 1 at every point
  let signChanges = 0;
  let travelled = 0; // Σ|Δa|: how far the output moves up and down in one trip round
  for (let j = 0; j < points; j++) {
    const next = y[(j + 1) % points];
    if (Math.sign(next) !== Math.sign(y[j])) signChanges++;
    travelled += Math.abs(next - y[j]);
  }
  console.log(`${label}: changes sign ${signChanges} times,`, `travels ${travelled.toFixed(2)}`);
  return { label, meaning: { k }, values: y, x: ts };
});

display(trainingCurveChart({ series: curves, xLabel: 'position on the circle, t', yLabel: 'a[L] (unit 1)' }));
