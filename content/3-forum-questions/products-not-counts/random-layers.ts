// Each layer is 1.5·I with probability p and 0.5·I otherwise, drawn independently:
// ln‖a[l]‖ is then a random walk. Draw many such networks, run them, and compare with
// the walk's closed form.
import {
  column,
  createRandom,
  forward,
  linearNetworkOfScales,
  randomScales,
  scaleWalk,
  vectorNorm,
} from '@gradscope/core';
import { depthPanelsChart } from '@gradscope/charts';

const depth = 100;
const p = 0.5; // the chance that a layer is 1.5·I
const networks = 200;
const random = createRandom(1);

const x = column([1, 1]);
const paths = Array.from({ length: networks }, () => {
  const scales = randomScales({ low: 0.5, high: 1.5, depth, probabilityHigh: p, random });
  const trace = forward(linearNetworkOfScales(scales), x);
  return [1, ...trace.layers.map((layer) => vectorNorm(layer.a.data) / vectorNorm(x.data))];
});

// The closed form: steps of mean μ (the drift) and standard deviation s,
// so ln‖a[l]‖ ≈ lμ ± s√l.
const walk = scaleWalk({ low: 0.5, high: 1.5, probabilityHigh: p, depth });
console.log('drift μ per layer:', walk.drift, '  step standard deviation s:', walk.stepStd);
const above = paths.filter((path) => path[depth] > 1).length;
console.log(`networks whose output is larger than the input: ${above} of ${networks}`);
console.log('the closed form’s chance of that:', walk.probabilityAboveOne[depth]);

const layers = Array.from({ length: depth + 1 }, (_, l) => l);
const mix = {
  mix: [
    { k: 1.5, share: p },
    { k: 0.5, share: 1 - p },
  ],
};
display(
  depthPanelsChart({
    quantity: '‖a[l]‖ / ‖x‖',
    firstLayer: 0,
    reference: 1,
    columns: 1,
    panels: [
      {
        title: `each layer 1.5·I with probability ${p}`,
        paths: { label: 'random networks', values: paths, meaning: mix },
        band: {
          label: 'lμ ± 2s√l',
          lower: layers.map((l) => Math.exp(walk.logMean[l] - 2 * walk.logStd[l])),
          upper: layers.map((l) => Math.exp(walk.logMean[l] + 2 * walk.logStd[l])),
          meaning: mix,
        },
        lines: [
          {
            label: 'e^(lμ)',
            values: layers.map((l) => Math.exp(walk.logMean[l])),
            meaning: mix,
            dashed: true,
          },
        ],
      },
    ],
  }),
);
