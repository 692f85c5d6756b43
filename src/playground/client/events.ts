/**
 * The event a `<gs-playground>` dispatches when a run ends, for the components that react to a run: `<Predict
 * for>` reveals its answer, `<Exercise>` records a solved check. Its own module, so they can listen without
 * loading the playground.
 */
import type { RunErrorPhase } from '../runtime/protocol.js';

/** Dispatched (bubbling) on the `<gs-playground>` when a run ends. */
export const PLAYGROUND_RUN_EVENT = 'gs-playground-run';

/** The detail of a {@link PLAYGROUND_RUN_EVENT}: whether the run succeeded, and the phase of the error that ended it. */
export interface PlaygroundRunDetail {
  readonly ok: boolean;
  /** `check` when an exercise's check failed; `runtime`, `syntax`, `timeout`, … otherwise. */
  readonly phase?: RunErrorPhase;
}
