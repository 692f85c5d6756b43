import { describe, expect, it } from 'vitest';

import {
  MAX_REPLACED,
  readSaved,
  storageKey,
  withReplaced,
  writeSaved,
} from '../../src/playground/client/storage.ts';

/** An in-memory Storage, optionally refusing writes like a browser in private mode or over quota. */
function memoryStorage(refuse = false): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => {
      if (refuse) throw new DOMException('quota', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

describe('saved playground edits', () => {
  it('are keyed by page and playground, ignoring a trailing slash', () => {
    expect(storageKey('/lessons/deep-linear-network/', 'output-growth')).toBe(
      storageKey('/lessons/deep-linear-network', 'output-growth'),
    );
    expect(storageKey('/a/', 'x')).not.toBe(storageKey('/b/', 'x'));
  });

  it('round-trip through storage', () => {
    const storage = memoryStorage();
    const state = {
      code: 'console.log(2)',
      origin: 'edited' as const,
      replaced: [{ code: 'a', at: 1, reason: 'reset' as const }],
    };
    expect(writeSaved(storage, 'k', state)).toBe(true);
    expect(readSaved(storage, 'k')).toEqual({ ...state, sharedEngine: undefined });
  });

  it('read as the lesson’s code when missing, malformed or unreadable', () => {
    const storage = memoryStorage();
    storage.setItem('bad', '{not json');
    storage.setItem('wrong', JSON.stringify({ code: 42, origin: 'hacked', replaced: 'no' }));
    for (const key of ['missing', 'bad', 'wrong']) {
      expect(readSaved(storage, key)).toEqual({ code: null, origin: 'lesson', replaced: [] });
    }
    expect(readSaved(undefined, 'k').code).toBeNull();
  });

  it('report a refused write instead of throwing', () => {
    expect(writeSaved(memoryStorage(true), 'k', { code: 'x', origin: 'edited', replaced: [] })).toBe(false);
    expect(writeSaved(undefined, 'k', { code: 'x', origin: 'edited', replaced: [] })).toBe(false);
  });

  it('remove the entry once it holds nothing but the lesson’s code', () => {
    const storage = memoryStorage();
    writeSaved(storage, 'k', { code: 'x', origin: 'edited', replaced: [] });
    writeSaved(storage, 'k', { code: null, origin: 'lesson', replaced: [] });
    expect(storage.getItem('k')).toBeNull();
  });

  it('keep the most recent replaced versions first, skipping repeats and empty code, up to the limit', () => {
    let state = { code: null, origin: 'lesson' as const, replaced: [] as never[] } as Parameters<
      typeof withReplaced
    >[0];
    for (let i = 0; i < MAX_REPLACED + 5; i++) state = withReplaced(state, `version ${i}`, 'reset', i);
    expect(state.replaced).toHaveLength(MAX_REPLACED);
    expect(state.replaced[0]).toEqual({
      code: `version ${MAX_REPLACED + 4}`,
      at: MAX_REPLACED + 4,
      reason: 'reset',
    });
    expect(withReplaced(state, state.replaced[0].code, 'shared')).toBe(state);
    expect(withReplaced(state, '   ', 'shared')).toBe(state);
  });
});
