/**
 * The width of the window of inputs a on which one sigmoid layer,
 * a ↦ σ(w·a + b), multiplies a gradient by at least 1: the length of
 * the set { a : |w·σ′(w·a + b)| ≥ 1 }, and 0 when it is empty or a
 * single point. (The bias b moves the window, not its width.)
 */
export function windowWidth(w: number): number {
  // The layer's gain peaks at |w|/4, so below |w| = 4 there is no window.
  if (Math.abs(w) < 4) return 0;
  // Find u* with σ′(u*) = 1/|w|: the window in u = w·a + b is [−u*, u*].
  const uStar = 0; // replace this
  return (2 * uStar) / Math.abs(w);
}
