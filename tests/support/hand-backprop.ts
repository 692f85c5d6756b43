/**
 * A forward and backward pass written out with plain loops, for the claims tests that check the engine's gradients
 * against a computation sharing no code with its layers (from-activations-to-gradients, sigmoid-slope). Each test
 * passes its own activations, written out by hand too: how it writes a slope (σ(1 − σ), or a form exact in the
 * tails) is part of what it checks.
 *
 * @example
 * const { loss, dW } = handBackprop(net, X, Y, { tanh: { f: Math.tanh, slope: (z) => 1 - Math.tanh(z) ** 2 } });
 */
import type { Matrix, Network } from '@gradscope/core';

/** An activation function and its slope, written out independently of the engine. */
export interface HandActivation {
  readonly f: (z: number) => number;
  readonly slope: (z: number) => number;
}

/** ‖values‖, the Euclidean norm, with a loop. */
export function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}

/**
 * Forward and backward through a network of dense layers with plain loops, from its weights alone: the mean squared
 * error (1/2m)·Σ‖ŷ − y‖², delta^[L] = (ŷ − y)/m ⊙ g'(z^[L]), delta^[l] = g'(z^[l]) ⊙ W^[l+1]ᵀ·delta^[l+1],
 * dW^[l] = delta^[l]·a^[l−1]ᵀ, db^[l] = delta^[l]·1. `activations` gives each layer's g by its name. Returns the
 * loss and, per layer (index l − 1 for layer l), z, the slopes g'(z), delta, dW and db; `as` starts with a^[0] = X,
 * so a^[l] is `as[l]`. Matrices are row-major, one column per example.
 */
export function handBackprop(
  net: Network,
  X: Matrix,
  Y: Matrix,
  activations: Readonly<Record<string, HandActivation>>,
) {
  const m = X.cols;
  const layers = net.layers.map((layer) => ({
    W: layer.params[0].value,
    b: layer.params[1]?.value,
    g: activations[layer.activation!.name],
  }));
  const L = layers.length;
  const as: Float64Array[] = [Float64Array.from(X.data)];
  const zs: Float64Array[] = [];
  for (const { W, b, g } of layers) {
    const prev = as[as.length - 1];
    const z = new Float64Array(W.rows * m);
    for (let i = 0; i < W.rows; i++)
      for (let j = 0; j < m; j++) {
        let sum = b ? b.data[i] : 0;
        for (let k = 0; k < W.cols; k++) sum += W.data[i * W.cols + k] * prev[k * m + j];
        z[i * m + j] = sum;
      }
    zs.push(z);
    as.push(z.map(g.f));
  }
  const slopes = zs.map((z, l) => z.map(layers[l].g.slope));
  const deltas: Float64Array[] = new Array(L);
  deltas[L - 1] = as[L].map((a, i) => ((a - Y.data[i]) / m) * slopes[L - 1][i]);
  for (let l = L - 2; l >= 0; l--) {
    const { W } = layers[l + 1];
    const up = deltas[l + 1];
    const d = new Float64Array(zs[l].length);
    for (let i = 0; i < W.cols; i++)
      for (let j = 0; j < m; j++) {
        let sum = 0;
        for (let r = 0; r < W.rows; r++) sum += W.data[r * W.cols + i] * up[r * m + j];
        d[i * m + j] = sum * slopes[l][i * m + j];
      }
    deltas[l] = d;
  }
  const dW = layers.map(({ W }, l) => {
    const out = new Float64Array(W.rows * W.cols);
    for (let i = 0; i < W.rows; i++)
      for (let k = 0; k < W.cols; k++) {
        let sum = 0;
        for (let j = 0; j < m; j++) sum += deltas[l][i * m + j] * as[l][k * m + j];
        out[i * W.cols + k] = sum;
      }
    return out;
  });
  const db = deltas.map((d, l) => {
    const out = new Float64Array(layers[l].W.rows);
    for (let i = 0; i < out.length; i++) for (let j = 0; j < m; j++) out[i] += d[i * m + j];
    return out;
  });
  let loss = 0;
  for (let i = 0; i < as[L].length; i++) loss += (as[L][i] - Y.data[i]) ** 2;
  return { loss: loss / (2 * m), zs, as, slopes, deltas, dW, db };
}
