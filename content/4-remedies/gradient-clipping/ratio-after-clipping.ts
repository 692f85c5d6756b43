// One gradient of a 24-layer ReLU network started from 1.2 times He's weights (its output is about
// 1.2^24 ≈ 80 times the He network's), computed once, then clipped two ways. The table lists every
// layer's ‖dW^[l]‖; the log compares the first layer's with the last one's, and says how far each
// kind of clipping turned the gradient as a whole.
import {
  clipGradNorm,
  clipGradValue,
  createRandom,
  globalGradNorm,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  teacherRegression,
  type Network,
} from '@gradscope/core';

const depth = 24;
const width = 16;
const k = 1.2; // the weights' scale over He's
const data = teacherRegression({ inputSize: width, samples: 64, random: createRandom(1) });

function gradientOf(clip: (net: Network) => void) {
  const net = mlp({
    sizes: [width, ...new Array(depth - 1).fill(width), 1],
    activation: 'relu',
    init: normalInit({ std: k * Math.sqrt(2 / width) }),
    seed: 6,
  });
  lossAndGradients(net, data.x, data.y, 'mse');
  clip(net);
  const flat = net.params.flatMap((p) => Array.from(p.grad.data)); // g as one long vector
  return { net, rows: layerGradNorms(net), flat };
}

const plain = gradientOf(() => {});
console.log('‖g‖ before clipping:', globalGradNorm(plain.net.params));
const byNorm = gradientOf((net) => clipGradNorm(net.params, 10));
const byValue = gradientOf((net) => clipGradValue(net.params, 0.1));

const degreesBetween = (u: number[], v: number[]) => {
  const dot = u.reduce((s, ui, i) => s + ui * v[i], 0);
  const size = (w: number[]) => Math.sqrt(w.reduce((s, wi) => s + wi * wi, 0));
  return (Math.acos(Math.min(1, dot / (size(u) * size(v)))) * 180) / Math.PI;
};
const firstOverLast = (rows: { dW: number }[]) => rows[0].dW / rows[depth - 1].dW;

console.log(
  '‖delta[1]‖ / ‖delta[L]‖ (clipping never touches delta):',
  plain.rows[0].delta / plain.rows[depth - 1].delta,
);
console.log('‖dW[1]‖ / ‖dW[L]‖ unclipped:', firstOverLast(plain.rows));
console.log('‖dW[1]‖ / ‖dW[L]‖ clipped by norm at 10:', firstOverLast(byNorm.rows));
console.log('‖dW[1]‖ / ‖dW[L]‖ clipped by value at 0.1:', firstOverLast(byValue.rows));
console.log('angle between g and g clipped by norm (degrees):', degreesBetween(plain.flat, byNorm.flat));
console.log('angle between g and g clipped by value (degrees):', degreesBetween(plain.flat, byValue.flat));

display(
  plain.rows.map((row, i) => ({
    layer: i + 1,
    '‖dW‖ unclipped': row.dW,
    '‖dW‖ by norm': byNorm.rows[i].dW,
    '‖dW‖ by value': byValue.rows[i].dW,
  })),
);
