// diagnose on the ‖delta^[l]‖ of seeded networks measured by the engine, and on hand-made profiles: a NaN from an
// overflow, a NaN from 0/0, a dead layer (ratio 0), an infinite ratio, and ratios exactly at the two thresholds, which
// the rule calls healthy. The expected verdicts follow the lesson's rule.
import {
  createRandom,
  layerGradNorms,
  lossAndGradients,
  mlp,
  normalInit,
  teacherRegression,
  type ActivationName,
} from '@gradscope/core';

const depth = 20;
const width = 16;
const data = teacherRegression({ inputSize: width, samples: 32, random: createRandom(1) });

function measured(activation: ActivationName, k: number, seed: number): number[] {
  const gain = activation === 'relu' ? 2 : 1; // He's variance for ReLU, LeCun's (= Xavier's here) otherwise
  const net = mlp({
    sizes: [width, ...new Array(depth - 1).fill(width), 1],
    activation,
    init: normalInit({ std: k * Math.sqrt(gain / width) }),
    seed,
  });
  lossAndGradients(net, data.x, data.y, 'mse');
  return layerGradNorms(net).map((row) => row.delta);
}

function rule(deltaNorms: number[], threshold: number) {
  const r = deltaNorms[0] / deltaNorms[deltaNorms.length - 1];
  return !(r <= threshold) ? 'exploding' : r < 1 / threshold ? 'vanishing' : 'healthy';
}

const cases: { label: string; args: [number[], number] }[] = [
  { label: 'sigmoid, Xavier weights', args: [measured('sigmoid', 1, 2), 10] },
  { label: 'ReLU, 1.5 × He', args: [measured('relu', 1.5, 2), 10] },
  { label: 'ReLU, He', args: [measured('relu', 1, 2), 10] },
  { label: 'ReLU, 0.7 × He', args: [measured('relu', 0.7, 3), 10] },
  { label: 'tanh, 1.2 × LeCun, threshold 100', args: [measured('tanh', 1.2, 4), 100] },
  { label: 'an overflow: NaN in layer 1', args: [[Number.NaN, 1, 1], 10] },
  { label: 'no gradient at all in the last layer: 0/0', args: [[0, 0, 0], 10] },
  { label: 'a dead layer: every ratio below it 0', args: [[0, 0, 0.5, 1], 10] },
  { label: 'a last layer of 0 under a finite first: an infinite ratio', args: [[2, 1, 0], 10] },
  { label: 'a ratio of exactly 10', args: [[10, 3, 1], 10] },
  { label: 'a ratio of exactly 1/10', args: [[0.1, 0.5, 1], 10] },
];

export default {
  function: 'diagnose',
  cases: cases.map(({ label, args }) => ({ label, args, expected: rule(...args) })),
} satisfies ExerciseCheck;
