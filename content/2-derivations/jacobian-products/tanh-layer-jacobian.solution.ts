/** A matrix as rows of numbers: W[i][j] is row i, column j. */
type Rows = number[][];

/**
 * The Jacobian ∂a/∂x of one tanh layer, a = tanh(W·x + b), at the point x:
 * row i of W times the slope of unit i, g′(z_i) = 1 − tanh²(z_i), where
 * z = W·x + b. That is diag(1 − tanh²(z))·W.
 */
export function tanhLayerJacobian(W: Rows, b: number[], x: number[]): Rows {
  return W.map((row, i) => {
    const z = row.reduce((sum, w, j) => sum + w * x[j], b[i]);
    const slope = 1 - Math.tanh(z) ** 2;
    return row.map((w) => slope * w);
  });
}
