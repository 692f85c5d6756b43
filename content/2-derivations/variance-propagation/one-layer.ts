// One random layer, measured. With z = W·a and every W_ij independent, of mean 0 and variance σ_w²:
//   forward   E[z_i²] = n_in·σ_w²·E[a²]         (a sum of n_in independent terms)
//   backward  E[(Wᵀδ)_j²] = n_out·σ_w²·E[δ²]    (a sum of n_out independent terms)
// Each rule picks σ_w² from the fans: LeCun 1/n_in, Xavier 2/(n_in + n_out), He 2/n_in.
// The columns "measured …" are the engine's; the others are the closed forms.
import { backward, createRandom, fillNormal, forward, initVariance, mlp, zeros } from '@gradscope/core';

const fanIn = 512;
const fanOut = 128;
const examples = 256; // columns pushed through the layer at once

/** rows × cols standard normal entries, from their own seed. */
function normals(rows: number, cols: number, seed: string) {
  const m = zeros(rows, cols);
  fillNormal(m.data, createRandom(seed));
  return m;
}
const meanSquare = (m: { data: ArrayLike<number> }) =>
  Array.from(m.data).reduce((s, v) => s + v * v, 0) / m.data.length;

const rows = (['lecun', 'xavier', 'he'] as const).map((scheme) => {
  const variance = initVariance(scheme, { fanIn, fanOut }); // σ_w², a variance
  // One linear layer drawn by the rule (bias off: the derivation has none).
  const init = ({ lecun: 'lecunNormal', xavier: 'xavierNormal', he: 'heNormal' } as const)[scheme];
  const net = mlp({
    sizes: [fanIn, fanOut],
    activation: 'identity',
    init,
    bias: false,
    seed: `one layer ${scheme}`,
  });
  const a = normals(fanIn, examples, `one layer ${scheme} input`); // E[a²] = 1
  const z = forward(net, a).output;
  const delta = normals(fanOut, examples, `one layer ${scheme} delta`); // an upstream gradient, E[δ²] = 1
  const back = backward(net, delta).dInput; // Wᵀδ
  return {
    rule: scheme,
    'σ_w²': variance,
    'n_in·σ_w²': fanIn * variance,
    'measured forward': meanSquare(z) / meanSquare(a),
    'n_out·σ_w²': fanOut * variance,
    'measured backward': meanSquare(back) / meanSquare(delta),
  };
});
display(rows);

// ReLU keeps half of the mean square of a symmetric z: E[relu(z)²] = ½·E[z²].
const wide = mlp({
  sizes: [256, 4096],
  outputActivation: 'relu',
  init: 'heNormal',
  bias: false,
  seed: 'half',
});
const trace = forward(wide, normals(256, 64, 'half input'));
console.log('E[relu(z)²] / E[z²] =', meanSquare(trace.layers[0].a) / meanSquare(trace.layers[0].z));
