/**
 * The first whole L with k^L > max: k^L > max ⟺ L > ln(max)/ln(k)
 * (ln k > 0), so L = ⌊ln(max)/ln(k)⌋ + 1. This is ⌈ln(max)/ln(k)⌉
 * unless k^L lands exactly on max, where k^L > max first holds one
 * layer later.
 */
export function overflowLayer(k: number, max: number): number {
  return Math.floor(Math.log(max) / Math.log(k)) + 1;
}
