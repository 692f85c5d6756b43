// Every path, counted and summed. A ReLU network of width 2 whose every weight is c = 0.6,
// with a positive input, so every unit is on (slope 1). Each path from input 1 to output 1
// multiplies L weights, so it contributes c^L, which shrinks with depth. But there are
// width^(L−1) paths, and they all have the same sign.
import { column, fixedInit, get, inputOutputJacobian, mlp } from '@gradscope/core';
import { layerJacobians, type Matrix } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const c = 0.6;
const width = 2;
const x = column(new Array(width).fill(1)); // positive, so every z > 0 and every slope is 1

/** Sum over every path from input `from` to output `to` of the Jacobian entries on it. */
function sumOverPaths(jacobians: Matrix[], from: number, to: number) {
  let paths = 0;
  const walk = (l: number, unit: number, product: number): number => {
    if (l === jacobians.length) {
      if (unit !== to) return 0;
      paths++;
      return product;
    }
    let sum = 0;
    // J^[l+1] has a row per unit of the layer above and a column per unit below.
    for (let next = 0; next < jacobians[l].rows; next++) {
      sum += walk(l + 1, next, product * get(jacobians[l], next, unit));
    }
    return sum;
  };
  const sum = walk(0, from, 1);
  return { sum, paths };
}

const rows = [];
for (let L = 1; L <= 20; L++) {
  const weights = Array.from({ length: width }, () => new Array(width).fill(c));
  const net = mlp({
    sizes: new Array(L + 1).fill(width),
    activation: 'relu',
    outputActivation: 'relu',
    init: fixedInit(weights),
    bias: false,
  });
  const jacobians = layerJacobians(net, x).map((j) => j.jacobian);
  const { sum, paths } = sumOverPaths(jacobians, 0, 0);
  const engine = get(inputOutputJacobian(net, x), 0, 0);
  rows.push({ L, paths, 'one path': c ** L, 'sum over paths': sum, 'engine ∂ŷ₁/∂x₁': engine });
}
display(rows.filter((r) => r.L === 1 || r.L % 5 === 0)); // the chart shows every depth
display(
  depthProfileChart({
    quantity: 'contribution to ∂ŷ₁/∂x₁',
    xLabel: 'depth L',
    reference: 1,
    series: [
      { label: 'one path', values: rows.map((r) => r['one path']) },
      { label: 'all paths', values: rows.map((r) => r['sum over paths']) },
    ],
  }),
);
