// Dead units: a ReLU unit that is off (z ≤ 0) for every input passes no gradient, and its own weights get none.
// Train a 20-layer ReLU network (He initialization) with a learning rate that is too large, then count, layer by
// layer, the units that are dead on all 64 training inputs, and look at every layer's gradient.
import {
  createRandom,
  deadUnits,
  fit,
  forward,
  layerGradNorms,
  lossAndGradients,
  mlp,
  sgd,
  teacherRegression,
} from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const data = teacherRegression({ inputSize: 8, samples: 64, random: createRandom(1) });
const L = 20;
const learningRate = 0.3; // try 0.03
const net = mlp({
  sizes: [8, ...new Array(L - 1).fill(16), 1],
  activation: 'relu',
  init: 'heNormal',
  seed: 2,
});

// Hidden layers only: the output layer is linear.
const dead = () =>
  deadUnits(forward(net, data.x), net)
    .slice(0, L - 1)
    .map((row) => row.fraction);
const before = dead();
const { history } = fit(net, data, { optimizer: sgd({ learningRate }), steps: 300 });
const after = dead();

lossAndGradients(net, data.x, data.y, 'mse');
const gradients = layerGradNorms(net).map((row) => row.dW);
console.log('loss after training:', history.loss.at(-1));
console.log(
  'layers whose weights now get a gradient of exactly 0:',
  gradients.flatMap((g, l) => (g === 0 ? [l + 1] : [])),
);
display(
  depthProfileChart({
    quantity: 'share of units dead on all 64 inputs',
    yScale: 'linear',
    labels: 'legend',
    series: [
      { label: 'at initialization', values: before },
      { label: `after 300 steps at η = ${learningRate}`, values: after },
    ],
  }),
);
