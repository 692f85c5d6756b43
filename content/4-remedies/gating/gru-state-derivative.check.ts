// gruStateDerivative against the engine: a one-unit GRU with the case's weights, run one step from h_0 = h on the
// input x, and backpropagated from ∂L/∂h_1 = 1, gives ∂L/∂h_0 = ∂h_1/∂h_0. The cases: a gate near 1 (the state
// kept), a gate near ½, a gate near 0 (the state replaced), and a reset gate that cuts the candidate's path.
import { column, gru, gruBackward, gruForward, matrix } from '@gradscope/core';

type Weights = {
  Whu: number;
  Wxu: number;
  bu: number;
  Whr: number;
  Wxr: number;
  br: number;
  Whh: number;
  Wxh: number;
  bh: number;
};

function derivativeCase(p: Weights, h: number, x: number) {
  const cell = gru({ inputSize: 1, hiddenSize: 1 });
  const set = (
    name: 'W_hu' | 'W_xu' | 'b_u' | 'W_hr' | 'W_xr' | 'b_r' | 'W_hh' | 'W_xh' | 'b_h',
    v: number,
  ) => cell[name]!.value.data.set(matrix([[v]]).data);
  set('W_hu', p.Whu);
  set('W_xu', p.Wxu);
  set('b_u', p.bu);
  set('W_hr', p.Whr);
  set('W_xr', p.Wxr);
  set('b_r', p.br);
  set('W_hh', p.Whh);
  set('W_xh', p.Wxh);
  set('b_h', p.bh);
  const run = gruForward(cell, [column([x])], column([h]));
  const { dH0 } = gruBackward(cell, run, { dHs: [column([1])] });
  return { args: [p, h, x], expected: dH0.data[0] };
}

export default {
  function: 'gruStateDerivative',
  cases: [
    derivativeCase(
      { Whu: 0.4, Wxu: -0.3, bu: 3, Whr: 0.5, Wxr: 0.2, br: 0, Whh: 0.9, Wxh: 1.1, bh: 0 },
      0.6,
      0.8,
    ),
    derivativeCase(
      { Whu: -0.7, Wxu: 0.5, bu: 0, Whr: 0.8, Wxr: -0.4, br: 0.5, Whh: 1.3, Wxh: -0.6, bh: 0.2 },
      -0.4,
      1.5,
    ),
    derivativeCase(
      { Whu: 1.2, Wxu: 0.9, bu: -3, Whr: -0.6, Wxr: 0.3, br: 1, Whh: -1.5, Wxh: 0.7, bh: -0.1 },
      0.9,
      -0.5,
    ),
    derivativeCase(
      { Whu: 0.3, Wxu: 0.1, bu: 0.5, Whr: 0.2, Wxr: 0.1, br: -4, Whh: 2, Wxh: 0.5, bh: 0 },
      0.3,
      0.2,
    ),
  ],
  // The engine composes the same derivatives on its tape, in another order: a few ulps apart.
  tolerance: 1e-10,
} satisfies ExerciseCheck;
