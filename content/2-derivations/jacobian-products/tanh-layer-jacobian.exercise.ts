/** A matrix as rows of numbers: W[i][j] is row i, column j. */
type Rows = number[][];

/**
 * The Jacobian ∂a/∂x of one tanh layer, a = tanh(W·x + b), at the point x
 * (the layer's input): an n × m matrix when W is n × m.
 */
export function tanhLayerJacobian(W: Rows, b: number[], x: number[]): Rows {
  return W.map((row, i) => {
    // z_i = (W·x + b)_i
    const z = row.reduce((sum, w, j) => sum + w * x[j], b[i]);
    // Fix this line: tanh(z) is the activation's value,
    // not how fast it changes with z.
    const slope = Math.tanh(z);
    return row.map((w) => slope * w);
  });
}
