// A network of L layers, each W = diag(0.5, 1.5): it halves the first coordinate and multiplies the
// second by 1.5, so after l layers a^[l] = (0.5^l·x₁, 1.5^l·x₂). One direction vanishes while the
// other explodes.
import { column, createRandom, forward, matrix, mlp } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 20;
const net = mlp({
  sizes: new Array(depth + 1).fill(2),
  activation: 'identity',
  outputActivation: 'identity',
  bias: false,
  // Every layer gets the same matrix: an initializer that returns it.
  init: {
    name: 'diagonal',
    label: 'diag(0.5, 1.5)',
    create: () =>
      matrix([
        [0.5, 0],
        [0, 1.5],
      ]),
  },
});

const trace = forward(net, column([1, 1]));
const a = trace.layers.map((layer) => layer.a.data); // a^[1] … a^[L]
display(
  depthProfileChart({
    quantity: 'size of each coordinate of a[l]',
    series: [
      { label: 'k = 0.5: |a₁[l]|', values: a.map((v) => Math.abs(v[0])) },
      { label: 'k = 1.5: |a₂[l]|', values: a.map((v) => Math.abs(v[1])) },
    ],
  }),
);
console.log('a₂/a₁ at layer', depth, '=', a[depth - 1][1] / a[depth - 1][0]);

// A generic input: the angle between a^[l] and the growing axis e₂ shrinks layer after layer.
const random = createRandom(3);
const x = column([random.normal(), random.normal()]);
const angles = forward(net, x).layers.map((layer) => {
  const [first, second] = layer.a.data;
  return (Math.atan2(Math.abs(first), Math.abs(second)) * 180) / Math.PI;
});
display(
  [0, 1, 2, 5, 10, 20].map((l) => ({
    layer: l,
    'angle to e₂ (degrees)':
      l === 0 ? (Math.atan2(Math.abs(x.data[0]), Math.abs(x.data[1])) * 180) / Math.PI : angles[l - 1],
  })),
);
