/**
 * The share f of the layers that must be `high` (the rest `low`) for the product
 * of all the layers' factors to be exactly 1, whatever the depth.
 * Assume 0 < low < 1 < high.
 */
export function breakEvenFraction(low: number, high: number): number {
  // With f·L layers at high and (1 − f)·L at low, the product is 1 when its
  // logarithm is 0: f·ln(high) + (1 − f)·ln(low) = 0,
  // so f = −ln(low) / (ln(high) − ln(low)).
  return -Math.log(low) / (Math.log(high) - Math.log(low));
}
