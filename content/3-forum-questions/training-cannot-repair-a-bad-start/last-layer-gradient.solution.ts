/**
 * The lecture's network: `depth` layers of k·I (identity activation, no
 * bias), one input x, the loss ½‖ŷ − y‖² with the target y = x. Return
 * ‖dW^[L]‖, the norm of the LAST layer's weight gradient
 * dW^[L] = delta^[L]·(a^[L−1])ᵀ, which is ‖delta^[L]‖·‖a^[L−1]‖.
 */
export function lastLayerGradientNorm(k: number, depth: number, x: number[]) {
  const xNorm = Math.hypot(...x);
  // The error has been through all L layers: ŷ = k^L·x, ŷ − y = (k^L − 1)·x.
  const errorNorm = Math.abs(k ** depth - 1) * xNorm; // ‖delta^[L]‖
  // The last layer's input has been through the L − 1 layers below it.
  const inputNorm = Math.abs(k) ** (depth - 1) * xNorm; // ‖a^[L−1]‖
  return errorNorm * inputNorm; // the same as every other layer's ‖dW^[l]‖
}
