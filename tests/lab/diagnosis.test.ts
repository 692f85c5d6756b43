import { describe, expect, it } from 'vitest';

import { diagnose, factorWords, gradientFactor } from '../../src/lab/diagnosis.ts';
import { pickLesson, type BuiltLesson } from '../../src/lab/lessons.ts';
import { scanSeed } from '../../src/lab/scan.ts';
import { DEFAULT_STATE, type LabState } from '../../src/lab/state.ts';
import { theorySummary } from '../../src/lab/theory.ts';

function diagnosisOf(changes: Partial<LabState>) {
  const state: LabState = { ...DEFAULT_STATE, depth: 30, width: 128, batch: 16, ...changes };
  const scans = [1, 2, 3].map((seed) => scanSeed(state, seed));
  return diagnose(state, scans, theorySummary(state, scans[0].inputSecondMoment));
}

describe('the diagnosis', () => {
  it('names Xavier on ReLU and says the squared gradient shrinks by about 1/2 per layer', () => {
    const d = diagnosisOf({ activation: 'relu', weightVariance: 1 });
    expect(d.verdict).toBe('vanishing');
    expect(d.sentence).toContain('shrinks by about 1/2 per layer');
    expect(d.sentence).toContain('Xavier (Glorot) initialization on ReLU');
    expect(d.lessons[0]).toBe('relu-paths');
  });

  it('calls tanh with σ_w² = 4 chaotic, with exploding gradients', () => {
    const d = diagnosisOf({ activation: 'tanh', weightVariance: 4 });
    expect(d.verdict).toBe('exploding');
    expect(d.sentence).toMatch(/^Gradients explode: going back, ‖δ‖² grows by about ×1\.\d+ per layer/);
    expect(d.sentence).toContain('chaotic phase');
    expect(d.lessons[0]).toBe('signal-propagation');
  });

  it('does not call tanh at σ_b² = 0 stable: 0.9 and more per layer still takes ‖δ‖² below a tenth over the depth', () => {
    const d = diagnosisOf({ activation: 'tanh', weightVariance: 1, biasVariance: 0 });
    expect(d.factor).toBeGreaterThan(0.9);
    expect(d.factor ** 28).toBeLessThan(0.1);
    expect(d.verdict).toBe('vanishing');
    expect(d.sentence).toMatch(
      /^Gradients vanish, slowly: going back, ‖δ‖² shrinks by about 0\.9\d per layer, to 1\/\d+ over 28 layers/,
    );
    expect(d.sentence).toContain('the signal fades towards q* = 0');
  });

  it('calls He initialization on ReLU stable', () => {
    const d = diagnosisOf({ activation: 'relu', weightVariance: 2 });
    expect(d.verdict).toBe('stable');
    expect(d.sentence).toContain('He initialization');
  });

  it('points at the layer where the lecture network overflows float32, before anything else', () => {
    const d = diagnosisOf({
      activation: 'identity',
      init: 'identity',
      weightVariance: 2.25,
      bias: false,
      width: 2,
      depth: 260,
      dtype: 'float32',
    });
    expect(d.verdict).toBe('overflow');
    expect(d.sentence).toMatch(
      /^The forward pass overflows: at layer 2[12]\d a value passes float32's largest number/,
    );
  });

  it('sends a network with skips or normalization to the part-4 lesson on them', () => {
    expect(diagnosisOf({ activation: 'relu', weightVariance: 2, residual: true }).lessons[0]).toBe(
      'residual-connections',
    );
    expect(diagnosisOf({ activation: 'tanh', weightVariance: 1, norm: 'batch' }).lessons[0]).toBe(
      'normalization',
    );
  });

  it('sends a gradient lost below float16’s smallest number to mixed precision, and float64’s to the lecture', () => {
    const underflow = (dtype: LabState['dtype']) =>
      diagnosisOf({ activation: 'sigmoid', weightVariance: 1, depth: 40, dtype });
    const half = underflow('float16');
    expect(half.verdict).toBe('underflow');
    expect(half.sentence).toContain('exactly 0 in float16');
    expect(half.lessons).toEqual(['mixed-precision', 'deep-linear-network']);
    expect(underflow('float64').verdict).not.toBe('underflow');
  });

  it('fits the per-layer factor of a geometric sequence exactly, and needs three hidden layers', () => {
    const scan = (gradNorm: number[]) => ({ gradNorm: Float64Array.from(gradNorm) }) as never;
    // ‖δ^[l]‖ = 0.8^(L−l): ‖δ‖² shrinks by 0.64 per layer going back; the output layer is left out of the fit.
    expect(gradientFactor([scan([0.8 ** 4, 0.8 ** 3, 0.8 ** 2, 0.8, 123])])).toBeCloseTo(0.64, 12);
    expect(gradientFactor([scan([1, 2, 3])])).toBeNaN();
  });

  it('says factors as a reader would', () => {
    expect(factorWords(0.497)).toBe('about 1/2');
    expect(factorWords(0.26)).toBe('about 1/4');
    expect(factorWords(0.83)).toBe('about 0.83');
    expect(factorWords(1.43)).toBe('about ×1.4');
  });
});

describe('the lesson a diagnosis links', () => {
  const built = (slugs: string[]): BuiltLesson[] =>
    slugs.map((slug) => ({ slug, title: slug, href: `/lessons/${slug}/` }));

  it('is the first preferred lesson the site has', () => {
    const lessons = built(['deep-linear-network', 'variance-propagation', 'signal-propagation']);
    expect(pickLesson(['relu-paths', 'variance-propagation'], lessons)?.slug).toBe('variance-propagation');
  });

  it('else the existing lesson nearest the best one in reading order, the earlier on a tie', () => {
    const lessons = built(['deep-linear-network', 'from-activations-to-gradients', 'signal-propagation']);
    expect(pickLesson(['relu-paths'], lessons)?.slug).toBe('signal-propagation');
    expect(pickLesson(['stretching-in-every-direction'], lessons)?.slug).toBe(
      'from-activations-to-gradients',
    );
  });

  it('is none when the site has none of the book’s lessons', () => {
    expect(pickLesson(['signal-propagation'], built(['a-fixture-lesson']))).toBeNull();
  });
});
