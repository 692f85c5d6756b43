// Quantiles of ln σ against the definition (Hyndman & Fan 7) on spectra written out by hand, the count of
// singular values too small to resolve against a ReLU network's rank (the fewest units switched on in any layer),
// and an orthogonal linear network, whose every singular value is 1.
import { describe, expect, it } from 'vitest';
import { jacobianSpectrumByDepth, type DepthSpectrum } from '../src/jacobian-spectrum.js';
import { column } from '../src/matrix.js';
import { forward, mlp } from '../src/network.js';
import { spectrumSpread } from '../src/spectrum-spread.js';
import { thrown } from './support/errors.js';

/** A spectrum with the given singular values, as jacobianSpectrumByDepth returns one. */
function spectrumOf(sigma: number[], depth = 1): DepthSpectrum {
  const singularValues = Float64Array.from(sigma).sort().reverse();
  return {
    depth,
    singularValues,
    logSingularValues: singularValues.map(Math.log),
    meanSquare: sigma.reduce((s, v) => s + v * v, 0) / sigma.length,
  };
}

describe('spectrumSpread', () => {
  it('interpolates between order statistics of ln σ', () => {
    // ln σ = 0, 1, 2, 3, 4: the 10 % quantile lies 0.4 of the way from 0 to 1, the median is 2.
    const spread = spectrumSpread(spectrumOf([0, 1, 2, 3, 4].map(Math.exp)));
    expect(Array.from(spread.logQuantiles)).toEqual([0.4, 2, 3.6].map((v) => expect.closeTo(v, 12)));
    expect(spread.rank).toBe(5);
    const ends = spectrumSpread(spectrumOf([1, 2]), { quantiles: [0, 1] }).logQuantiles;
    expect(Array.from(ends)).toEqual([0, Math.log(2)]);
  });

  it('leaves out, and counts, singular values below σ_max · p · 2⁻⁵²', () => {
    const spread = spectrumSpread(spectrumOf([1, 0.5, 1e-17, 0]), { quantiles: [0, 1] });
    expect(spread.count).toBe(4);
    expect(spread.rank).toBe(2);
    expect(spread.logTolerance).toBeCloseTo(Math.log(4 * 2 ** -52), 12);
    expect(Array.from(spread.logQuantiles)).toEqual([Math.log(0.5), 0]);
  });

  it('finds every singular value of an orthogonal linear network at ln σ = 0', () => {
    const net = mlp({
      sizes: Array(21).fill(16),
      activation: 'identity',
      outputActivation: 'identity',
      init: 'orthogonal',
      bias: false,
      seed: 4,
    });
    const x = column(Array.from({ length: 16 }, (_, i) => i - 8));
    const spread = spectrumSpread(jacobianSpectrumByDepth(net, x, { depths: [20] })[0]);
    expect(spread.rank).toBe(16);
    for (const q of spread.logQuantiles) expect(Math.abs(q)).toBeLessThan(1e-12);
  });

  it('counts as zero the directions a ReLU network cannot pass back: its rank is its fewest active units', () => {
    const n = 24;
    const net = mlp({
      sizes: Array(9).fill(n),
      activation: 'relu',
      outputActivation: 'relu',
      init: 'heNormal',
      bias: false,
      seed: 5,
    });
    const x = column(Array.from({ length: n }, (_, i) => Math.sin(i + 1)));
    const trace = forward(net, x);
    const spectra = jacobianSpectrumByDepth(net, x);
    let fewest = n;
    spectra.forEach((spectrum, i) => {
      fewest = Math.min(fewest, trace.layers[i].z.data.filter((z) => z > 0).length);
      expect(spectrumSpread(spectrum).rank).toBe(fewest);
    });
    expect(fewest).toBeLessThan(n);
  });

  it('answers NaN for a spectrum that is NaN, and rejects what is not a spectrum', () => {
    const spread = spectrumSpread({ ...spectrumOf([1, 1]), logSingularValues: new Float64Array([NaN, NaN]) });
    expect(Number.isNaN(spread.rank)).toBe(true);
    expect(Number.isNaN(spread.logQuantiles[0])).toBe(true);
    expect(thrown(() => spectrumSpread({ depth: 1 } as never)).argument).toBe('spectrum');
    expect(thrown(() => spectrumSpread(spectrumOf([1]), { quantiles: [-0.1] })).argument).toBe(
      'options.quantiles[0]',
    );
  });
});
