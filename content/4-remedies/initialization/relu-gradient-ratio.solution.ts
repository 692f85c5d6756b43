/**
 * A deep ReLU network whose weights have variance σ_w²/n (σ_w² = weightVariance) between layers of width n.
 * Return the mean-square prediction of ‖δ^[l]‖ / ‖δ^[L]‖ when layer l lies `layersBetween` = L − l layers
 * below the last one, δ^[l] = ∂L/∂z^[l].
 */
export function reluGradientRatio(weightVariance: number, layersBetween: number) {
  // δ^[l−1] = g′(z^[l−1]) ⊙ W^[l]ᵀ δ^[l]: the weights multiply E‖δ‖² by σ_w², and the ReLU's slope, 1 or 0
  // with probability one half each, keeps half of it. Per layer E‖δ‖² is multiplied by σ_w²/2; the norm
  // is the square root of that.
  return Math.sqrt((weightVariance / 2) ** layersBetween);
}
