/**
 * The Lab's state in its URL: `/lab/?depth=50&width=128&act=tanh&…&v=0.1.0&lab=1`. Every field is written (not
 * only those that differ from today's defaults), so a link means the same thing after the defaults change; the
 * engine's version (`v`) and the Lab's own computation version (`lab`) are written too, so a link made by an older
 * build says so when it opens instead of silently showing other numbers. A finished phase-diagram sweep travels in
 * `map` (sweep-map.ts encodes it).
 *
 * Numbers are written as JavaScript writes them (the shortest text that reads back to the same number), so a
 * state survives the round trip exactly, and the figures a link reproduces are the sender's, seed for seed.
 */
import corePackage from '../../packages/core/package.json' with { type: 'json' };

import { BASE, withBase } from '../lib/urls.ts';
import { BOOLEAN_FIELDS, DEFAULT_STATE, readState, type LabState } from './state.ts';

/** The version of @gradscope/core this page computes with. */
export const ENGINE_VERSION: string = corePackage.version;

/**
 * The version of the Lab's own computations (how it builds networks, draws data and seeds): raise it whenever a
 * change makes the same state give other numbers, so old links say so.
 */
export const LAB_VERSION = 1;

/** The URL parameter of each field: short, but readable by a person editing a link. */
export const URL_KEYS: Readonly<Record<keyof LabState, string>> = {
  depth: 'depth',
  width: 'width',
  activation: 'act',
  init: 'init',
  weightVariance: 'sw2',
  bias: 'bias',
  biasVariance: 'sb2',
  norm: 'norm',
  normPlace: 'normAt',
  residual: 'res',
  branchScale: 'branch',
  dtype: 'dtype',
  batch: 'batch',
  seed: 'seed',
  seeds: 'seeds',
  loss: 'loss',
  optimizer: 'opt',
  learningRate: 'lr',
  clip: 'clip',
  steps: 'steps',
};

/** What a URL's query holds besides the state. */
export interface UrlExtras {
  /** An encoded phase-diagram sweep (sweep-map.ts). */
  readonly map?: string;
}

/**
 * The query string (without `?`) of a state: every field, then the versions, then the extras.
 *
 * @example
 * encodeState(DEFAULT_STATE); // 'depth=50&width=128&act=tanh&…&v=0.1.0&lab=1'
 */
export function encodeState(state: LabState, extras: UrlExtras = {}): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(URL_KEYS) as (keyof LabState)[]) {
    const value = state[key];
    params.set(URL_KEYS[key], typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  params.set('v', ENGINE_VERSION);
  params.set('lab', String(LAB_VERSION));
  if (extras.map) params.set('map', extras.map);
  return params.toString();
}

/** A state read from a URL, with everything the page should tell the reader about it. */
export interface DecodedState {
  readonly state: LabState;
  /** What had to change to make it valid (out-of-range numbers, misspelt names, unknown parameters). */
  readonly problems: readonly string[];
  /** A sentence when the link was made with another engine or Lab version, else null. */
  readonly versionNote: string | null;
  readonly extras: UrlExtras;
}

/**
 * The state in a query string (`location.search`, with or without `?`). Missing fields take the defaults; a link
 * without versions is taken as one typed by hand and gets no version note.
 *
 * @example
 * decodeState('?depth=20&act=relu&v=0.0.9').versionNote; // 'This link was made with version 0.0.9 of the engine …'
 */
export function decodeState(search: string): DecodedState {
  const params = new URLSearchParams(search);
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  const byParam = new Map(Object.entries(URL_KEYS).map(([field, param]) => [param, field]));
  for (const [param, value] of params) {
    const field = byParam.get(param);
    if (field === undefined) {
      if (!['v', 'lab', 'map'].includes(param))
        problems.push(`The link's "${param}" is not a setting of the Lab: ignored.`);
      continue;
    }
    if ((BOOLEAN_FIELDS as readonly string[]).includes(field)) {
      if (value === '1' || value === 'true') raw[field] = true;
      else if (value === '0' || value === 'false') raw[field] = false;
      else raw[field] = value;
    } else raw[field] = value;
  }
  const read = readState(raw as Partial<Record<keyof LabState, unknown>>);
  const engine = params.get('v');
  const lab = params.get('lab');
  const notes: string[] = [];
  if (engine !== null && engine !== ENGINE_VERSION)
    notes.push(`version ${engine} of the engine (this page runs ${ENGINE_VERSION})`);
  if (lab !== null && lab !== String(LAB_VERSION))
    notes.push(`version ${lab} of the Lab's computations (this page runs ${LAB_VERSION})`);
  const versionNote =
    notes.length === 0
      ? null
      : `This link was made with ${notes.join(' and ')}: the settings are the same, but the figures may differ from what its sender saw.`;
  const map = params.get('map') ?? undefined;
  return {
    state: read.state,
    problems: [...problems, ...read.problems.map((p) => `The link's ${p}`)],
    versionNote,
    extras: map ? { map } : {},
  };
}

/**
 * The Lab's address with a configuration: the given fields on top of the defaults. What "Open in the Lab" links
 * of lesson figures point to.
 *
 * @example
 * labUrl({ depth: 20, activation: 'identity', init: 'identity', weightVariance: 2.25, bias: false });
 * // '/lab/?depth=20&width=128&act=identity&init=identity&sw2=2.25&bias=0&…'
 */
export function labUrl(config: Partial<LabState> = {}, base: string = BASE): string {
  const { state, problems } = readState(config);
  if (problems.length > 0) {
    throw new Error(`labUrl: the configuration does not fit the Lab: ${problems.join(' ')}`);
  }
  return `${withBase('lab/', base)}?${encodeState(state)}`;
}

export { DEFAULT_STATE };
