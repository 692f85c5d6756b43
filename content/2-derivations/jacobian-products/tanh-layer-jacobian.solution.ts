/**
 * The Jacobian ∂a/∂aPrev of one tanh layer a = tanh(W·aPrev + b) at the point aPrev: row i of W times the slope
 * g′(z_i) = 1 − tanh²(z_i) of unit i, where z = W·aPrev + b. That is diag(1 − tanh²(z))·W.
 */
export function tanhLayerJacobian(W: number[][], b: number[], aPrev: number[]): number[][] {
  return W.map((row, i) => {
    const z = row.reduce((sum, w, j) => sum + w * aPrev[j], b[i]);
    const slope = 1 - Math.tanh(z) ** 2;
    return row.map((w) => slope * w);
  });
}
