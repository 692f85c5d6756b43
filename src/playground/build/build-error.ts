/**
 * The message that fails the build when a lesson example throws or runs out of time: which lesson, which line of
 * the lesson, and where in the example's code.
 */
import { isOutOfMemory, OUT_OF_MEMORY_EXPLANATION } from '../runtime/out-of-memory.js';
import type { BuildRunOutcome } from './run-at-build.js';
import type { PlaygroundLocation } from './locate.js';

/**
 * A build error message for `outcome`, or `undefined` when the example ran cleanly.
 *
 * @example
 * buildErrorMessage(outcome, 'output-growth', location);
 * // 'Playground "output-growth" (content/1-phenomenon/deep-linear-network.mdx:42) failed at build time:
 * //  content/1-phenomenon/deep-linear-network/output-growth.ts:7:3: TypeError: …'
 */
export function buildErrorMessage(
  outcome: BuildRunOutcome,
  id: string,
  location: PlaygroundLocation | undefined,
): string | undefined {
  const where = location ? ` (${location.lessonFile}:${location.lessonLine})` : '';
  const head = `Playground "${id}"${where}`;
  const codeFile = location?.exampleFile ?? `the code of playground "${id}"`;
  switch (outcome.status) {
    case 'timeout':
      return `${head} exceeded its time limit of ${outcome.timeLimitMs} ms at build time. Make the example cheaper, or give it more time with timeLimitMs={…} on the <Playground>.`;
    case 'crashed':
      return isOutOfMemory(outcome.message)
        ? `${head} could not run at build time: ${OUT_OF_MEMORY_EXPLANATION} (${outcome.message})`
        : `${head} could not run at build time: ${outcome.message}`;
    case 'finished': {
      const error = outcome.result.error;
      if (!error) return undefined;
      const position = error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : '';
      const detail = error.detail ? ` (${error.detail})` : '';
      return `${head} failed at build time:\n  ${codeFile}${position}: ${error.name}: ${error.message}${detail}`;
    }
  }
}
