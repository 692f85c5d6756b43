// The forum's backward pass, checked. A tiny network: 2 inputs → 3 sigmoid units → 1 sigmoid
// output, trained with binary cross-entropy as in the course. Three ways to get dW^[1], the
// gradient of the loss with respect to the first layer's weights:
//   - the engine's backward pass;
//   - the course's formulas by hand, with the slope g'(Z1) = A1·(1 − A1), and with the forum's A1;
//   - centred finite differences of the loss, which know nothing about backpropagation.
import {
  binaryCrossEntropy,
  forward,
  full,
  hadamard,
  lossAndGradients,
  matmulTransA,
  matmulTransB,
  matrix,
  mlp,
  numericGradient,
  scale,
  subtract,
  type Matrix,
} from '@gradscope/core';

const X = matrix([
  [0.5, -1.0, 1.5, 0.2],
  [1.0, 0.3, -0.7, -1.2],
]); // 2 features × 4 examples (one example per column)
const Y = matrix([[1, 0, 1, 0]]);
const m = X.cols;

const net = mlp({ sizes: [2, 3, 1], activation: 'sigmoid', outputActivation: 'sigmoid' });
const [W1, , W2] = net.params; // W[1], b[1], W[2], b[2]; the biases start at 0
// W1 is 3×2, row by row (row i: the weights into hidden unit i); W2 is 1×3.
W1.value.data.set([0.8, -0.5, -1.2, 0.9, 0.4, 1.5]);
W2.value.data.set([1.1, -0.7, 0.6]);

// 1. The engine: forward, loss, backward. W1.grad now holds dW^[1].
const { trace } = lossAndGradients(net, X, Y, 'bce');
const engine = W1.grad.data;

// 2. The course's formulas. With a sigmoid output and cross-entropy, dZ2 = A2 − Y: the output's
//    slope cancels against the loss's derivative.
const A1 = trace.layers[0].a;
const A2 = trace.layers[1].a;
const dZ2 = subtract(A2, Y);
const back = matmulTransA(W2.value, dZ2); // W2ᵀ·dZ2: the gradient arriving at A1
// The slope of the sigmoid at Z1, written through its output: g'(Z1) = A1·(1 − A1).
const slope = hadamard(A1, subtract(full(A1.rows, A1.cols, 1), A1));
const dW1 = (dZ1: Matrix) => scale(matmulTransB(dZ1, X), 1 / m).data; // dW1 = (1/m)·dZ1·Xᵀ
const course = dW1(hadamard(back, slope)); // dZ1 = W2ᵀ·dZ2 * g'(Z1)
const forum = dW1(hadamard(back, A1)); // dZ1 = W2ᵀ·dZ2 * A1

// 3. Finite differences: nudge each weight up and down by 1e-5 and watch the loss.
const numeric = numericGradient(
  () => binaryCrossEntropy.value(forward(net, X).output, Y),
  W1.value.data as Float64Array,
);

display(
  Array.from(engine, (_, k) => ({
    weight: `W1[${Math.floor(k / 2)}][${k % 2}]`,
    engine: engine[k],
    'course, A1·(1 − A1)': course[k],
    'forum, A1': forum[k],
    'finite differences': numeric[k],
  })),
);

const largestError = (values: ArrayLike<number>) =>
  Math.max(...Array.from(values, (v, k) => Math.abs(v - numeric[k]) / Math.abs(numeric[k])));
console.log('largest relative error against finite differences:');
console.log('  engine:', largestError(engine));
console.log('  course, with the slope:', largestError(course));
console.log('  forum, with A1:', largestError(forum));
