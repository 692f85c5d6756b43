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
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const u = sigmoid(p.Whu * h + p.Wxu * x + p.bu);
  const r = sigmoid(p.Whr * h + p.Wxr * x + p.br);
  const c = Math.tanh(p.Whh * r * h + p.Wxh * x + p.bh);
  const du = u * (1 - u) * p.Whu; // σ' = σ(1 − σ)
  const dr = r * (1 - r) * p.Whr;
  const dc = (1 - c * c) * p.Whh * (r + h * dr); // the product rule on r·h
  // The direct path u, then the gate's own change moving the mix between h and c, then the candidate's path.
  return u + (h - c) * du + (1 - u) * dc;
}
