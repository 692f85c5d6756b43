/**
 * The lecture's network: `depth` layers of k·I (identity activation, no
 * bias), one input x, the loss ½‖ŷ − y‖² with the target y = x. Return
 * ‖dW^[L]‖, the norm of the LAST layer's weight gradient
 * dW^[L] = delta^[L]·(a^[L−1])ᵀ, which is ‖delta^[L]‖·‖a^[L−1]‖.
 */
export function lastLayerGradientNorm(k: number, depth: number, x: number[]) {
  const xNorm = Math.hypot(...x);
  // The forum's picture: the last layer sits next to the loss, so nothing
  // has multiplied its gradient. Right for a network of one layer (there
  // ŷ − y = (k − 1)·x and the layer's input is x), wrong for any deeper
  // one: both factors have been through the layers below. Fix them.
  const errorNorm = Math.abs(k - 1) * xNorm; // ‖delta^[L]‖ = ‖ŷ − y‖
  const inputNorm = xNorm; // ‖a^[L−1]‖
  return errorNorm * inputNorm;
}
