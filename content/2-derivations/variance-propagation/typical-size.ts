// Mean square against typical size. He initialization keeps E‖a^[L]‖² = ‖x‖² exactly, at every width.
// But one network's ‖a^[L]‖ is a product of L random factors: its logarithm drifts and spreads like L/n.
// sampleReluLogStretches draws whole networks, weight by weight, and returns ln(‖a^[L]‖/‖x‖): −Infinity
// for a network whose signal died (every unit of some layer negative). reluStretch is the closed form.
import { reluStretch, sampleReluLogStretches } from '@gradscope/core';
import { histogramChart } from '@gradscope/charts';

const depth = 30;
const widths = [4, 16, 64];
const samples: Record<number, number> = { 4: 2000, 16: 500, 64: 100 };

const rows = [];
const panels = [];
for (const width of widths) {
  const logs = sampleReluLogStretches({ width, depth, samples: samples[width], seed: `try ${width}` });
  const alive = Array.from(logs).filter(Number.isFinite);
  const theory = reluStretch(width, depth); // He's rule: weightVariance 2, the default
  rows.push({
    width,
    'E‖a‖²/‖x‖²': theory.meanSquare,
    'dead (closed form)': 1 - theory.survival,
    'dead (sampled)': 1 - alive.length / logs.length,
    'typical ‖a‖/‖x‖ (closed form)': theory.typical,
    'typical (sampled)': Math.exp(alive.reduce((s, v) => s + v, 0) / alive.length),
  });
  panels.push({ label: `width ${width}`, values: logs });
}
display(rows);
display(
  histogramChart({ layers: panels, xLabel: `ln(‖a[${depth}]‖ / ‖x‖)`, meaning: { initializer: 'he' } }),
);
