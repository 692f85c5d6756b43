// E[(a[l])²] layer by layer in bias-free ReLU networks of 30 layers of 32 units, for three initializers: the mean
// over 8 networks each (dots) against the exact (σ_w²/2)^l · E[x²] (lines). σ_w² is a weight's variance times
// its fan-in: Xavier normal 1 (square layers), He normal 2. Eight networks make a noisy mean (one network's
// signal strays from it by a factor that grows with depth): try 32.
import { createRandom, fillNormal, forward, mlp, normalInit, reluStretch, zeros } from '@gradscope/core';
import { theoryVsMeasuredChart } from '@gradscope/charts';

const width = 32;
const L = 30;
const networks = 8;
const big = 3; // σ_w² of the third networks: 1.5 times He's variance
const inits = [
  { label: 'Xavier normal', init: 'xavierNormal', weightVariance: 1 },
  { label: 'He normal', init: 'heNormal', weightVariance: 2 },
  { label: `${big / 2} × He normal`, init: normalInit({ variance: big / width }), weightVariance: big },
] as const;
const layers = Array.from({ length: L }, (_, l) => l + 1);
const squared = (data: ArrayLike<number>) => Array.from(data).reduce((s, v) => s + v * v, 0);

const measured = inits.map(({ init }, which) => {
  const ratios: number[][] = layers.map(() => []);
  for (let s = 0; s < networks; s++) {
    const seed = 100 * which + s;
    const net = mlp({
      sizes: new Array(L + 1).fill(width),
      activation: 'relu',
      outputActivation: 'relu',
      bias: false,
      init,
      seed,
    });
    const X = zeros(width, 8); // 8 inputs with N(0, 1) entries
    fillNormal(X.data, createRandom(seed + 1));
    const trace = forward(net, X);
    trace.layers.forEach(({ a }, l) => ratios[l].push(squared(a.data) / squared(X.data)));
  }
  return ratios.map((r) => r.reduce((s, v) => s + v, 0) / r.length);
});

for (const { label, weightVariance } of inits) {
  console.log(
    `${label}: E[a²] after ${L} layers is ${reluStretch(width, L, { weightVariance }).meanSquare} × E[x²] (exact)`,
  );
}
display(
  theoryVsMeasuredChart({
    xLabel: 'layer l',
    yLabel: 'E[(a[l])²] / E[x²] (log scale)',
    unit: 'layer',
    theoryLabel: 'exact, (σ_w²/2)^l',
    measuredLabel: `mean over ${networks} networks`,
    labels: 'legend',
    series: inits.map(({ label, weightVariance }, i) => ({
      label,
      theoryX: layers,
      theory: layers.map((l) => reluStretch(width, l, { weightVariance }).meanSquare),
      measured: measured[i],
    })),
  }),
);
