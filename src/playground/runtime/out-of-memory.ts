/**
 * A program that asks for more memory than JavaScript can give ends with an engine message a learner cannot act
 * on ("RangeError: Array buffer allocation failed"). These turn it into what happened and what to change, keeping
 * the engine's words as a detail. Shared by the page (run.ts, the runner) and the build (build-error.ts).
 */
import type { RunError } from './protocol.js';

/** What V8 (the browser's worker, Node at build time) says when an allocation cannot be made. */
const OUT_OF_MEMORY_MESSAGES = [
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /Invalid array buffer length/i,
  /Invalid string length/i,
  /out of memory/i,
];

/**
 * True when an error's message is one of the engine's ways of saying it ran out of memory.
 *
 * @example
 * isOutOfMemory('Array buffer allocation failed'); // true
 */
export function isOutOfMemory(message: string): boolean {
  return OUT_OF_MEMORY_MESSAGES.some((pattern) => pattern.test(message));
}

/** The explanation a learner reads instead of the engine's message. */
export const OUT_OF_MEMORY_EXPLANATION =
  'The example ran out of memory: it asked for more than JavaScript could allocate, so it was stopped. Use smaller matrices, fewer layers or fewer steps, or keep fewer large values alive at once.';

/**
 * The learner's version of an out-of-memory error: a plain explanation, the engine's message as the detail.
 *
 * @example
 * outOfMemoryError({ name: 'RangeError', message: 'Array buffer allocation failed' });
 * // { name: 'Out of memory', message: 'The example ran out of memory: …', detail: 'RangeError: Array buffer allocation failed' }
 */
export function outOfMemoryError(original: {
  readonly name: string;
  readonly message: string;
}): Pick<RunError, 'name' | 'message' | 'detail'> {
  return {
    name: 'Out of memory',
    message: OUT_OF_MEMORY_EXPLANATION,
    detail: `${original.name}: ${original.message}`,
  };
}
