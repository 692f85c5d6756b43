/**
 * The Lab's diagnosis: one sentence that says what the figures show and why, with the lesson that explains it.
 * It reads the measurements first (where a value overflowed or underflowed, how fast the squared gradient
 * ‖δ^[l]‖² changes per layer going back, fitted over every seed) and uses theory to name the cause: the phase,
 * χ₁, and the classic mistakes (Xavier initialization on ReLU, a sigmoid's slope of at most 1/4, the lecture's
 * k·I).
 */
import { formatNumber } from '@gradscope/charts';

import type { SeedScan } from './scan.ts';
import type { LabState } from './state.ts';
import { ACTIVATION_LABELS } from './state.ts';
import { trainableDepth, type TheorySummary } from './theory.ts';
import type { LessonSlug } from './lessons.ts';

/** What the diagnosis concluded. */
export type Verdict = 'overflow' | 'underflow' | 'vanishing' | 'exploding' | 'stable' | 'shallow';

/** A diagnosis: its sentence (without the lesson link) and the lessons that explain it, best first. */
export interface Diagnosis {
  readonly verdict: Verdict;
  readonly sentence: string;
  readonly lessons: readonly LessonSlug[];
  /** The measured factor by which ‖δ‖² changes per layer going back (NaN when it could not be fitted). */
  readonly factor: number;
}

/** Below this per layer, the squared gradient counts as vanishing, above its inverse as exploding. */
export const STABLE_BAND = 0.9;

/**
 * …and over the hidden layers as a whole, beyond this factor either way: 0.93 per layer is close to one, but over
 * 49 layers it takes ‖δ‖² down to 1/35, which is not "keeping its size".
 */
export const STABLE_OVERALL = 10;

/**
 * The factor by which ‖δ^[l]‖² is multiplied going back one layer, fitted by least squares on ln ‖δ^[l]‖² over
 * the hidden layers of every seed (the output layer's δ has another origin, the loss); NaN with fewer than three
 * usable layers. Layers whose norm is 0 or not finite are left out.
 *
 * @example
 * gradientFactor(scans); // 0.5 for ReLU with σ_w² = 1
 */
export function gradientFactor(scans: readonly SeedScan[]): number {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let n = 0;
  for (const scan of scans) {
    const hidden = scan.gradNorm.length - 1;
    for (let l = 1; l <= hidden; l++) {
      const g = scan.gradNorm[l - 1];
      if (!(g > 0 && Number.isFinite(g))) continue;
      const y = 2 * Math.log(g);
      sx += l;
      sy += y;
      sxx += l * l;
      sxy += l * y;
      n++;
    }
  }
  const layers = n / Math.max(1, scans.length);
  if (layers < 3) return NaN;
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  // ‖δ‖² grows by e^slope per layer towards the output, so going back it is multiplied by e^(−slope).
  return Math.exp(-slope);
}

/**
 * "about 1/2", "about 1/4", "about ×1.3", "about 0.83": a per-layer factor as a reader would say it.
 *
 * @example
 * factorWords(0.497); // 'about 1/2'
 */
export function factorWords(factor: number): string {
  if (factor < 1) {
    const k = Math.round(1 / factor);
    if (k >= 2 && k <= 10 && Math.abs(1 / factor - k) <= 0.06 * k) return `about 1/${k}`;
    return `about ${formatNumber(factor, 2)}`;
  }
  return `about ×${formatNumber(factor, 2)}`;
}

/**
 * The diagnosis of a state from its scans and its theory summary.
 *
 * @example
 * diagnose({ ...DEFAULT_STATE, activation: 'relu' }, scans, theory).sentence;
 * // 'Gradients vanish: going back, ‖δ‖² shrinks by about 1/2 per layer (χ₁ = 0.5 in theory) — …'
 */
export function diagnose(state: LabState, scans: readonly SeedScan[], theory: TheorySummary): Diagnosis {
  const factor = gradientFactor(scans);
  const format = state.dtype;
  const first = (pick: (s: SeedScan) => number | null) => {
    const found = scans.map(pick).filter((l): l is number => l !== null);
    return found.length === 0 ? null : Math.min(...found);
  };
  const last = (pick: (s: SeedScan) => number | null) => {
    const found = scans.map(pick).filter((l): l is number => l !== null);
    return found.length === 0 ? null : Math.max(...found);
  };
  const lecture = state.activation === 'identity' && state.init === 'identity';
  const k = Math.sqrt(state.weightVariance);
  const kWords = `k = ${formatNumber(k, 3)}`;

  const forwardOverflow = first((s) => s.forwardNonFinite);
  if (forwardOverflow !== null) {
    return {
      verdict: 'overflow',
      factor,
      lessons: ['deep-linear-network'],
      sentence:
        `The forward pass overflows: at layer ${forwardOverflow} a value passes ${format}'s largest number and becomes ∞ ` +
        `(or NaN), and the loss and every gradient after it are not numbers` +
        (lecture ? `, as ${kWords} per layer compounds over the depth.` : '.'),
    };
  }
  const backwardOverflow = last((s) => s.backwardNonFinite);
  if (backwardOverflow !== null) {
    return {
      verdict: 'overflow',
      factor,
      lessons: ['deep-linear-network'],
      sentence:
        `The forward pass stays finite, but the gradient overflows going back: δ^[${backwardOverflow}] holds ∞ or NaN ` +
        `in ${format}, where the gradients grow about twice as fast with depth as the signal.`,
    };
  }
  const forwardZero = first((s) => s.forwardZero);
  if (forwardZero !== null) {
    return {
      verdict: 'underflow',
      factor,
      lessons: ['deep-linear-network'],
      sentence:
        `The signal underflows: at layer ${forwardZero} every z is exactly 0 in ${format} (smaller than its smallest ` +
        `number), so every later layer, and every weight gradient, sees nothing.`,
    };
  }
  const backwardZero = last((s) => s.backwardZero);
  if (backwardZero !== null && state.activation !== 'relu') {
    return {
      verdict: 'underflow',
      factor,
      // Lost below a format's smallest number: what loss scaling is for, and the lecture's network first.
      lessons: format === 'float64' ? ['deep-linear-network'] : ['mixed-precision', 'deep-linear-network'],
      sentence: `The gradient underflows going back: δ^[${backwardZero}] is exactly 0 in ${format}, so W^[1] … W^[${backwardZero}] get no gradient at all.`,
    };
  }

  if (Number.isNaN(factor)) {
    return {
      verdict: 'shallow',
      factor,
      lessons: ['from-activations-to-gradients'],
      sentence: `With ${state.depth} ${state.depth === 1 ? 'layer' : 'layers'} there is too little depth for gradients to vanish or explode: add layers to see them change from layer to layer.`,
    };
  }

  // From the last hidden layer (L − 1) back to the first: L − 2 steps.
  const steps = Math.max(1, state.depth - 2);
  const overall = factor ** steps;
  const slowly = factor >= STABLE_BAND && factor <= 1 / STABLE_BAND;
  const verdict: Verdict =
    slowly && overall >= 1 / STABLE_OVERALL && overall <= STABLE_OVERALL
      ? 'stable'
      : factor < 1
        ? 'vanishing'
        : 'exploding';
  const overallWords =
    overall < 1 ? `1/${formatNumber(1 / overall, 2)}` : `${formatNumber(overall, 2)} times its size`;
  const measured =
    verdict === 'stable'
      ? `going back, ‖δ‖² changes by ${factorWords(factor)} per layer`
      : `going back, ‖δ‖² ${verdict === 'vanishing' ? 'shrinks' : 'grows'} by ${factorWords(factor)} per layer` +
        (slowly ? `, to ${overallWords} over ${steps} layers` : '');
  const chiWords = `χ₁ = ${formatNumber(theory.chi1, 3)}`;
  const headline =
    verdict === 'stable'
      ? 'Gradients keep their size'
      : `Gradients ${verdict === 'vanishing' ? 'vanish' : 'explode'}${slowly ? ', slowly' : ''}`;

  // The lecture's network: the factor is k² exactly.
  if (lecture) {
    return {
      verdict,
      factor,
      lessons: ['deep-linear-network'],
      sentence: `${headline}: ${measured}, which is k² for weights k·I with ${kWords}; a factor just above or below one compounds into k^(2L−1) over ${state.depth} layers.`,
    };
  }
  if (state.residual || state.norm !== 'none') {
    const what = state.residual
      ? `the skip connections carry the gradient past every layer${state.norm === 'none' ? '' : ' and the normalization rescales it'}`
      : `the ${state.norm} normalization rescales every layer's signal`;
    return {
      verdict,
      factor,
      lessons: state.residual
        ? ['residual-connections', 'normalization', 'jacobian-products']
        : ['normalization', 'jacobian-products'],
      sentence: `${headline}: ${measured} (measured; mean-field theory does not cover this network), because ${what}.`,
    };
  }

  const relu = state.activation === 'relu' || state.activation === 'leakyRelu';
  const inTheory = theory.applies ? ` (${chiWords} in theory)` : '';
  if (relu && Math.abs(state.weightVariance - 1) <= 0.1 && verdict === 'vanishing') {
    return {
      verdict,
      factor,
      lessons: ['relu-paths', 'variance-propagation'],
      sentence: `${headline}: ${measured}${inTheory}; this is Xavier (Glorot) initialization on ReLU, σ_w² = 1, which suits units that pass their whole input, while ReLU zeroes half of it and needs σ_w² = 2 (He).`,
    };
  }
  if (relu && Math.abs(state.weightVariance - 2) <= 0.1) {
    return {
      verdict,
      factor,
      lessons: ['relu-paths', 'variance-propagation'],
      sentence: `${headline}: ${measured}${inTheory}; σ_w² = 2 is He initialization, which makes up for the half of its input that ReLU zeroes.`,
    };
  }
  if (state.activation === 'sigmoid') {
    return {
      verdict,
      factor,
      lessons: ['sigmoid-slope', 'from-activations-to-gradients'],
      sentence: `${headline}: ${measured}${inTheory}; the sigmoid's slope is at most 1/4, so every layer multiplies the gradient by σ_w² times a number below 1/16 on average.`,
    };
  }
  const name = ACTIVATION_LABELS[state.activation];
  const depthNote = (() => {
    const trainable = trainableDepth(theory.correlationScale);
    if (trainable === null || !Number.isFinite(trainable)) return '';
    return trainable < state.depth
      ? `, and such a network trains to about 6ξ_c = ${formatNumber(trainable, 2)} layers, fewer than its ${state.depth}`
      : `, and such a network trains to about 6ξ_c = ${formatNumber(trainable, 2)} layers, more than its ${state.depth}`;
  })();
  if (theory.phase === 'chaotic') {
    return {
      verdict,
      factor,
      lessons: ['signal-propagation', 'variance-propagation'],
      sentence: `${headline}: ${measured}${inTheory}; ${name} with σ_w² = ${formatNumber(state.weightVariance, 3)} is in the chaotic phase, where nearby inputs drift apart and gradients explode towards the input${depthNote}.`,
    };
  }
  if (theory.phase === 'ordered') {
    return {
      verdict,
      factor,
      lessons: ['signal-propagation', 'variance-propagation'],
      sentence: `${headline}: ${measured}${inTheory}; ${name} with σ_w² = ${formatNumber(state.weightVariance, 3)} is in the ordered phase, where all inputs converge to one and gradients vanish towards the input${depthNote}.`,
    };
  }
  // At the edge with q* = 0 (tanh and σ_b² = 0, say) the signal itself fades, and χ_l creeps up to 1 only as it does.
  const fading =
    theory.qStar === 0 && verdict !== 'stable'
      ? `, but with σ_b² = 0 the signal fades towards q* = 0, and the gradient with it, as a power of the depth rather than exponentially`
      : `, where neither order nor chaos wins and gradients travel the furthest`;
  return {
    verdict,
    factor,
    lessons: ['signal-propagation', 'variance-propagation'],
    sentence: `${headline}: ${measured}${inTheory}; ${name} with σ_w² = ${formatNumber(state.weightVariance, 3)} sits at the edge of chaos${fading}.`,
  };
}
