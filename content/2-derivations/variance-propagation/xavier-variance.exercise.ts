/**
 * The variance σ_w² of each weight under Xavier (Glorot) initialization, for a layer with `fanIn` inputs per unit
 * and `fanOut` units.
 */
export function xavierVariance(fanIn: number, fanOut: number): number {
  const forward = 1 / fanIn; // what the forward condition asks for (LeCun's rule)
  const backward = 1 / fanOut; // what the backward condition asks for
  // Replace this line: it is a compromise between the two, but not Xavier's.
  return Math.min(forward, backward);
}
