// One forward and backward pass of the same sigmoid network in float32 and in float16 (every stored value rounded
// to float16, subnormals kept), on the same data. Per layer: the gradient ratio ‖delta[l]‖/‖delta[L]‖ in float32,
// ‖dW[l]‖ in both, and the share of dW[l]'s entries that float16 turned into exactly 0.
import {
  createRandom,
  type DType,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  roundTo,
  teacherRegression,
} from '@gradscope/core';

const depth = 10;
const width = 16;
const data = teacherRegression({ inputSize: width, samples: 64, random: createRandom(1) });

function network(dtype: DType) {
  return mlp({
    sizes: [width, ...new Array<number>(depth - 1).fill(width), 1],
    activation: 'sigmoid',
    outputActivation: 'identity',
    init: normalInit({ std: Math.sqrt(1 / width) }),
    seed: 3,
    dtype,
  });
}

const net32 = network('float32');
const net16 = network('float16');
// Start both from the same weights: the float32 ones, rounded to float16.
net16.params.forEach((p, i) => {
  const source = net32.params[i].value.data;
  for (let j = 0; j < source.length; j++) p.value.data[j] = roundTo('float16', source[j]);
});

lossAndGradients(net32, data.x, data.y, 'mse');
lossAndGradients(net16, data.x, data.y, 'mse');
const rows32 = layerGradNorms(net32);
const rows16 = layerGradNorms(net16);
const last = rows32[depth - 1].delta;

display(
  rows32.map((row, l) => {
    const dW16 = net16.params[2 * l].grad.data;
    const zeros = dW16.filter((g) => g === 0).length / dW16.length;
    return {
      layer: l + 1,
      '‖δ[l]‖/‖δ[L]‖ (float32)': row.delta / last,
      '‖dW[l]‖ float32': row.dW,
      '‖dW[l]‖ float16': rows16[l].dW,
      'dW[l] entries = 0 in float16': `${(100 * zeros).toFixed(1)} %`,
    };
  }),
);
