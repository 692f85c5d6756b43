import { hadamard, matmulTransA, matmulTransB, zeros, type Matrix } from '@gradscope/core';

/**
 * The backward pass of one dense sigmoid layer, z = W·aPrev + b and
 * a = σ(z), for a batch (one example per column). Given dA = ∂L/∂a,
 * return dW = ∂L/∂W and dAPrev = ∂L/∂aPrev, the gradient handed to the
 * layer below.
 */
export function sigmoidLayerBackward(
  W: Matrix,
  aPrev: Matrix,
  z: Matrix,
  dA: Matrix,
): { dW: Matrix; dAPrev: Matrix } {
  // σ'(z) = σ(z)·(1 − σ(z)): the sigmoid's slope, through its output
  // a = σ(z). At most 1/4.
  const slope = zeros(z.rows, z.cols);
  for (let i = 0; i < z.data.length; i++) {
    const a = 1 / (1 + Math.exp(-z.data[i]));
    slope.data[i] = a * (1 - a);
  }
  const delta = hadamard(dA, slope); // δ = dA ⊙ σ'(z)
  return {
    dW: matmulTransB(delta, aPrev), // dW = δ·aPrevᵀ
    dAPrev: matmulTransA(W, delta), // dAPrev = Wᵀ·δ = Wᵀ·(dA ⊙ σ'(z))
  };
}
