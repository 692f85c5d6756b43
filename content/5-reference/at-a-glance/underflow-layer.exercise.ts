/**
 * The first layer L at which the lecture's activation k^L (input x = 1,
 * 0 < k < 1) is stored as exactly 0 in a format whose smallest positive
 * (subnormal) number is `minSubnormal`, computed in exact arithmetic: the
 * closed form, not a simulation. A value rounds to 0 once it is at most
 * half of `minSubnormal` (exactly half is a tie, and ties go to the even
 * neighbour, 0).
 */
export function underflowLayer(k: number, minSubnormal: number): number {
  // Fix this line: it finds where k^L reaches minSubnormal itself, and
  // a value that small is still stored.
  return Math.ceil(Math.log2(minSubnormal) / Math.log2(k));
}
