// The lecture's network, with and without a skip. Plain: L layers of ε·I. Residual: L blocks
// a[l] = a[l−1] + ε·I·a[l−1], so each block's Jacobian is I + ε·I = (1 + ε)·I. One input
// x = (1, 1), and the gradient (1, 1) at the output (the loss ŷ₁ + ŷ₂). The table compares
// ‖δ[1]‖ / ‖δ[L]‖, the book's vanishing ratio, with the closed forms |ε|^(L−1) and |1 + ε|^(L−1).
import {
  backward,
  column,
  dense,
  forward,
  frobeniusNorm,
  linearNetwork,
  network,
  residual,
} from '@gradscope/core';
import { scaledIdentityInit, type Network } from '@gradscope/core';

const depth = 100;

function residualNetwork(epsilon: number) {
  const blocks = Array.from({ length: depth }, () =>
    residual({
      inner: [dense({ inputSize: 2, outputSize: 2, init: scaledIdentityInit(epsilon), bias: false })],
    }),
  );
  return network(blocks);
}

function firstOverLast(net: Network) {
  forward(net, column([1, 1]));
  const { layers } = backward(net, column([1, 1]));
  return frobeniusNorm(layers[0].delta) / frobeniusNorm(layers[depth - 1].delta);
}

display(
  [0.5, 0.1, 1 / depth].map((epsilon) => ({
    ε: epsilon,
    'plain: ‖δ[1]‖/‖δ[L]‖': firstOverLast(linearNetwork(depth, epsilon)),
    '|ε|^(L−1)': Math.abs(epsilon) ** (depth - 1),
    'residual: ‖δ[1]‖/‖δ[L]‖': firstOverLast(residualNetwork(epsilon)),
    '|1 + ε|^(L−1)': Math.abs(1 + epsilon) ** (depth - 1),
  })),
);
