// Depth-50 ReLU networks of width 32 started at k·He, k = 0.5, 1, 1.5 (no biases), with and without
// batch normalization after every hidden dense layer: the root mean square of a^[l], layer by layer.
import { createRandom, forward, frobeniusNorm, mlp, normalInit, teacherRegression } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 50;
const width = 32;
const x = teacherRegression({ inputSize: width, samples: 32, random: createRandom(2) }).x;

const series = [];
for (const norm of [undefined, 'batch'] as const) {
  for (const k of [0.5, 1, 1.5]) {
    const net = mlp({
      sizes: [width, ...new Array(depth - 1).fill(width), 1],
      activation: 'relu',
      init: normalInit({ variance: (k * k * 2) / width }),
      bias: false,
      norm,
      seed: 1,
    });
    const trace = forward(net, x);
    // With batch norm each hidden layer is dense → batchNorm; a^[l] is the batchNorm layer's output.
    const step = norm ? 2 : 1;
    const values = [];
    for (let l = 1; l < depth; l++) {
      const a = trace.layers[l * step - 1].a;
      values.push(frobeniusNorm(a) / Math.sqrt(a.rows * a.cols));
    }
    console.log(`${norm ?? 'plain'}, k = ${k}: rms of a[${depth - 1}] = ${values[depth - 2]}`);
    series.push({ label: `k = ${k}${norm ? ': batch norm' : ''}`, values });
  }
}
display(depthProfileChart({ quantity: 'rms of a[l] (log scale)', series, labels: 'legend' }));
