/**
 * The Jacobian ∂a/∂aPrev of one tanh layer a = tanh(W·aPrev + b) at the point aPrev: an n × m matrix when W is
 * n × m, returned as n rows of m numbers.
 */
export function tanhLayerJacobian(W: number[][], b: number[], aPrev: number[]): number[][] {
  return W.map((row, i) => {
    const z = row.reduce((sum, w, j) => sum + w * aPrev[j], b[i]); // z_i = (W·aPrev + b)_i
    // Fix this line: tanh(z) is the activation itself, not how fast it changes with z.
    const slope = Math.tanh(z);
    return row.map((w) => slope * w);
  });
}
