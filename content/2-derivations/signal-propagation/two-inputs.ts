// Two inputs through the same random tanh network: how correlated are their pre-activations z^[l] at each layer?
// Theory: the correlation map c^l = C(c^(l−1)) iterated. Measured: the cosine between the two columns of z^[l]
// in a network of width 200. Both inputs have ‖x‖²/n_0 = 1; their raw correlation is ρ.
import { forward, forwardCorrelation, layerCorrelations, matrix, meanFieldNetwork } from '@gradscope/core';
import { theoryVsMeasuredChart } from '@gradscope/charts';

const biasVariance = 0.05; // σ_b²
const depth = 30;

function pair(weightVariance: number, rho: number) {
  const options = { activation: 'tanh', weightVariance, biasVariance } as const;
  // x_a = √2·(1, 0), x_b = √2·(ρ, √(1 − ρ²)): mean square 1 each, raw correlation ρ.
  const X = matrix([
    [Math.SQRT2, Math.SQRT2 * rho],
    [0, Math.SQRT2 * Math.sqrt(1 - rho * rho)],
  ]);
  const net = meanFieldNetwork({ ...options, inputSize: 2, width: 200, depth, seed: 2 });
  // The first layer's correlation for these inputs: (σ_w²·ρ + σ_b²)/(σ_w² + σ_b²).
  const c1 = (weightVariance * rho + biasVariance) / (weightVariance + biasVariance);
  return {
    theory: forwardCorrelation({ ...options, inputSecondMoment: 1, depth, inputCorrelation: c1 }),
    measured: layerCorrelations(forward(net, X)),
  };
}

const chaotic = pair(2.5, 0.99); // nearly identical inputs, σ_w² above the edge
const ordered = pair(1.5, 0); // unrelated inputs, σ_w² below the edge

console.log(
  `chaotic, layer ${depth}: theory ${chaotic.theory[depth - 1].toFixed(3)}, measured ${chaotic.measured[depth - 1].toFixed(3)}`,
);
console.log(
  `ordered, layer ${depth}: theory ${ordered.theory[depth - 1].toFixed(3)}, measured ${ordered.measured[depth - 1].toFixed(3)}`,
);

display(
  theoryVsMeasuredChart({
    title: 'Correlation between two inputs, layer by layer',
    xLabel: 'layer l',
    yLabel: 'c^l, correlation of z^[l]',
    yScale: 'linear',
    unit: 'layer',
    theoryLabel: 'correlation map (theory)',
    measuredLabel: 'width-200 network (measured)',
    series: [
      { label: 'σ_w² = 2.5, ρ = 0.99', meaning: { k: 1.5 }, ...chaotic },
      { label: 'σ_w² = 1.5, ρ = 0', meaning: { k: 0.5 }, ...ordered },
    ],
  }),
);
