// A blank page for your own experiments: everything in @gradscope/core, Observable Plot and the site's charts.
// Run with Ctrl/Cmd+Enter; Share gives a link that carries this code (it never runs until the reader clicks Run).
//
// To start: a 30-layer tanh network whose weights have variance σ_w²/fan_in, for three values of σ_w². A
// gradient of size 1 is sent back from the output, and the chart shows how big it is when it reaches each layer
// (‖δ[l]‖ = ‖∂L/∂z[l]‖). Read it from right to left, the way backpropagation travels.
import { backward, column, forward, layerGradNorms, mlp, normalInit } from '@gradscope/core';
import { depthProfileChart } from '@gradscope/charts';

const depth = 30;
const width = 64;
const x = column(Array.from({ length: width }, (_, i) => Math.sin(i + 1)));
const unitGradient = column(Array(width).fill(1 / Math.sqrt(width))); // ‖∂L/∂ŷ‖ = 1

const series = [0.5, 1, 2].map((weightVariance) => {
  const init = normalInit({ variance: weightVariance / width });
  const net = mlp({ sizes: Array(depth + 1).fill(width), activation: 'tanh', init, bias: false, seed: 1 });
  forward(net, x);
  backward(net, unitGradient);
  return { label: `σ_w² = ${weightVariance}`, values: layerGradNorms(net).map((row) => row.delta) };
});

// Every line starts at 1 at the output, so a legend names them better than labels at their ends.
const title = `Gradients in a ${depth}-layer tanh network`;
display(depthProfileChart({ title, quantity: '‖δ[l]‖', series, labels: 'legend' }));

// Try: 'relu' with σ_w² = 2 (He initialisation), or a depth of 100.
