// At He initialization the mean square of the gradient keeps its size, but one network's gradient is not the
// mean: log₁₀(‖δ[1]‖/‖δ[L]‖) over 100 networks for a few depths L and widths n. The spread grows with L/n.
import {
  backward,
  createRandom,
  fillNormal,
  forward,
  meanFieldNetwork,
  reluStretch,
  zeros,
} from '@gradscope/core';
import { histogramChart } from '@gradscope/charts';

const cases = [
  { depth: 8, width: 16 },
  { depth: 16, width: 32 },
  { depth: 32, width: 16 },
];
const networks = 100;
const squared = (data: ArrayLike<number>) => Array.from(data).reduce((s, v) => s + v * v, 0);

const panels = cases.map(({ depth, width }) => {
  const values: number[] = [];
  for (let seed = 1; seed <= networks; seed++) {
    const net = meanFieldNetwork({
      activation: 'relu',
      weightVariance: 2,
      inputSize: width,
      width,
      depth,
      seed,
    });
    const random = createRandom(10_000 + seed);
    const x = zeros(width, 1);
    fillNormal(x.data, random);
    forward(net, x);
    const dOutput = zeros(width, 1); // a random ∂L/∂a[L]
    fillNormal(dOutput.data, random);
    const { layers } = backward(net, dOutput);
    values.push(Math.log10(Math.sqrt(squared(layers[0].delta.data) / squared(layers[depth - 1].delta.data))));
  }
  // The exact law of the forward pass, over the L − 1 steps from δ[L] back to δ[1].
  const theory = reluStretch(width, depth - 1);
  console.log(
    `L = ${depth}, n = ${width}: standard deviation of log₁₀ ${(theory.logStd / Math.LN10).toFixed(3)} (closed form)`,
  );
  return { label: `L = ${depth}, n = ${width}`, values };
});

display(
  histogramChart({
    xLabel: 'log₁₀(‖δ[1]‖ / ‖δ[L]‖), one network each',
    meaning: { initializer: 'he' },
    bins: 30,
    domain: [-4, 1],
    layers: panels,
  }),
);
