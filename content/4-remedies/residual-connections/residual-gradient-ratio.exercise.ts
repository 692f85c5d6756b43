/**
 * A linear residual network of L = epsilons.length blocks of width 2:
 * block l computes a^[l] = a^[l−1] + epsilons[l − 1]·a^[l−1] (its branch is
 * one linear layer with weights ε_l·I). Return ‖δ^[1]‖ / ‖δ^[L]‖, where
 * δ^[l] = ∂L/∂a^[l], for any loss.
 */
export function residualGradientRatio(epsilons: number[]) {
  // "The skip connection carries the gradient unchanged": every block's
  // factor is the identity path's 1. True of that path alone; but the
  // gradient also goes back through every branch. Fix it.
  return epsilons.reduce((ratio) => ratio * 1, 1);
}
