import { describe, expect, it } from 'vitest';
import { dense } from '../src/dense.js';
import { scaledIdentityInit } from '../src/initializers.js';
import { column, fromData, get, toArray, zeros, type Matrix } from '../src/matrix.js';
import {
  backward,
  copyTrace,
  forward,
  linearNetwork,
  lossAndGradients,
  mlp,
  network,
  predict,
  type MlpSpec,
} from '../src/network.js';
import { createRandom } from '../src/random.js';
import { sgd } from '../src/optimizers.js';
import { fit } from '../src/train.js';
import { checkNetworkGradients, expectGradientsMatch } from './support/gradients.js';
import { thrown } from './support/errors.js';
import { randomMatrix } from './support/matrices.js';

function oneHot(classes: number, labels: number[]): Matrix {
  const Y = zeros(classes, labels.length);
  labels.forEach((c, j) => (Y.data[c * labels.length + j] = 1));
  return Y;
}

describe('mlp', () => {
  it('builds one dense layer per size step, W^[l] of shape n_l × n_{l−1}, named W[l] and b[l]', () => {
    const net = mlp({ sizes: [3, 5, 4, 2], seed: 1 });
    expect(net.inputSize).toBe(3);
    expect(net.outputSize).toBe(2);
    expect(net.layers.map((l) => [l.kind, l.inputSize, l.outputSize])).toEqual([
      ['dense', 3, 5],
      ['dense', 5, 4],
      ['dense', 4, 2],
    ]);
    expect(net.params.map((p) => `${p.name} ${p.value.rows}×${p.value.cols}`)).toEqual([
      'W[1] 5×3',
      'b[1] 5×1',
      'W[2] 4×5',
      'b[2] 4×1',
      'W[3] 2×4',
      'b[3] 2×1',
    ]);
  });

  it('uses tanh in hidden layers and the identity at the output by default, and honours per-layer overrides', () => {
    const net = mlp({ sizes: [2, 3, 3, 3, 1], layers: { 2: { activation: 'relu', bias: false } } });
    expect(net.layers.map((l) => l.activation?.name)).toEqual(['tanh', 'relu', 'tanh', 'identity']);
    expect(net.layers.map((l) => l.params.length)).toEqual([2, 1, 2, 2]);
    const custom = mlp({ sizes: [2, 2, 2], layers: { 1: { init: scaledIdentityInit(3) } }, seed: 4 });
    expect(toArray(custom.params[0].value)).toEqual([
      [3, 0],
      [0, 3],
    ]);
  });

  it('draws the same weights for the same seed and different weights for another', () => {
    const values = (seed: number) => Array.from(mlp({ sizes: [2, 4, 1], seed }).params[0].value.data);
    expect(values(7)).toEqual(values(7));
    expect(values(7)).not.toEqual(values(8));
    const random = createRandom(7);
    expect(Array.from(mlp({ sizes: [2, 4, 1], random }).params[0].value.data)).toEqual(values(7));
  });

  it('computes ŷ = W^[2]·tanh(W^[1]·x + b^[1]) + b^[2], checked by hand', () => {
    const net = mlp({ sizes: [2, 2, 1], seed: 3 });
    const [W1, b1, W2, b2] = net.params.map((p) => p.value);
    b1.data.set([0.2, -0.1]);
    b2.data.set([0.05]);
    const x = column([0.7, -1.3]);
    const h = [0, 1].map((i) => Math.tanh(get(W1, i, 0) * 0.7 + get(W1, i, 1) * -1.3 + b1.data[i]));
    const expected = get(W2, 0, 0) * h[0] + get(W2, 0, 1) * h[1] + b2.data[0];
    expect(forward(net, x).output.data[0]).toBeCloseTo(expected, 15);
  });

  const cases: { name: string; spec: MlpSpec; loss: 'mse' | 'bce' | 'softmaxCrossEntropy' }[] = [
    { name: 'a tanh mlp with mean squared error', spec: { sizes: [3, 5, 4, 2] }, loss: 'mse' },
    {
      name: 'a relu mlp with He initialization',
      spec: { sizes: [3, 6, 6, 2], activation: 'relu', init: 'heNormal' },
      loss: 'mse',
    },
    {
      name: 'a sigmoid-output mlp with binary cross-entropy',
      spec: { sizes: [2, 4, 1], outputActivation: 'sigmoid' },
      loss: 'bce',
    },
    {
      name: 'a gelu mlp with softmax cross-entropy',
      spec: { sizes: [4, 5, 3], activation: 'gelu' },
      loss: 'softmaxCrossEntropy',
    },
    { name: 'an mlp with batch norm', spec: { sizes: [3, 5, 5, 2], norm: 'batch' }, loss: 'mse' },
    {
      name: 'an mlp with layer norm',
      spec: { sizes: [3, 5, 5, 2], norm: 'layer', activation: 'elu' },
      loss: 'mse',
    },
    { name: 'a residual mlp', spec: { sizes: [3, 4, 4, 4, 2], residual: true }, loss: 'mse' },
    {
      name: 'a residual mlp with batch norm and mixed activations',
      spec: { sizes: [4, 4, 4, 1], residual: true, norm: 'batch', layers: { 2: { activation: 'softplus' } } },
      loss: 'mse',
    },
  ];
  for (const { name, spec, loss } of cases) {
    it(`${name} passes a centred finite-difference check of every parameter and the input`, () => {
      const random = createRandom(name);
      const net = mlp({ ...spec, random });
      const m = 6;
      const X = randomMatrix(net.inputSize, m, random);
      let Y: Matrix;
      if (loss === 'softmaxCrossEntropy') Y = oneHot(net.outputSize, [0, 2, 1, 1, 0, 2]);
      else if (loss === 'bce') Y = fromData(1, m, Float64Array.from([1, 0, 0, 1, 1, 0]));
      else Y = randomMatrix(net.outputSize, m, random);
      // Non-zero biases so that no bias gradient check is a check of a special point.
      for (const p of net.params)
        if (p.name.startsWith('b'))
          for (let i = 0; i < p.value.data.length; i++) p.value.data[i] = random.normal(0, 0.3);
      if (spec.activation === 'relu') {
        const trace = forward(net, X);
        for (const t of trace.layers)
          expect(Math.min(...Array.from(t.z.data, Math.abs))).toBeGreaterThan(1e-3);
      }
      expectGradientsMatch(checkNetworkGradients(net, X, Y, loss));
    });
  }

  it("with norm: 'batch' puts a batch norm (carrying the activation) after each hidden dense layer, which has no bias", () => {
    const net = mlp({ sizes: [2, 3, 3, 1], norm: 'batch', activation: 'relu' });
    expect(
      net.layers.map((l) => `${l.kind}:${l.activation?.name}:${l.params.map((p) => p.name).join(',')}`),
    ).toEqual([
      'dense:identity:W[1]',
      'batchNorm:relu:gamma[1],beta[1]',
      'dense:identity:W[2]',
      'batchNorm:relu:gamma[2],beta[2]',
      'dense:identity:W[3],b[3]',
    ]);
  });

  it('with residual: true wraps each hidden layer of unchanged width in a residual block', () => {
    const net = mlp({ sizes: [2, 4, 4, 4, 1], residual: true, norm: 'layer' });
    expect(net.layers.map((l) => l.kind)).toEqual(['dense', 'layerNorm', 'residual', 'residual', 'dense']);
    expect(net.layers[2].inner?.map((l) => l.kind)).toEqual(['dense', 'layerNorm']);
    expect(net.params.map((p) => p.name)).toContain('W[3]');
  });

  it('rejects every bad field of the spec, naming it', () => {
    const argument = (spec: unknown) => thrown(() => mlp(spec as MlpSpec)).argument;
    expect(argument(undefined)).toBe('spec');
    expect(argument({})).toBe('spec.sizes');
    expect(argument({ sizes: [] })).toBe('spec.sizes');
    expect(argument({ sizes: [3] })).toBe('spec.sizes');
    expect(argument({ sizes: [2, 3, 0] })).toBe('spec.sizes[2]');
    expect(argument({ sizes: [2, 2.5, 1] })).toBe('spec.sizes[1]');
    expect(argument({ sizes: ['2', 1] })).toBe('spec.sizes[0]');
    expect(argument({ sizes: [2, 1], activation: 'tahn' })).toBe('spec.activation');
    expect(argument({ sizes: [2, 1], outputActivation: 'softmax' })).toBe('spec.outputActivation');
    expect(argument({ sizes: [2, 1], init: 'kaiming' })).toBe('spec.init');
    expect(argument({ sizes: [2, 1], bias: 'yes' })).toBe('spec.bias');
    expect(argument({ sizes: [2, 1], dtype: 'float8' })).toBe('spec.dtype');
    expect(argument({ sizes: [2, 1], seed: NaN })).toBe('spec.seed');
    expect(argument({ sizes: [2, 1], seed: 1, random: createRandom(1) })).toBe('spec.seed');
    expect(argument({ sizes: [2, 1], random: {} })).toBe('spec.random');
    expect(argument({ sizes: [2, 1], norm: 'group' })).toBe('spec.norm');
    expect(argument({ sizes: [2, 1], residual: 1 })).toBe('spec.residual');
    expect(argument({ sizes: [2, 1], acitvation: 'tanh' })).toBe('spec.acitvation');
    expect(argument({ sizes: [2, 3, 1], layers: { 3: { activation: 'relu' } } })).toBe('spec.layers[3]');
    expect(argument({ sizes: [2, 3, 1], layers: { 0: { activation: 'relu' } } })).toBe('spec.layers[0]');
    expect(argument({ sizes: [2, 3, 1], layers: { first: {} } })).toBe('spec.layers[first]');
    expect(argument({ sizes: [2, 3, 1], layers: { 1: 'relu' } })).toBe('spec.layers[1]');
    expect(argument({ sizes: [2, 3, 1], layers: { 1: { activation: 'tahn' } } })).toBe(
      'spec.layers[1].activation',
    );
    expect(argument({ sizes: [2, 3, 1], layers: { 2: { init: 'he' } } })).toBe('spec.layers[2].init');
    expect(argument({ sizes: [2, 3, 1], layers: { 2: { bias: null } } })).toBe('spec.layers[2].bias');
    expect(argument({ sizes: [2, 3, 1], layers: { 2: { width: 4 } } })).toBe('spec.layers[2].width');
    expect(argument({ sizes: [2, 3, 1], layers: 'relu' })).toBe('spec.layers');
  });

  it('says in the error how to fix a bad size, and which option a misspelt key meant', () => {
    expect(thrown(() => mlp({ sizes: [2, 3, 0] })).message).toContain(
      'spec.sizes[2] must be a positive integer',
    );
    expect(thrown(() => mlp({ sizes: [2, 1], acitvation: 'tanh' } as never)).message).toContain(
      'did you mean "activation"?',
    );
  });
});

describe('network', () => {
  it('chains explicit layers and collects their parameters in order', () => {
    const random = createRandom(1);
    const a = dense({ inputSize: 2, outputSize: 3, random });
    const b = dense({ inputSize: 3, outputSize: 1, random });
    const net = network([a, b]);
    expect([net.inputSize, net.outputSize, net.dtype]).toEqual([2, 1, 'float64']);
    expect(net.params).toEqual([...a.params, ...b.params]);
  });

  it('rejects layers whose sizes do not chain, mixed dtypes, a layer used twice, and an empty list', () => {
    const a = dense({ inputSize: 2, outputSize: 3 });
    expect(thrown(() => network([a, dense({ inputSize: 2, outputSize: 1 })])).argument).toBe('layers[1]');
    expect(
      thrown(() => network([a, dense({ inputSize: 3, outputSize: 1, dtype: 'float32' })])).argument,
    ).toBe('layers[1]');
    const square = dense({ inputSize: 2, outputSize: 2 });
    expect(thrown(() => network([square, square])).argument).toBe('layers[1]');
    expect(thrown(() => network([])).argument).toBe('layers');
    expect(thrown(() => network([a, 'dense' as never])).argument).toBe('layers[1]');
  });
});

describe('forward and backward', () => {
  it('rejects an X without inputSize rows, saying one example per column', () => {
    const net = mlp({ sizes: [3, 2, 1] });
    const error = thrown(() => forward(net, zeros(2, 3)));
    expect(error.argument).toBe('X');
    expect(error.message).toContain('one example per column');
    expect(thrown(() => forward(net, [[1, 2, 3]] as never)).argument).toBe('X');
    expect(thrown(() => forward(net, zeros(3, 1), { mode: 'test' as never })).argument).toBe('options.mode');
  });

  it('rejects a backward pass before a forward pass, and a dOutput of the wrong shape', () => {
    const net = mlp({ sizes: [2, 2, 1] });
    expect(thrown(() => backward(net, zeros(1, 1))).argument).toBe('dOutput');
    forward(net, zeros(2, 4));
    const error = thrown(() => backward(net, zeros(1, 3)));
    expect(error.argument).toBe('dOutput');
    expect(error.message).toContain('1×4');
  });

  it('lossAndGradients rejects targets of the wrong shape and unknown losses', () => {
    const net = mlp({ sizes: [2, 2, 1] });
    expect(thrown(() => lossAndGradients(net, zeros(2, 4), zeros(1, 3), 'mse')).argument).toBe('Y');
    expect(thrown(() => lossAndGradients(net, zeros(2, 4), zeros(1, 4), 'hinge' as never)).argument).toBe(
      'loss',
    );
  });

  it('lossAndGradients returns the mean loss and the gradients of backward with dOutput = ∂L/∂ŷ', () => {
    const random = createRandom(5);
    const net = mlp({ sizes: [2, 3, 2], random });
    const X = randomMatrix(2, 4, random);
    const Y = randomMatrix(2, 4, random);
    const { loss, trace } = lossAndGradients(net, X, Y, 'mse');
    let expected = 0;
    for (let k = 0; k < Y.data.length; k++) expected += (trace.output.data[k] - Y.data[k]) ** 2 / (2 * 4);
    expect(loss).toBeCloseTo(expected, 15);
    const dW1 = Array.from(net.params[0].grad.data);
    const dOutput = zeros(2, 4);
    for (let k = 0; k < Y.data.length; k++) dOutput.data[k] = (trace.output.data[k] - Y.data[k]) / 4;
    backward(net, dOutput);
    expect(Array.from(net.params[0].grad.data)).toEqual(dW1);
  });

  it('returns a fresh trace each call: a trace taken before the weights change still shows the old weights', () => {
    const random = createRandom(6);
    const net = mlp({ sizes: [2, 3, 1], random });
    const X = randomMatrix(2, 5, random);
    const before = forward(net, X);
    const z1 = Array.from(before.layers[0].z.data);
    const output = Array.from(before.output.data);
    for (const p of net.params) for (let i = 0; i < p.value.data.length; i++) p.value.data[i] += 0.5;
    const after = forward(net, X);
    expect(after).not.toBe(before);
    expect(after.layers[0].z).not.toBe(before.layers[0].z);
    expect(Array.from(before.layers[0].z.data)).toEqual(z1);
    expect(Array.from(before.output.data)).toEqual(output);
    expect(Array.from(after.output.data)).not.toEqual(output); // the weights did change what the network computes
    // The same holds for backward and lossAndGradients, and across training, which reuses its own buffers.
    const Y = randomMatrix(1, 5, random);
    const first = lossAndGradients(net, X, Y, 'mse');
    const delta = Array.from(first.gradients.layers[0].delta.data);
    fit(net, { x: X, y: Y }, { optimizer: sgd({ learningRate: 0.1 }), steps: 3 });
    lossAndGradients(net, X, Y, 'mse', { reuseBuffers: true });
    expect(Array.from(first.gradients.layers[0].delta.data)).toEqual(delta);
    expect(Array.from(before.layers[0].z.data)).toEqual(z1);
  });

  it('with reuseBuffers, lossAndGradients writes into the same matrices every step, and copyTrace keeps one', () => {
    const random = createRandom(6);
    const net = mlp({ sizes: [2, 3, 1], random });
    const X = randomMatrix(2, 5, random);
    const Y = randomMatrix(1, 5, random);
    const first = lossAndGradients(net, X, Y, 'mse', { reuseBuffers: true }).trace;
    const kept = copyTrace(first);
    const z1 = Array.from(first.layers[0].z.data);
    const second = lossAndGradients(net, randomMatrix(2, 5, random), Y, 'mse', { reuseBuffers: true }).trace;
    expect(second).toBe(first);
    expect(second.layers[0].z).toBe(first.layers[0].z);
    expect(Array.from(first.layers[0].z.data)).not.toEqual(z1);
    expect(Array.from(kept.layers[0].z.data)).toEqual(z1);
    expect(kept.layers[1].input).toBe(kept.layers[0].a);
    expect(kept.output).toBe(kept.layers[1].a);
  });

  it('reuses the same matrices over 100 training steps with reuseBuffers (no per-step allocation)', () => {
    const random = createRandom(7);
    const net = mlp({ sizes: [4, 8, 8, 2], norm: 'batch', residual: true, random });
    const X = randomMatrix(4, 16, random);
    const Y = randomMatrix(2, 16, random);
    const buffersOf = ({ trace, gradients }: ReturnType<typeof lossAndGradients>): Matrix[] => [
      trace.output,
      gradients.dInput,
      ...trace.layers.flatMap((t) => [t.z, t.a, ...(t.inner ?? []).flatMap((u) => [u.z, u.a])]),
      ...gradients.layers.flatMap((g) => [g.delta, g.dInput, ...(g.inner ?? []).map((u) => u.delta)]),
      ...net.params.map((p) => p.grad),
    ];
    const options = { reuseBuffers: true };
    const first = buffersOf(lossAndGradients(net, X, Y, 'mse', options));
    expect(first.length).toBeGreaterThan(30);
    for (let step = 0; step < 100; step++) {
      const current = buffersOf(lossAndGradients(net, X, Y, 'mse', options));
      expect(current.length).toBe(first.length);
      current.forEach((m, i) => expect(m).toBe(first[i]));
    }
    // Without it, every call has matrices of its own (only the parameters' gradients are shared).
    const fresh = buffersOf(lossAndGradients(net, X, Y, 'mse'));
    const shared = fresh.filter((m) => first.includes(m));
    expect(shared).toEqual(net.params.map((p) => p.grad));
  });

  it('with parameterGradients: false, computes the same deltas and dInput and leaves every param.grad as it was', () => {
    for (const norm of ['batch', 'layer'] as const) {
      const random = createRandom(8);
      const net = mlp({ sizes: [4, 6, 6, 6, 2], norm, residual: true, random });
      const X = randomMatrix(4, 5, random);
      const Y = randomMatrix(2, 5, random);
      const full = lossAndGradients(net, X, Y, 'mse');
      const deltas = (g: typeof full.gradients) =>
        g.layers.map((l) => [l.delta, l.dInput, ...(l.inner ?? []).map((u) => u.delta)].map(toArray));
      const expected = deltas(full.gradients);
      // Mark every gradient, so an overwrite with any value would show.
      for (const p of net.params) p.grad.data.fill(7);
      const flow = lossAndGradients(net, X, Y, 'mse', { parameterGradients: false });
      expect(flow.loss).toBe(full.loss);
      expect(deltas(flow.gradients)).toEqual(expected);
      expect(toArray(flow.gradients.dInput)).toEqual(toArray(full.gradients.dInput));
      expect(net.params.length).toBeGreaterThan(10);
      for (const p of net.params) expect(p.grad.data.every((v) => v === 7)).toBe(true);
    }
    expect(
      thrown(() =>
        lossAndGradients(linearNetwork(1, 1), column([1, 1]), column([1, 1]), 'mse', {
          parameterGradients: 'no' as never,
        }),
      ).message,
    ).toMatch(/^lossAndGradients: options\.parameterGradients/);
  });

  it('copies a float64 X into a float32 network before the first layer', () => {
    const net = linearNetwork(1, 1, 1, 'float32');
    const trace = forward(net, column([0.1]));
    expect(trace.input.dtype).toBe('float32');
    expect(trace.output.data[0]).toBe(Math.fround(0.1));
  });

  it('predict runs in eval mode and returns a fresh matrix', () => {
    const random = createRandom(8);
    const net = mlp({ sizes: [2, 3, 1], norm: 'batch', random });
    forward(net, randomMatrix(2, 8, random)); // train mode: moves the running statistics
    const x = randomMatrix(2, 1, random);
    const y = predict(net, x);
    expect(y).not.toBe(forward(net, x, { mode: 'eval' }).output);
    expect(Array.from(y.data)).toEqual(Array.from(forward(net, x, { mode: 'eval' }).output.data));
  });
});

describe('linearNetwork', () => {
  it('is the lecture network: depth layers with W = k·I, no bias, identity activations', () => {
    const net = linearNetwork(4, 1.5);
    expect(net.layers).toHaveLength(4);
    for (const layer of net.layers) {
      expect(layer.activation?.name).toBe('identity');
      expect(layer.params).toHaveLength(1);
      expect(toArray(layer.params[0].value)).toEqual([
        [1.5, 0],
        [0, 1.5],
      ]);
    }
    expect(linearNetwork(3, 0.5, 5).inputSize).toBe(5);
  });

  it('rejects a bad depth, k, width or dtype', () => {
    expect(thrown(() => linearNetwork(0, 1.5)).argument).toBe('depth');
    expect(thrown(() => linearNetwork(3, Infinity)).argument).toBe('k');
    expect(thrown(() => linearNetwork(3, 1.5, 0)).argument).toBe('width');
    expect(thrown(() => linearNetwork(3, 1.5, 2, 'double' as never)).argument).toBe('dtype');
  });
});
