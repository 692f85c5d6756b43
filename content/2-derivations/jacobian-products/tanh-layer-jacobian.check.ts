// tanhLayerJacobian against the engine's input–output Jacobian of a one-layer tanh network with the same W and b,
// which the engine computes by backpropagation, on seeded layers of several shapes.
import {
  column,
  createRandom,
  fillNormal,
  fixedInit,
  inputOutputJacobian,
  mlp,
  toArray,
} from '@gradscope/core';

const random = createRandom('tanh layer jacobian');
/** n × m numbers drawn from N(0, scale²). */
const draw = (n: number, m: number, scale: number) =>
  Array.from({ length: n }, () => Array.from(fillNormal(new Float64Array(m), random, 0, scale)));

const shapes: [n: number, m: number][] = [
  [1, 1],
  [2, 2],
  [3, 2],
  [2, 4],
  [5, 5],
];

export default {
  function: 'tanhLayerJacobian',
  cases: shapes.map(([n, m]) => {
    const W = draw(n, m, 1);
    const b = draw(1, n, 0.5)[0];
    const x = draw(1, m, 1)[0];
    const net = mlp({ sizes: [m, n], outputActivation: 'tanh', layers: { 1: { init: fixedInit(W) } } });
    net.params[1].value.data.set(b); // b^[1]
    return {
      args: [W, b, x],
      expected: toArray(inputOutputJacobian(net, column(x))),
      label: `${n} × ${m} layer`,
    };
  }),
  tolerance: 1e-12,
} satisfies ExerciseCheck;
