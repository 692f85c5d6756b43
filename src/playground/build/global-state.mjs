// What one build-time example could leave behind for the next one run in the same worker (node-worker.mjs): a
// global it set, a built-in it patched (`Array.prototype.sum = …`, `Math.random = …`), a timer still pending.
// Reader code gets `console`, `display` and its imports as parameters, never as globals, so a clean example changes
// none of these; one that does has its worker terminated instead of reused.
//
// Not a sandbox: the examples run at build time are the book's own, and the live playground still starts a fresh
// Web Worker for every run. This only keeps a careless example from changing the output of the next.
import process from 'node:process';

const typedArray = Object.getPrototypeOf(Float64Array.prototype);

/** Objects whose own properties an example might change, in a fixed order. */
const WATCHED = [
  globalThis,
  Object,
  Object.prototype,
  Function.prototype,
  Array,
  Array.prototype,
  String.prototype,
  Number,
  Number.prototype,
  Boolean.prototype,
  Symbol.prototype,
  BigInt.prototype,
  Math,
  JSON,
  Reflect,
  Promise,
  Promise.prototype,
  Map.prototype,
  Set.prototype,
  WeakMap.prototype,
  RegExp.prototype,
  Date.prototype,
  Error.prototype,
  typedArray,
  Object.getPrototypeOf(typedArray),
  Float64Array.prototype,
  Float32Array.prototype,
  Int32Array.prototype,
  Uint8Array.prototype,
  ArrayBuffer.prototype,
  // Not in every Node this may run under.
  globalThis.Iterator?.prototype,
].filter((target) => target !== undefined);

/**
 * Node's fetch keeps its state on the global object under symbols it adds the first time anything reaches for it
 * (Plot, linkedom): not the example's doing, and nothing an example reads.
 */
const nodeInternal = (key) => typeof key === 'symbol' && key.description?.startsWith('undici.');

/** A descriptor as the values it holds, compared by identity: what a reassignment or redefinition changes. */
function describe(target, key) {
  const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
  return [descriptor.value, descriptor.get, descriptor.set, descriptor.writable, descriptor.enumerable];
}

/**
 * Every watched object's own properties with what they hold, whether each watched object can still be extended,
 * and the worker's pending handles (timers, intervals, immediates).
 */
export function globalState() {
  return {
    properties: WATCHED.map(
      (target) =>
        new Map(
          Reflect.ownKeys(target)
            .filter((key) => !nodeInternal(key))
            .map((key) => [key, describe(target, key)]),
        ),
    ),
    extensible: WATCHED.map((target) => Object.isExtensible(target)),
    prototypes: WATCHED.map((target) => Object.getPrototypeOf(target)),
    handles: process.getActiveResourcesInfo().sort().join(','),
  };
}

/** Whether two states taken by `globalState` are the same. */
export function sameGlobalState(a, b) {
  if (a.handles !== b.handles) return false;
  for (let i = 0; i < WATCHED.length; i += 1) {
    if (a.extensible[i] !== b.extensible[i] || a.prototypes[i] !== b.prototypes[i]) return false;
    const before = a.properties[i];
    const after = b.properties[i];
    if (before.size !== after.size) return false;
    for (const [key, held] of after) {
      const was = before.get(key);
      if (!was || was.some((value, index) => !Object.is(value, held[index]))) return false;
    }
  }
  return true;
}
