// A 30-layer ReLU network at initialization, as in He et al.'s experiment: how much smaller is the
// variance of its last pre-activation z^[30] with Xavier's rule (σ_w² = 1/n, as fan_in = fan_out)
// than with He's (2/n)?
import { activationNorms, createRandom, fillNormal, forward, mlp, zeros } from '@gradscope/core';

const width = 128; // the lesson's numbers use 256; the ratio does not depend on the width
const depth = 30;

/** E[z^[30]²] of network `s` of a rule, over its units and four inputs with E[x²] = 1. */
function outputVariance(init: 'heNormal' | 'xavierNormal', s: number, seed = `${init} relu ${s}`): number {
  const x = zeros(width, 4);
  fillNormal(x.data, createRandom(`input ${s}`));
  const sizes = new Array<number>(depth + 1).fill(width);
  const net = mlp({ sizes, activation: 'relu', outputActivation: 'relu', init, bias: false, seed });
  const z = activationNorms(forward(net, x))[depth - 1].z; // ‖z^[30]‖ over units and examples
  return z ** 2 / (width * 4);
}

// The closed form: every layer halves E[z²] with Xavier and keeps it with He, so the ratio is (1/2)^30.
console.log('closed form (1/2)^30:', 0.5 ** depth);

// The same seed: every Xavier weight is the He weight divided by √2, and relu(c·z) = c·relu(z)
// for c > 0, so the ratio is (1/√2)^(2·30) in this very network, up to rounding.
const twin = outputVariance('xavierNormal', 0, 'heNormal relu 0'); // Xavier's rule on He's seed
console.log('same seed:', twin / outputVariance('heNormal', 0));

// Independent networks: the ratio of averages scatters around the closed form.
const seeds = [0, 1];
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const he = mean(seeds.map((s) => outputVariance('heNormal', s)));
const xavier = mean(seeds.map((s) => outputVariance('xavierNormal', s)));
console.log(`independent seeds (${seeds.length} each):`, xavier / he);
