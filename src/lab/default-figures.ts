/**
 * The Lab's default configuration, computed and drawn: what /lab/ shows before its workers answer. A module of its
 * own so that `astro build` serves it from the build cache like a lesson's `figures.ts`
 * (`src/lib/lesson-cache/vite-plugin.ts`): the scans, spectrum and phase diagram take seconds and change only
 * when the Lab's code or the engine does.
 */
import { prerenderLabFigures } from './prerender.ts';
import { DEFAULT_STATE } from './state.ts';

export const defaultLabFigures = prerenderLabFigures(DEFAULT_STATE);
