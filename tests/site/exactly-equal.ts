// Deep equality as the lesson cache promises it: every number Object.is-equal (so -0 is not 0 and NaN is NaN),
// typed arrays of the same type with the same bytes, the same keys, the same kinds of objects.
import { expect } from 'vitest';

/**
 * Fails, naming the first difference's place, unless `actual` and `expected` are exactly equal.
 *
 * @example
 * expectExactlyEqual(fromExactJson(toExactJson(value)), value);
 */
export function expectExactlyEqual(actual: unknown, expected: unknown, path = 'value'): void {
  if (typeof expected !== 'object' || expected === null) {
    if (typeof expected === 'function') {
      expect(typeof actual, path).toBe('function');
      return;
    }
    expect(Object.is(actual, expected), `${path}: ${String(actual)} is not ${String(expected)}`).toBe(true);
    return;
  }
  expect(typeof actual === 'object' && actual !== null, `${path} is an object`).toBe(true);
  const actualObject = actual as object;
  expect(Object.getPrototypeOf(actualObject), `${path}'s prototype`).toBe(Object.getPrototypeOf(expected));
  if (ArrayBuffer.isView(expected)) {
    const bytes = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    expect(bytes(actualObject as ArrayBufferView).equals(bytes(expected)), `${path}'s bytes`).toBe(true);
    return;
  }
  if (expected instanceof Map || expected instanceof Set) {
    const entries = (collection: Map<unknown, unknown> | Set<unknown>) => [...collection.entries()];
    expectExactlyEqual(
      entries(actualObject as Map<unknown, unknown>),
      entries(expected),
      `${path}'s entries`,
    );
    return;
  }
  if (expected instanceof Date) {
    expect((actualObject as Date).getTime(), path).toBe(expected.getTime());
    return;
  }
  expect(Reflect.ownKeys(actualObject).sort(), `${path}'s keys`).toEqual(Reflect.ownKeys(expected).sort());
  for (const key of Reflect.ownKeys(expected) as string[]) {
    expectExactlyEqual(
      (actualObject as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
  }
}
