// clipByGlobalNorm against the engine's clipByNorm applied to the parameters' gradients laid end to end:
// a small network's real gradient (one part per parameter) above and below the threshold, parts of very
// different sizes (where clipping each part alone changes the direction), and a gradient shorter than c.
import {
  clipByNorm,
  createRandom,
  lossAndGradients,
  mlp,
  normalInit,
  teacherRegression,
} from '@gradscope/core';

function globalCase(parts: number[][], maxNorm: number, label: string) {
  const clipped = clipByNorm(parts.flat(), maxNorm).vector;
  let offset = 0;
  const expected = parts.map((part) => {
    const piece = Array.from(clipped.subarray(offset, offset + part.length));
    offset += part.length;
    return piece;
  });
  return { args: [parts, maxNorm], expected, label };
}

// A 4-layer ReLU network of width 3, started from 1.5 times He's weights: one part per parameter.
const data = teacherRegression({ inputSize: 3, samples: 8, random: createRandom(2) });
const net = mlp({
  sizes: [3, 3, 3, 3, 1],
  activation: 'relu',
  init: normalInit({ std: 1.5 * Math.sqrt(2 / 3) }),
  seed: 4,
});
lossAndGradients(net, data.x, data.y, 'mse');
const networkParts = net.params.map((p) => Array.from(p.grad.data));

export default {
  function: 'clipByGlobalNorm',
  cases: [
    globalCase([[3], [0.4]], 1, 'g = (3, 0.4) as two parts, c = 1'),
    globalCase(
      [
        [30, -40],
        [0.3, 0.4, 1.2],
      ],
      5,
      'a large part and a small one, c = 5',
    ),
    globalCase([[0.1, -0.2], [0.05]], 1, 'already shorter than c = 1'),
    globalCase(networkParts, 0.1, 'a small network’s gradient, c = 0.1'),
    globalCase(networkParts, 1e6, 'the same gradient, c = 10⁶'),
  ],
  // The engine and the solution add the same squares in the same order: equal to a few ulps.
  tolerance: 1e-12,
} satisfies ExerciseCheck;
