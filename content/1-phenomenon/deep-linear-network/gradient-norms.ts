// Backpropagation through the lecture's network. With the loss ½‖ŷ‖² (target 0), every
// layer's weight gradient is dW^[l] = k^(2L−1)·x·xᵀ, so ‖dW^[l]‖ = |k|^(2L−1)·‖x‖².
// Check it against the engine's backward pass for every depth L from 1 to 40.
import { column, layerGradNorms, linearNetwork, lossAndGradients, zeros } from '@gradscope/core';
import { theoryVsMeasuredChart } from '@gradscope/charts';

const x = column([1, 1]);
const target = zeros(2, 1); // y = 0: the loss (1/2m)·‖ŷ − y‖² with m = 1 is ½‖ŷ‖²
const squaredNormX = 2; // ‖x‖² for x = (1, 1)
const depths = Array.from({ length: 40 }, (_, i) => i + 1);

const series = [1.5, 0.5].map((k) => ({
  label: `k = ${k}`,
  theoryX: depths,
  theory: depths.map((L) => Math.abs(k) ** (2 * L - 1) * squaredNormX),
  measured: depths.map((L) => {
    const net = linearNetwork(L, k);
    lossAndGradients(net, x, target, 'mse'); // forward, loss, backward: fills every dW
    return layerGradNorms(net)[0].dW; // ‖dW^[1]‖ (here every layer has the same norm)
  }),
}));

display(
  theoryVsMeasuredChart({
    title: 'Weight gradient of layer 1 against depth',
    xLabel: 'depth L',
    yLabel: '‖dW[1]‖',
    unit: 'depth',
    series,
  }),
);
