import { describe, expect, it } from 'vitest';

import { DEFAULT_STATE, readState, tooLarge, type LabState } from '../../src/lab/state.ts';
import {
  ENGINE_VERSION,
  LAB_VERSION,
  URL_KEYS,
  decodeState,
  encodeState,
  labUrl,
} from '../../src/lab/url-state.ts';

const unusual: LabState = {
  ...DEFAULT_STATE,
  depth: 7,
  width: 33,
  activation: 'gelu',
  init: 'orthogonal',
  weightVariance: 1.7320508075688772,
  bias: false,
  biasVariance: 0.1 + 0.2, // 0.30000000000000004 must come back as itself
  norm: 'layer',
  normPlace: 'post',
  residual: true,
  branchScale: 0.25,
  dtype: 'bfloat16-ftz',
  batch: 5,
  seed: 123456,
  seeds: 8,
  loss: 'softmaxCrossEntropy',
  optimizer: 'adam',
  learningRate: 3e-4,
  clip: 1.5,
  steps: 4999,
};

describe('the Lab state in a URL', () => {
  it('comes back exactly, every field, with the engine and Lab versions written', () => {
    const query = encodeState(unusual);
    const decoded = decodeState(`?${query}`);
    expect(decoded.state).toEqual(unusual);
    expect(decoded.problems).toEqual([]);
    expect(decoded.versionNote).toBeNull();
    const params = new URLSearchParams(query);
    expect(params.get('v')).toBe(ENGINE_VERSION);
    expect(params.get('lab')).toBe(String(LAB_VERSION));
    // Every field is written, defaults included, so a link keeps its meaning when the defaults change.
    expect(Object.values(URL_KEYS).every((key) => params.has(key))).toBe(true);
  });

  it('says when a link was made with another version of the engine', () => {
    const query = encodeState(DEFAULT_STATE).replace(`v=${ENGINE_VERSION}`, 'v=0.0.1');
    const { versionNote, state } = decodeState(query);
    expect(versionNote).toBe(
      `This link was made with version 0.0.1 of the engine (this page runs ${ENGINE_VERSION}): the settings are the same, but the figures may differ from what its sender saw.`,
    );
    expect(state).toEqual(DEFAULT_STATE);
  });

  it('opens a damaged link anyway, saying what it changed', () => {
    const { state, problems } = decodeState('?depth=9000&act=tahn&bias=maybe&sw2=abc&colour=red');
    expect(state.depth).toBe(500);
    expect(state.activation).toBe('tanh');
    expect(state.bias).toBe(DEFAULT_STATE.bias);
    expect(state.weightVariance).toBe(DEFAULT_STATE.weightVariance);
    expect(problems).toEqual([
      'The link\'s "colour" is not a setting of the Lab: ignored.',
      "The link's depth 9000 is more than 500: using 500.",
      'The link\'s activation "tahn" is not one of "identity", "sigmoid", "tanh", "relu", "leakyRelu", "elu", "selu", "gelu", "softplus", "erf"; did you mean "tanh"? Using "tanh".',
      'The link\'s bias must be true or false; received "maybe": using true.',
      'The link\'s weightVariance must be a number from 0.01 to 16; received "abc": using 1.',
    ]);
  });

  it('rounds whole-number fields and clamps them into range', () => {
    const { state, problems } = readState({ width: 64.6, seeds: 0 });
    expect(state.width).toBe(65);
    expect(state.seeds).toBe(1);
    expect(problems).toEqual(['seeds 0 is less than 1: using 1.']);
  });

  it('links a lesson figure to the Lab with its configuration on top of the defaults', () => {
    const url = labUrl(
      { depth: 20, width: 2, activation: 'identity', init: 'identity', weightVariance: 2.25 },
      '/',
    );
    expect(url.startsWith('/lab/?')).toBe(true);
    const { state } = decodeState(url.slice(url.indexOf('?')));
    expect(state).toEqual({
      ...DEFAULT_STATE,
      depth: 20,
      width: 2,
      activation: 'identity',
      init: 'identity',
      weightVariance: 2.25,
    });
    expect(labUrl({}, '/gradscope/').startsWith('/gradscope/lab/?')).toBe(true);
    expect(() => labUrl({ depth: 0 })).toThrow(
      /^labUrl: the configuration does not fit the Lab: depth 0 is less than 1/,
    );
  });

  it('refuses to compute a network too large for the page, and says how deep it may go', () => {
    expect(tooLarge(DEFAULT_STATE)).toBeNull();
    expect(tooLarge({ ...DEFAULT_STATE, depth: 500, width: 1024 })).toBe(
      'This network has 524 million weights, more than the 8.39 million this page computes with (each takes 8 bytes, and its gradient as many). At width 1024 the Lab goes to depth 8; lower the depth or the width.',
    );
  });
});
