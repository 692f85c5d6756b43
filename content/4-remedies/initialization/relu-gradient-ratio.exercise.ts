/**
 * A deep ReLU network whose weights have variance σ_w²/n (σ_w² = weightVariance) between layers of width n.
 * Return the mean-square prediction of ‖δ^[l]‖ / ‖δ^[L]‖ when layer l lies `layersBetween` = L − l layers
 * below the last one, δ^[l] = ∂L/∂z^[l].
 */
export function reluGradientRatio(weightVariance: number, layersBetween: number) {
  // "Each layer multiplies the gradient by its weights' variance": this forgets what the ReLU's slope
  // does, and which quantity σ_w² multiplies. Fix it.
  return weightVariance ** layersBetween;
}
