// "If the forward pass explodes, there is no backward step." Try it: the lecture's network
// with k = 1.5 in float32 (every stored number rounded to float32, as on a GPU), trained by
// gradient descent on x = (1, 1) with target y = x, at three depths. fit stops at the first
// value that is not finite and says where: in the forward pass ('activation'), the loss, or
// the backward pass ('gradient'), at which step and which layer.
import { column, fit, linearNetwork, sgd } from '@gradscope/core';

const x = column([1, 1], 'float32');
const y = column([1, 1], 'float32');

for (const depth of [20, 150, 250]) {
  const net = linearNetwork(depth, 1.5, 2, 'float32');
  const { stopped, steps, history } = fit(
    net,
    { x, y },
    {
      optimizer: sgd({ learningRate: 0.01 }),
      steps: 2,
    },
  );
  console.log(`L = ${depth}: ${steps} update(s) applied, loss at step 1:`, history.loss[0] ?? 'none');
  if (stopped.reason === 'non-finite') {
    console.log(`  stopped at step ${stopped.step}: ${stopped.what}, layer ${stopped.layer}`);
  } else {
    console.log('  every value stayed finite');
  }
}
