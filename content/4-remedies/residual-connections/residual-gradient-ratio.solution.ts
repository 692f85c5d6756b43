/**
 * A linear residual network of L = epsilons.length blocks of width 2:
 * block l computes a^[l] = a^[l−1] + epsilons[l − 1]·a^[l−1] (its branch is
 * one linear layer with weights ε_l·I). Return ‖δ^[1]‖ / ‖δ^[L]‖, where
 * δ^[l] = ∂L/∂a^[l], for any loss.
 */
export function residualGradientRatio(epsilons: number[]) {
  // δ^[l−1] = (I + ε_l·I)ᵀ δ^[l] = (1 + ε_l)·δ^[l]: going back from block L to
  // block 1 passes through the Jacobians of blocks L, L − 1, …, 2. Block 1's
  // own factor acts on the way to the input a^[0], not to δ^[1].
  let ratio = 1;
  for (let l = 2; l <= epsilons.length; l++) ratio *= Math.abs(1 + epsilons[l - 1]);
  return ratio;
}
