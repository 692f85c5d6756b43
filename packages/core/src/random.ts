/**
 * A seeded random source. Every random draw in the engine comes from one of these, passed in by the caller
 * (as d3-random does), so a lesson's figure is the same for every reader and a bug report can be replayed.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state), seeded through
 * splitmix32. It uses only 32-bit integer arithmetic (`Math.imul`, shifts), so Node, every browser and a Web
 * Worker produce the same stream bit for bit. Normal draws use Marsaglia's polar method, which needs only
 * `Math.log` and `Math.sqrt`.
 */

import { GradscopeArgumentError } from './errors.js';

/** A seeded source of uniform and normal draws. */
export interface Random {
  /** The seed this source was created with (after hashing a string seed). */
  readonly seed: number;
  /** A uniform draw in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** A uniform draw in [low, high). */
  uniform(low?: number, high?: number): number;
  /** A normal draw with the given mean and standard deviation. */
  normal(mean?: number, std?: number): number;
  /** A uniform integer in {0, …, n − 1}. */
  int(n: number): number;
  /** An independent stream derived from this one (for giving each layer or worker its own source). */
  fork(): Random;
  /** A copy of the generator's state now: `setState` with it replays every draw from here on. */
  getState(): RandomState;
  /** Rewinds (or moves) the generator to a state from `getState`, of this source or of another. */
  setState(state: RandomState): void;
}

/**
 * The whole state of a {@link Random}: sfc32's four 32-bit words and the pending second normal of Marsaglia's
 * polar pair. Plain numbers, so a saved state survives `JSON.stringify` and `structuredClone` into a Web Worker.
 *
 * @example
 * ```ts
 * const random = createRandom(1);
 * const saved: RandomState = random.getState();
 * const first = random.normal();
 * random.setState(saved);
 * random.normal() === first; // true
 * ```
 */
export interface RandomState {
  /** sfc32's words a, b, c and d, each an unsigned 32-bit integer. */
  readonly words: readonly [number, number, number, number];
  /** The normal draw already computed and not yet returned (the polar method makes two at a time), or null. */
  readonly spareNormal: number | null;
}

/** The fast `fillNormal` of each source made by `createRandom` (a Random made elsewhere is called draw by draw). */
const normalFillers = new WeakMap<
  Random,
  (target: Float64Array | Float32Array, mean: number, std: number) => void
>();

/**
 * Creates a seeded random source.
 *
 * @param seed an integer, or a string (hashed), e.g. a lesson's name.
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.normal(); // the same number in Node and in every browser
 * random.uniform(-1, 1);
 * ```
 */
export function createRandom(seed: number | string = 0): Random {
  let numeric: number;
  if (typeof seed === 'string') numeric = hashString(seed);
  else if (typeof seed === 'number' && Number.isFinite(seed)) numeric = Math.trunc(seed) >>> 0;
  else throw new GradscopeArgumentError('seed', seed, 'a finite number or a string', 'createRandom');

  // splitmix32 spreads even a small seed (0, 1, 2) over all 128 bits of state.
  let sm = numeric;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first draws: sfc32's first few outputs are weakly mixed.
  for (let i = 0; i < 12; i++) nextUint32();

  let spareNormal: number | undefined;

  // `normal()` drawn `target.length` times, with the generator's state in local variables: the same stream, bit
  // for bit (the same draws in the same order, each value computed by the same expression), several times faster
  // than a call per draw, which is what a lesson drawing millions of weights spends its time on.
  const fillNormalDraws = (target: Float64Array | Float32Array, mean: number, std: number): void => {
    let [a0, b0, c0, d0] = [a, b, c, d];
    const n = target.length;
    let i = 0;
    if (n > 0 && spareNormal !== undefined) {
      target[i++] = mean + std * spareNormal;
      spareNormal = undefined;
    }
    while (i < n) {
      let u: number, v: number, s: number;
      do {
        let t = (((a0 + b0) | 0) + d0) | 0;
        d0 = (d0 + 1) | 0;
        a0 = b0 ^ (b0 >>> 9);
        b0 = (c0 + (c0 << 3)) | 0;
        c0 = (c0 << 21) | (c0 >>> 11);
        c0 = (c0 + t) | 0;
        u = 2 * ((t >>> 0) / 4294967296) - 1;
        t = (((a0 + b0) | 0) + d0) | 0;
        d0 = (d0 + 1) | 0;
        a0 = b0 ^ (b0 >>> 9);
        b0 = (c0 + (c0 << 3)) | 0;
        c0 = (c0 << 21) | (c0 >>> 11);
        c0 = (c0 + t) | 0;
        v = 2 * ((t >>> 0) / 4294967296) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      target[i++] = mean + std * u * factor;
      // normal() keeps v·factor as its spare and returns mean + std·spare: the same rounding, in that order.
      if (i < n) target[i++] = mean + std * (v * factor);
      else spareNormal = v * factor;
    }
    [a, b, c, d] = [a0, b0, c0, d0];
  };

  const random: Random = {
    seed: numeric,
    next: () => nextUint32() / 4294967296,
    uniform(low = 0, high = 1) {
      if (typeof low !== 'number' || typeof high !== 'number') {
        throw new GradscopeArgumentError(
          typeof low !== 'number' ? 'low' : 'high',
          typeof low !== 'number' ? low : high,
          'a number',
          'random.uniform',
        );
      }
      return low + (high - low) * (nextUint32() / 4294967296);
    },
    normal(mean = 0, std = 1) {
      if (typeof mean !== 'number' || typeof std !== 'number') {
        throw new GradscopeArgumentError(
          typeof mean !== 'number' ? 'mean' : 'std',
          typeof mean !== 'number' ? mean : std,
          'a number',
          'random.normal',
        );
      }
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return mean + std * z;
      }
      let u: number, v: number, s: number;
      do {
        u = 2 * (nextUint32() / 4294967296) - 1;
        v = 2 * (nextUint32() / 4294967296) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      spareNormal = v * factor;
      return mean + std * u * factor;
    },
    int(n: number) {
      if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
        throw new GradscopeArgumentError('n', n, 'an integer between 1 and 2^32', 'random.int');
      }
      return Math.floor((nextUint32() / 4294967296) * n);
    },
    fork() {
      return createRandom(nextUint32());
    },
    getState() {
      return { words: [a >>> 0, b >>> 0, c >>> 0, d >>> 0], spareNormal: spareNormal ?? null };
    },
    setState(state: RandomState) {
      const words = expectRandomState(state);
      [a, b, c, d] = words.map((w) => w | 0);
      spareNormal = state.spareNormal ?? undefined;
    },
  };
  normalFillers.set(random, fillNormalDraws);
  return random;
}

/** Throws unless `state` looks like what `getState` returns; returns its four words. */
function expectRandomState(state: RandomState): readonly number[] {
  const words = (state as Partial<RandomState> | null)?.words as unknown;
  const spare = (state as Partial<RandomState> | null)?.spareNormal;
  if (
    !Array.isArray(words) ||
    words.length !== 4 ||
    !words.every((w) => Number.isInteger(w) && w >= 0 && w < 4294967296) ||
    !(spare === null || (typeof spare === 'number' && Number.isFinite(spare)))
  ) {
    throw new GradscopeArgumentError(
      'state',
      state,
      'a RandomState from random.getState(): { words: four unsigned 32-bit integers, spareNormal: a number or null }',
      'random.setState',
    );
  }
  return words as number[];
}

/** FNV-1a, 32-bit: turns a string seed into a number. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Fills `target` with independent normal draws of the given mean and std; returns it.
 *
 * @example
 * ```ts
 * fillNormal(new Float64Array(4), createRandom(1), 0, 0.1);
 * ```
 */
export function fillNormal<T extends Float64Array | Float32Array>(
  target: T,
  random: Random,
  mean = 0,
  std = 1,
): T {
  expectTarget(target, 'fillNormal');
  expectRandom('random', random, 'fillNormal');
  const fill = normalFillers.get(random);
  if (fill && typeof mean === 'number' && typeof std === 'number') fill(target, mean, std);
  else for (let i = 0; i < target.length; i++) target[i] = random.normal(mean, std);
  return target;
}

/**
 * Fills `target` with independent uniform draws in [low, high); returns it.
 *
 * @example
 * ```ts
 * fillUniform(new Float64Array(4), createRandom(1), -1, 1);
 * ```
 */
export function fillUniform<T extends Float64Array | Float32Array>(
  target: T,
  random: Random,
  low = 0,
  high = 1,
): T {
  expectTarget(target, 'fillUniform');
  expectRandom('random', random, 'fillUniform');
  for (let i = 0; i < target.length; i++) target[i] = random.uniform(low, high);
  return target;
}

function expectTarget(target: unknown, context: string): void {
  if (!(target instanceof Float64Array || target instanceof Float32Array)) {
    throw new GradscopeArgumentError('target', target, 'a Float64Array or Float32Array to fill', context);
  }
}

/**
 * Throws unless `value` looks like a Random from `createRandom`.
 *
 * @internal
 * @example
 * ```ts
 * expectRandom('options.random', createRandom(1), 'dense');
 * ```
 */
export function expectRandom(argument: string, value: unknown, context: string): Random {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as Random).normal !== 'function' ||
    typeof (value as Random).next !== 'function'
  ) {
    throw new GradscopeArgumentError(argument, value, 'a Random from createRandom(seed)', context);
  }
  return value as Random;
}

/**
 * The random source of a spec that takes `seed` or `random` (as `mlp` and the recurrent networks do): `spec.random`
 * when given, else `createRandom(spec.seed ?? defaultSeed)`. Throws when both are given, or for a seed that is
 * neither a finite number nor a string; `context` names the caller in the message.
 *
 * @internal
 * @example
 * ```ts
 * randomFromSpec({ seed: 3 }, 0, 'mySpec'); // createRandom(3)
 * randomFromSpec({ random: createRandom(1) }, 0, 'mySpec'); // that very source
 * ```
 */
export function randomFromSpec(
  spec: { readonly seed?: number | string; readonly random?: Random },
  defaultSeed: number | string,
  context: string,
): Random {
  if (spec.seed !== undefined && spec.random !== undefined) {
    throw new GradscopeArgumentError(
      'spec.seed',
      spec.seed,
      'left out when spec.random is given (give one)',
      context,
    );
  }
  if (spec.seed !== undefined && typeof spec.seed !== 'string' && !Number.isFinite(spec.seed)) {
    throw new GradscopeArgumentError('spec.seed', spec.seed, 'a finite number or a string', context);
  }
  return spec.random === undefined
    ? createRandom(spec.seed ?? defaultSeed)
    : expectRandom('spec.random', spec.random, context);
}
