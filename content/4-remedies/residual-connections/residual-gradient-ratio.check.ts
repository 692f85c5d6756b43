// residualGradientRatio against the engine's backward pass through linear residual blocks with
// branch weights ε_l·I: the lesson's ε = 0.5 and ε = 1/L, a branch that grows with depth, one that
// alternates in sign, one of −0.5, where the block's factor 1 + ε is 0.5 and the gradient vanishes, and one
// with a branch of −3, whose factor is negative.
import {
  backward,
  column,
  dense,
  forward,
  frobeniusNorm,
  network,
  residual,
  scaledIdentityInit,
} from '@gradscope/core';

function ratioCase(epsilons: number[]) {
  const net = network(
    epsilons.map((epsilon) =>
      residual({
        inner: [dense({ inputSize: 2, outputSize: 2, init: scaledIdentityInit(epsilon), bias: false })],
      }),
    ),
  );
  const { output } = forward(net, column([1, -2]));
  const { layers } = backward(net, output);
  const expected = frobeniusNorm(layers[0].delta) / frobeniusNorm(layers[epsilons.length - 1].delta);
  return { args: [epsilons], expected };
}

export default {
  function: 'residualGradientRatio',
  cases: [
    ratioCase(new Array(20).fill(0.5)),
    ratioCase(new Array(100).fill(0.01)),
    ratioCase(Array.from({ length: 30 }, (_, i) => (i + 1) / 30)),
    ratioCase(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 0.3 : -0.3))),
    ratioCase([2, ...new Array(24).fill(-0.5)]),
    // A branch of −3: the block's factor 1 + ε is −2, and a norm has no sign.
    ratioCase([0.1, -3, 0.5, 0.2]),
  ],
  // The engine multiplies block by block, as the solution does, in another order: a few ulps apart.
  tolerance: 1e-10,
} satisfies ExerciseCheck;
