// Train the same 30-layer ReLU network twice, from Xavier's and from He's initialization: the same
// weights' seed, data and minibatches, gradient descent with momentum. Only the rule differs.
import { createRandom, fit, mlp, momentum, teacherRegression } from '@gradscope/core';
import { trainingCurveChart } from '@gradscope/charts';

const depth = 30;
const width = 32;
const steps = 200;
const data = teacherRegression({ inputSize: 8, samples: 256, random: createRandom('teacher') });

function train(init: 'heNormal' | 'xavierNormal') {
  const sizes = [8, ...new Array<number>(depth - 1).fill(width), 1];
  const net = mlp({ sizes, activation: 'relu', init, seed: 'training weights' });
  return fit(net, data, {
    optimizer: momentum({ learningRate: 0.01, momentum: 0.9 }),
    steps,
    batchSize: 16,
    random: createRandom('minibatches'),
  });
}
const runs = { 'He normal': train('heNormal'), 'Xavier normal': train('xavierNormal') };

// The best constant prediction, the mean target, has loss ½·Var(y) (the 'mse' loss is ½·mean squared error).
const y = Array.from(data.y.data);
const meanY = y.reduce((s, v) => s + v, 0) / y.length;
const constantLoss = y.reduce((s, v) => s + (v - meanY) ** 2, 0) / (2 * y.length);

display(
  trainingCurveChart({
    series: [
      ...Object.entries(runs).map(([label, run]) => ({ label, values: run.history.loss })),
      // Neutral and dashed: a reference, not a third initializer.
      {
        label: 'best constant prediction',
        values: new Array<number>(steps).fill(constantLoss),
        color: 'currentColor',
        dashed: true,
      },
    ],
    firstStep: 1,
    yLabel: 'loss on the step’s minibatch',
  }),
);

// history.layerGradNorms[j] holds every layer's ‖dW^[l]‖ at the j-th recorded step.
for (const [label, { history, stopped }] of Object.entries(runs)) {
  const first = Array.from(history.layerGradNorms[0]);
  const last = Array.from(history.layerGradNorms.at(-1)!);
  console.log(label, '‖dW[1]‖ at step 1:', first[0], '· stopped:', stopped.reason);
  console.log('  smallest and largest ‖dW[l]‖ at step 1:', Math.min(...first), Math.max(...first));
  console.log('  at the last step:', Math.min(...last), Math.max(...last));
}
