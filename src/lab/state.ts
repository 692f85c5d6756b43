/**
 * What the reader sets in the Lab: one plain object, every field a number, a boolean or a name, so that it fits in
 * a URL (url-state.ts) and crosses to a worker as it is. `readState` turns anything (a parsed URL, a lesson's
 * partial configuration) into a valid state, saying what it had to change; nothing here computes.
 *
 * The network has `depth` weight layers: the input x (`width` features, entries N(0, 1)) goes through depth − 1
 * hidden layers of `width` units with the activation, then an output layer (1 unit for the mean squared error and
 * binary cross-entropy, 4 classes for softmax cross-entropy). Every W^[l] is drawn with Var(W_ij) = σ_w²/fan_in
 * (Gaussian, uniform, orthogonal with gain √σ_w², or √σ_w²·I), every b^[l] from N(0, σ_b²): the two dials of
 * mean-field theory, so that σ_w² = 1 is Xavier's (and LeCun's) initialization of a network whose layers have
 * equal widths, and σ_w² = 2 is He's.
 */
import { ACTIVATION_NAMES, nearestName, type ActivationName, type DTypeName } from '@gradscope/core';

/** How W^[l] is drawn: the distribution; its scale is σ_w². */
export type InitName = 'normal' | 'uniform' | 'orthogonal' | 'identity';
/** Normalization of the hidden layers. */
export type NormName = 'none' | 'batch' | 'layer';
/** Where the normalization sits: see `NORM_PLACES`. */
export type NormPlace = 'pre' | 'post';
/** The training loss. */
export type LabLoss = 'mse' | 'bce' | 'softmaxCrossEntropy';
/** The optimizer. */
export type LabOptimizer = 'sgd' | 'momentum' | 'adam';

/** Everything the reader sets. */
export interface LabState {
  /** L, the number of weight layers (1–500). */
  readonly depth: number;
  /** n, the width of the input and of every hidden layer (2–1024). */
  readonly width: number;
  readonly activation: ActivationName;
  readonly init: InitName;
  /** σ_w²: Var(W_ij) = σ_w²/fan_in. */
  readonly weightVariance: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** σ_b²: b_i ~ N(0, σ_b²) (with `bias`). */
  readonly biasVariance: number;
  readonly norm: NormName;
  readonly normPlace: NormPlace;
  /** Residual connections around every hidden layer. */
  readonly residual: boolean;
  /** s in a^[l] = a^[l−1] + s·F(a^[l−1]). */
  readonly branchScale: number;
  /** The number format every value is stored in. */
  readonly dtype: DTypeName;
  /** m, examples per batch (the scan's batch, and training's minibatch). */
  readonly batch: number;
  /** The first seed; the scan uses `seeds` consecutive seeds from it. */
  readonly seed: number;
  /** How many seeds the scan measures (the band's width). */
  readonly seeds: number;
  readonly loss: LabLoss;
  readonly optimizer: LabOptimizer;
  readonly learningRate: number;
  /** Clip the global gradient norm to this (0: no clipping). */
  readonly clip: number;
  /** Training steps. */
  readonly steps: number;
}

/** The configuration the page opens with (and renders without JavaScript). */
export const DEFAULT_STATE: LabState = {
  depth: 50,
  width: 128,
  activation: 'tanh',
  init: 'normal',
  weightVariance: 1,
  bias: true,
  biasVariance: 0,
  norm: 'none',
  normPlace: 'pre',
  residual: false,
  branchScale: 1,
  dtype: 'float64',
  batch: 32,
  seed: 1,
  seeds: 3,
  loss: 'mse',
  optimizer: 'sgd',
  learningRate: 0.01,
  clip: 0,
  steps: 200,
};

/** Numeric fields: their range, whether they are whole numbers, and how the reader reads them. */
export const NUMBER_FIELDS = {
  depth: { min: 1, max: 500, integer: true, label: 'Depth L (weight layers)' },
  width: { min: 2, max: 1024, integer: true, label: 'Width n' },
  weightVariance: { min: 0.01, max: 16, integer: false, label: 'σ_w² (weight variance × fan-in)' },
  biasVariance: { min: 0, max: 4, integer: false, label: 'σ_b² (bias variance)' },
  branchScale: { min: 0, max: 2, integer: false, label: 'Branch scale s' },
  batch: { min: 1, max: 512, integer: true, label: 'Batch size m' },
  seed: { min: 0, max: 999_999, integer: true, label: 'Seed' },
  seeds: { min: 1, max: 8, integer: true, label: 'Seeds in the band' },
  learningRate: { min: 1e-6, max: 10, integer: false, label: 'Learning rate η' },
  clip: { min: 0, max: 1e6, integer: false, label: 'Clip gradient norm at (0: off)' },
  steps: { min: 1, max: 5000, integer: true, label: 'Steps' },
} as const satisfies Partial<Record<keyof LabState, NumberField>>;

/** The range of a numeric field. */
export interface NumberField {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly label: string;
}

/** Names the activations by what a learner calls them. */
export const ACTIVATION_LABELS: Readonly<Record<ActivationName, string>> = {
  identity: 'linear (identity)',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU',
  elu: 'ELU',
  selu: 'SELU',
  gelu: 'GELU',
  softplus: 'softplus',
  erf: 'erf',
};

export const INIT_LABELS: Readonly<Record<InitName, string>> = {
  normal: 'Gaussian N(0, σ_w²/fan_in)',
  uniform: 'uniform, same variance',
  orthogonal: 'orthogonal, gain √σ_w²',
  identity: 'scaled identity k·I, k = √σ_w²',
};

export const NORM_LABELS: Readonly<Record<NormName, string>> = {
  none: 'none',
  batch: 'batch norm',
  layer: 'layer norm',
};

/**
 * Where the normalization goes. Without residual connections: before the activation (dense → norm → g, as Ioffe
 * & Szegedy place batch norm) or after it (dense → g → norm). With them: at the start of each branch (pre-LN,
 * a + s·g(W·norm(a) + b)) or after the sum (post-LN, norm(a + s·g(W·a + b)), the original Transformer's).
 */
export const NORM_PLACES: Readonly<Record<NormPlace, { readonly plain: string; readonly residual: string }>> =
  {
    pre: { plain: 'before the activation', residual: 'pre-norm: at the start of each branch' },
    post: { plain: 'after the activation', residual: 'post-norm: after the sum' },
  };

export const DTYPE_LABELS: Readonly<Record<DTypeName, string>> = {
  float64: 'float64',
  float32: 'float32',
  bfloat16: 'bfloat16',
  float16: 'float16',
  'float32-ftz': 'float32, subnormals flushed to 0',
  'bfloat16-ftz': 'bfloat16, subnormals flushed to 0',
  'float16-ftz': 'float16, subnormals flushed to 0',
};

export const LOSS_LABELS: Readonly<Record<LabLoss, string>> = {
  mse: 'mean squared error (regression)',
  bce: 'binary cross-entropy (2 classes)',
  softmaxCrossEntropy: 'softmax cross-entropy (4 classes)',
};

export const OPTIMIZER_LABELS: Readonly<Record<LabOptimizer, string>> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum 0.9',
  adam: 'Adam',
};

/** The choices of each named field, in the order the controls list them. */
export const CHOICES = {
  activation: ACTIVATION_NAMES,
  init: Object.keys(INIT_LABELS) as InitName[],
  norm: Object.keys(NORM_LABELS) as NormName[],
  normPlace: Object.keys(NORM_PLACES) as NormPlace[],
  dtype: Object.keys(DTYPE_LABELS) as DTypeName[],
  loss: Object.keys(LOSS_LABELS) as LabLoss[],
  optimizer: Object.keys(OPTIMIZER_LABELS) as LabOptimizer[],
} as const;

/** The boolean fields. */
export const BOOLEAN_FIELDS = ['bias', 'residual'] as const;

/** A state and what reading it changed (one sentence per change, for the reader). */
export interface ReadState {
  readonly state: LabState;
  readonly problems: readonly string[];
}

/**
 * A valid state from anything: known fields are checked (numbers clamped into their range and rounded when whole,
 * names checked against their choices with a did-you-mean), missing ones take the default, unknown ones are
 * reported. Never throws: a shared link that no longer fits still opens, and says what it changed.
 *
 * @example
 * readState({ depth: 900, activation: 'tahn' }).problems;
 * // ['depth 900 is more than 500: using 500.', 'activation "tahn" is not one of …; did you mean "tanh"? Using "tanh".']
 */
export function readState(
  input: Partial<Record<keyof LabState, unknown>>,
  base: LabState = DEFAULT_STATE,
): ReadState {
  const problems: string[] = [];
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined) continue;
    if (key in NUMBER_FIELDS) {
      out[key] = readNumber(key as keyof typeof NUMBER_FIELDS, value, base, problems);
    } else if (key in CHOICES) {
      out[key] = readChoice(key as keyof typeof CHOICES, value, base, problems);
    } else if ((BOOLEAN_FIELDS as readonly string[]).includes(key)) {
      if (typeof value === 'boolean') out[key] = value;
      else
        problems.push(
          `${key} must be true or false; received ${JSON.stringify(value)}: using ${base[key as 'bias']}.`,
        );
    } else {
      problems.push(`"${key}" is not a setting of the Lab: ignored.`);
    }
  }
  return { state: out as unknown as LabState, problems };
}

function readNumber(
  key: keyof typeof NUMBER_FIELDS,
  value: unknown,
  base: LabState,
  problems: string[],
): number {
  const field: NumberField = NUMBER_FIELDS[key];
  const x =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(x)) {
    problems.push(
      `${key} must be a number from ${field.min} to ${field.max}; received ${JSON.stringify(value)}: using ${base[key]}.`,
    );
    return base[key];
  }
  let y = field.integer ? Math.round(x) : x;
  if (y < field.min) {
    problems.push(`${key} ${x} is less than ${field.min}: using ${field.min}.`);
    y = field.min;
  } else if (y > field.max) {
    problems.push(`${key} ${x} is more than ${field.max}: using ${field.max}.`);
    y = field.max;
  }
  return y;
}

function readChoice(key: keyof typeof CHOICES, value: unknown, base: LabState, problems: string[]): string {
  const choices = CHOICES[key] as readonly string[];
  if (typeof value === 'string' && choices.includes(value)) return value;
  const near = typeof value === 'string' ? nearestName(value, choices) : undefined;
  problems.push(
    `${key} ${JSON.stringify(value)} is not one of ${choices.map((c) => `"${c}"`).join(', ')}` +
      `${near ? `; did you mean "${near}"?` : ''} Using "${near ?? base[key]}".`,
  );
  return near ?? (base[key] as string);
}

/**
 * The network's output size for a loss: one unit for regression and binary classification, four classes for
 * softmax cross-entropy.
 *
 * @example
 * outputSize('softmaxCrossEntropy'); // 4
 */
export function outputSize(loss: LabLoss): number {
  return loss === 'softmaxCrossEntropy' ? 4 : 1;
}

/** Beyond this many weights the page would not fit in a browser's memory (8 bytes each, twice with gradients). */
export const MAX_WEIGHTS = 2 ** 23;

/**
 * Why this state cannot be computed in the page, or null when it can: a network of more than `MAX_WEIGHTS`
 * weights (depth × width²) would need more memory than a browser tab has to spare.
 *
 * @example
 * tooLarge({ ...DEFAULT_STATE, depth: 500, width: 1024 }); // 'This network has 524 million weights …'
 */
export function tooLarge(state: LabState): string | null {
  const weights = state.depth * state.width * state.width;
  if (weights <= MAX_WEIGHTS) return null;
  const maxDepth = Math.max(1, Math.floor(MAX_WEIGHTS / (state.width * state.width)));
  const millions = (weights / 1e6).toPrecision(3);
  return (
    `This network has ${millions} million weights, more than the ${(MAX_WEIGHTS / 1e6).toPrecision(3)} million ` +
    `this page computes with (each takes 8 bytes, and its gradient as many). At width ${state.width} the Lab goes ` +
    `to depth ${maxDepth}; lower the depth or the width.`
  );
}
