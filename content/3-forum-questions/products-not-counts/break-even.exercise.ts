/**
 * The share f of the layers that must be `high` (the rest `low`) for the product
 * of all the layers' factors to be exactly 1, whatever the depth.
 * Assume 0 < low < 1 < high.
 */
export function breakEvenFraction(low: number, high: number): number {
  // Replace this: it makes the arithmetic mean of the factors 1,
  // f·high + (1 − f)·low = 1, as counting layers on each side of 1 does.
  // For 0.5 and 1.5 it says half.
  return (1 - low) / (high - low);
}
