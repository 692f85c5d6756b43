/**
 * Clip a network's gradient by its global norm. `gradients` holds one list of numbers per parameter
 * (dW^[1], db^[1], …, dW^[L], db^[L], each flattened); together they are one long vector g.
 * Return new lists (leave the input as it is) holding g·min(1, maxNorm/‖g‖), where
 * ‖g‖ = sqrt(Σ over every list and every entry of g_i²).
 */
export function clipByGlobalNorm(gradients: number[][], maxNorm: number): number[][] {
  let sumOfSquares = 0;
  for (const part of gradients) for (const gi of part) sumOfSquares += gi * gi;
  const norm = Math.sqrt(sumOfSquares); // the length of g, all parameters together
  // One factor for every entry keeps the direction; below the threshold nothing changes.
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  return gradients.map((part) => part.map((gi) => gi * scale));
}
