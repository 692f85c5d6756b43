/**
 * The variance σ_w² of each weight under Xavier (Glorot) initialization: the forward condition asks for
 * 1/fanIn and the backward one for 1/fanOut; Xavier takes 1/σ_w² to be the average of fanIn and fanOut.
 */
export function xavierVariance(fanIn: number, fanOut: number): number {
  return 2 / (fanIn + fanOut);
}
