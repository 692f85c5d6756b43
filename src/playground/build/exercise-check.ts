/**
 * What the build checks about an exercise before it reaches a reader: its worked solution passes its check, and
 * its starter code fails it (a check the starter passes cannot tell a solved exercise from an unsolved one). Both
 * run in the build's playground workers, exactly as a reader's Check runs in the page.
 */
import { runAtBuild, type BuildRunOutcome } from './run-at-build.js';

/** An exercise's code, as `<Exercise>` receives it. */
export interface ExerciseSources {
  readonly name: string;
  readonly starter: string;
  readonly solution: string;
  readonly check: string;
  readonly timeLimitMs: number;
}

/**
 * Runs the solution and the starter against the check; stops the build with the reason when either is wrong.
 *
 * @example
 * await validateExercise({ name: 'he-std', starter, solution, check, timeLimitMs: 10_000 });
 */
export async function validateExercise(sources: ExerciseSources): Promise<void> {
  const { starter, solution, check, timeLimitMs } = sources;
  const [solved, unsolved] = await Promise.all([
    runAtBuild(solution, { timeLimitMs, check }),
    runAtBuild(starter, { timeLimitMs, check }),
  ]);
  const message = exerciseBuildError(sources.name, solved, unsolved);
  if (message) throw new Error(message);
}

/**
 * Why an exercise cannot be published, or `undefined` when its solution passes and its starter fails.
 *
 * @example
 * exerciseBuildError('he-std', solutionOutcome, starterOutcome);
 * // '<Exercise name="he-std">: its starter code passes the check, so the check cannot tell …'
 */
export function exerciseBuildError(
  name: string,
  solution: BuildRunOutcome,
  starter: BuildRunOutcome,
): string | undefined {
  const head = `<Exercise name="${name}">`;
  const where = (file: string, error: { line?: number; column?: number }) =>
    `${name}.${file}.ts${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}`;

  if (solution.status === 'timeout') {
    return `${head}: its worked solution ran past the time limit of ${solution.timeLimitMs} ms at build time; make the check's cases cheaper, or give it more time with timeLimitMs={…}`;
  }
  if (solution.status === 'crashed')
    return `${head}: its worked solution could not run at build time: ${solution.message}`;
  const solutionError = solution.result.error;
  if (solutionError?.phase === 'internal') return `${head}: ${solutionError.message}`;
  if (solutionError?.phase === 'check')
    return `${head}: its worked solution fails its own check: ${solutionError.message}`;
  if (solutionError) {
    return `${head}: its worked solution throws at build time: ${where('solution', solutionError)}: ${solutionError.name}: ${solutionError.message}`;
  }

  if (starter.status === 'timeout') {
    return `${head}: its starter code ran past the time limit of ${starter.timeLimitMs} ms at build time; a starter should fail its check quickly (return a wrong value, or throw)`;
  }
  if (starter.status === 'crashed')
    return `${head}: its starter code could not run at build time: ${starter.message}`;
  const starterError = starter.result.error;
  if (!starterError) {
    return `${head}: its starter code passes the check, so the check cannot tell a solved exercise from an unsolved one; give the check a case the starter gets wrong`;
  }
  if (starterError.phase === 'syntax') {
    return `${head}: its starter code does not compile: ${where('exercise', starterError)}: ${starterError.message}`;
  }
  if (starterError.phase === 'internal') return `${head}: ${starterError.message}`;
  return undefined;
}
