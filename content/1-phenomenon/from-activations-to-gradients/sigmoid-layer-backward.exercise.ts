import { full, hadamard, matmulTransA, matmulTransB, type Matrix } from '@gradscope/core';

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
  // The slope g'(z), entry by entry. This one is the identity's
  // (g(z) = z, slope 1): the starter is the backward pass of the
  // lecture's linear layer. Put the sigmoid's slope here.
  const slope = full(z.rows, z.cols, 1);
  const delta = hadamard(dA, slope); // δ = dA ⊙ g'(z)
  return {
    dW: matmulTransB(delta, aPrev), // dW = δ·aPrevᵀ
    dAPrev: matmulTransA(W, delta), // dAPrev = Wᵀ·δ
  };
}
