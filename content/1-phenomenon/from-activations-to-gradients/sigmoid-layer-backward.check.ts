// sigmoidLayerBackward against the engine's own dense sigmoid layer (forward, then backward
// from dA), on layers from one unit to four, with batches of one to five examples and, in the
// last case, weights large enough to saturate some units.
import { createRandom, dense, fillNormal, matrix, zeros, type Matrix } from '@gradscope/core';

function layerCase(W: Matrix, aPrev: Matrix, dA: Matrix, label: string) {
  const layer = dense({ inputSize: W.cols, outputSize: W.rows, activation: 'sigmoid' });
  layer.W.value.data.set(W.data);
  layer.b!.value.data.fill(0.1); // a bias, so that z is not W·aPrev alone
  const { z } = layer.forward(aPrev, 'train');
  const { dInput } = layer.backward(dA);
  return {
    label,
    args: [W, aPrev, z, dA],
    expected: { dW: layer.W.grad, dAPrev: dInput },
  };
}

function randomMatrix(rows: number, cols: number, std: number, seed: number): Matrix {
  const m = zeros(rows, cols);
  fillNormal(m.data, createRandom(seed), 0, std);
  return m;
}

export default {
  function: 'sigmoidLayerBackward',
  cases: [
    layerCase(matrix([[2]]), matrix([[0.5]]), matrix([[1]]), 'one unit, one input, one example'),
    layerCase(
      matrix([
        [0.8, -0.5],
        [-1.2, 0.9],
        [0.4, 1.5],
      ]),
      matrix([
        [0.5, -1.0, 1.5, 0.2],
        [1.0, 0.3, -0.7, -1.2],
      ]),
      randomMatrix(3, 4, 1, 2),
      'the tiny network’s first layer: 3 units, 2 inputs, 4 examples',
    ),
    layerCase(
      randomMatrix(4, 3, 2, 3),
      randomMatrix(3, 5, 1, 4),
      randomMatrix(4, 5, 1, 5),
      '4 units, 3 inputs, 5 examples, large weights',
    ),
  ],
  tolerance: 1e-10,
} satisfies ExerciseCheck;
