/**
 * Catching the engine's argument errors, so a test can assert which argument an error names and what it says.
 */
import { expect } from 'vitest';
import { GradscopeArgumentError } from '../../src/errors.js';

/** Runs `f`, asserts it throws a GradscopeArgumentError, and returns that error; fails when nothing is thrown. */
export function thrown(f: () => unknown): GradscopeArgumentError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GradscopeArgumentError);
    return e as GradscopeArgumentError;
  }
  throw new Error('expected a GradscopeArgumentError, nothing was thrown');
}
