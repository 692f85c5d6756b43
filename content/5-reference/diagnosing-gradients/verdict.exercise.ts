/**
 * The lesson's verdict from the norms ‖delta^[l]‖ of layers l = 1 … L (deltaNorms[0] is layer 1, the last entry
 * layer L): 'exploding' when r = ‖delta^[1]‖ / ‖delta^[L]‖ is above `threshold` or not a number, 'vanishing' when
 * r is below 1 / threshold, 'healthy' otherwise.
 */
export function diagnose(deltaNorms: number[], threshold: number): 'vanishing' | 'exploding' | 'healthy' {
  const r = deltaNorms[0] / deltaNorms[deltaNorms.length - 1];
  // Only half of the rule so far: what about a NaN, and a ratio below 1 / threshold?
  return r > threshold ? 'exploding' : 'healthy';
}
