/**
 * ∂ŷ/∂x_j for every input j of a bias-free ReLU network with one linear output,
 *   ŷ = W[L]·relu(W[L−1]·relu(⋯ relu(W[1]·x))),
 * written as a sum over every path from input j to the output. `weights[l − 1]` is W[l], as rows of numbers
 * (one row per unit of layer l); the last one has a single row.
 */
export function outputGradientByPaths(weights: number[][][], x: number[]): number[] {
  const L = weights.length;
  // The forward pass: z[l − 1] holds the pre-activations z[l] of layer l.
  const z: number[][] = [];
  let a = x;
  for (const W of weights) {
    const zl = W.map((row) => row.reduce((sum, w, j) => sum + w * a[j], 0));
    z.push(zl);
    a = zl.map((v) => Math.max(v, 0));
  }

  // The sum, over every path from unit `unit` of layer `layer` to the output, of the product of what the path
  // passes after that unit. This version multiplies the weights only: it treats every unit as if its slope were 1.
  function pathsFrom(layer: number, unit: number): number {
    if (layer === L) return 1; // the output unit (a linear output: slope 1)
    const next = weights[layer]; // W[layer + 1]
    let sum = 0;
    for (let u = 0; u < next.length; u++) sum += next[u][unit] * pathsFrom(layer + 1, u);
    return sum;
  }

  // Input j feeds every unit u of layer 1 through the weight W[1][u][j].
  return x.map((_, j) => {
    let sum = 0;
    for (let u = 0; u < weights[0].length; u++) sum += weights[0][u][j] * pathsFrom(1, u);
    return sum;
  });
}
