/**
 * The first layer L at which the lecture's activation k^L (input
 * x = 1, k > 1) exceeds `max`, the largest finite number of a format,
 * computed in exact arithmetic: the closed form, not a simulation.
 */
export function overflowLayer(k: number, max: number): number {
  // Fix this line: ln(max)/ln(k) is the (fractional) L at which
  // k^L equals max exactly.
  return Math.log(max) / Math.log(k);
}
