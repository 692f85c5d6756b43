/**
 * The width of the window of inputs a on which one sigmoid layer,
 * a ↦ σ(w·a + b), multiplies a gradient by at least 1: the length of
 * the set { a : |w·σ′(w·a + b)| ≥ 1 }, and 0 when it is empty or a
 * single point. (The bias b moves the window, not its width.)
 */
export function windowWidth(w: number): number {
  if (Math.abs(w) < 4) return 0;
  // σ′(u) = 1/(4·cosh²(u/2)) ≥ 1/|w|  ⇔  cosh(u/2) ≤ √|w|/2.
  const uStar = 2 * Math.acosh(Math.sqrt(Math.abs(w)) / 2);
  // u = w·a + b moves |w| times as fast as a: 2u* wide in u is
  // 2u*/|w| wide in a.
  return (2 * uStar) / Math.abs(w);
}
