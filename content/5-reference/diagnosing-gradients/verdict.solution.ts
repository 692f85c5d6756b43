/**
 * The lesson's verdict from the norms ‖delta^[l]‖ of layers l = 1 … L (deltaNorms[0] is layer 1, the last entry
 * layer L): 'exploding' when r = ‖delta^[1]‖ / ‖delta^[L]‖ is above `threshold` or not a number, 'vanishing' when
 * r is below 1 / threshold, 'healthy' otherwise.
 */
export function diagnose(deltaNorms: number[], threshold: number): 'vanishing' | 'exploding' | 'healthy' {
  const r = deltaNorms[0] / deltaNorms[deltaNorms.length - 1];
  // NaN fails every comparison, so ask "is r at most the threshold?" and treat a no as exploding.
  if (!(r <= threshold)) return 'exploding';
  if (r < 1 / threshold) return 'vanishing';
  return 'healthy';
}
