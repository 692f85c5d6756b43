// tanhBackStep against the engine's own backward pass: a small layer written out, and steps taken from a random
// width-40 tanh network in the chaotic phase (σ_w² = 4), whose δ grows going back although every slope is at most 1.
import {
  backward,
  createRandom,
  fillNormal,
  fixedInit,
  forward,
  meanFieldNetwork,
  mlp,
  zeros,
} from '@gradscope/core';

const rowsOf = (data: ArrayLike<number>, cols: number) =>
  Array.from({ length: data.length / cols }, (_, i) => Array.from(data).slice(i * cols, (i + 1) * cols));

// A 2-unit layer l below a 3-unit layer l + 1, written out: the engine's two-layer network with these weights.
function small() {
  const W1 = [
    [0.5, -1.2],
    [2.0, 0.3],
  ];
  const W2 = [
    [1.5, -0.5],
    [-2.0, 1.0],
    [0.7, 2.5],
  ];
  const net = mlp({
    sizes: [2, 2, 3],
    activation: 'tanh',
    outputActivation: 'tanh',
    bias: false,
    layers: { 1: { init: fixedInit(W1) }, 2: { init: fixedInit(W2) } },
  });
  const x = zeros(2, 1);
  x.data.set([0.8, -0.4]);
  forward(net, x);
  const dOutput = zeros(3, 1);
  dOutput.data.set([3, -2, 1]);
  const { layers } = backward(net, dOutput);
  return {
    args: [W2, Array.from(net.layers[0].lastTrace!.z.data), Array.from(layers[1].delta.data)],
    expected: Array.from(layers[0].delta.data),
    label: 'a 2-unit layer under a 3-unit layer',
  };
}

// Layers l = 5, 20, 39 of a chaotic network of 40 layers of 40 units, one input, a random ∂L/∂a[L].
function chaotic() {
  const width = 40;
  const net = meanFieldNetwork({
    activation: 'tanh',
    weightVariance: 4,
    biasVariance: 0.05,
    inputSize: width,
    width,
    depth: 40,
    seed: 3,
  });
  const random = createRandom('tanh back step');
  const x = zeros(width, 1);
  fillNormal(x.data, random);
  const trace = forward(net, x);
  const dOutput = zeros(width, 1);
  fillNormal(dOutput.data, random);
  const { layers } = backward(net, dOutput);
  return [5, 20, 39].map((l) => ({
    args: [
      rowsOf(net.params[2 * l].value.data, width), // W[l+1] (params: W[1], b[1], W[2], …)
      Array.from(trace.layers[l - 1].z.data),
      Array.from(layers[l].delta.data),
    ],
    expected: Array.from(layers[l - 1].delta.data),
    label: `layer ${l} of a chaotic width-${width} network`,
  }));
}

export default {
  function: 'tanhBackStep',
  cases: [small(), ...chaotic()],
  // The engine sums the same products in another order: a few units in the last place, more where a sum cancels.
  tolerance: 1e-9,
} satisfies ExerciseCheck;
