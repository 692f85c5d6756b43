/**
 * The first whole L with k^L ≤ minSubnormal/2. With log₂ k < 0 the
 * inequality flips: L ≥ (log₂(minSubnormal) − 1)/log₂ k, so L is the
 * ceiling of that. Write log₂(minSubnormal) − 1, not
 * log₂(minSubnormal / 2): in float64, half of float64's smallest
 * subnormal is itself 0, and log₂ 0 is −∞.
 */
export function underflowLayer(k: number, minSubnormal: number): number {
  return Math.ceil((Math.log2(minSubnormal) - 1) / Math.log2(k));
}
