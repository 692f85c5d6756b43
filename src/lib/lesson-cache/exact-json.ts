/**
 * Values written as JSON and read back exactly: the numbers a lesson computed must come out of the build cache
 * bit for bit. Plain JSON loses -0, NaN and ±Infinity (`JSON.stringify(-0)` is `"0"`, `NaN` becomes `null`),
 * drops `undefined`, and knows no typed arrays, Maps or Sets; here each of those is written as a small tagged
 * object (`{ "$": "number", "v": "NaN" }`). An object or array reached twice is written once and referred to
 * after that, so shared values stay shared (and cycles survive).
 *
 * Anything else (a class instance, a symbol) cannot be written: `toExactJson` throws {@link UnstorableValue},
 * and the caller keeps the value uncached. `replace` lets a caller turn such a value into one that can be written
 * (the lesson cache draws Plot charts ahead this way, `drawn-chart.ts`). A function or a getter cannot be written
 * either; with `functions: 'stand-ins'` its place is recorded, and `fromExactJson` puts the caller's stand-in there
 * (as the getter, for a getter).
 */

/** A value `toExactJson` cannot write, with where it was found (`smallRun.history`). */
export class UnstorableValue extends Error {
  // A plain field, not a constructor parameter property: the lesson worker runs this file with Node's own type
  // stripping, which accepts only type syntax it can erase.
  readonly path: string;

  constructor(path: string, what: string) {
    super(`${path || 'the value'} is ${what}, which the build cache cannot store`);
    this.name = 'UnstorableValue';
    this.path = path;
  }
}

/** How {@link toExactJson} writes: `replace` turns a value into one it can write; functions throw, or are stand-ins. */
export interface WriteOptions {
  readonly replace?: (value: object) => unknown;
  readonly functions?: 'throw' | 'stand-ins';
}

/** JSON as written by {@link toExactJson}. */
export type ExactJson = null | boolean | string | number | ExactJson[] | { [key: string]: ExactJson };

type Tagged = { $: string; [key: string]: ExactJson };

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

const typedArrayName = (value: object): TypedArrayName | undefined =>
  (Object.keys(TYPED_ARRAYS) as TypedArrayName[]).find(
    (name) => Object.getPrototypeOf(value) === TYPED_ARRAYS[name].prototype,
  );

function notStored(path: string): () => never {
  return () => {
    throw new Error(`${path} was a function, and a stored value keeps only its place`);
  };
}

/** Numbers JSON writes exactly are written as themselves; -0, NaN and ±Infinity by name. */
function numberToJson(value: number): ExactJson {
  if (Number.isFinite(value) && !Object.is(value, -0)) return value;
  return { $: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Writes `value` as JSON from which {@link fromExactJson} makes an equal value: every number `Object.is`-equal,
 * the same shapes, the same sharing. Throws {@link UnstorableValue} for what it cannot write (after `replace`
 * had its chance to turn the value into something it can).
 *
 * @example
 * JSON.stringify(toExactJson([-0, NaN, new Float64Array([1.5])]));
 * // '{"$":"array","id":0,"v":[{"$":"number","v":"-0"},{"$":"number","v":"NaN"},{"$":"Float64Array","id":1,"v":"AAAAAAAA+D8="}]}'
 */
export function toExactJson(value: unknown, { replace, functions = 'throw' }: WriteOptions = {}): ExactJson {
  const seen = new Map<object, number>();
  const write = (value: unknown, path: string): ExactJson => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return numberToJson(value);
      case 'undefined':
        return { $: 'undefined' };
      case 'bigint':
        return { $: 'bigint', v: value.toString() };
      case 'function':
        if (functions === 'stand-ins') return { $: 'function', v: path };
        throw new UnstorableValue(path, 'a function');
      case 'symbol':
        throw new UnstorableValue(path, `a ${typeof value}`);
    }
    if (value === null) return null;
    const object = value as object;
    const known = seen.get(object);
    if (known !== undefined) return { $: 'ref', v: known };
    const replaced = replace?.(object);
    if (replaced !== undefined && replaced !== object) return write(replaced, path);
    if (Object.getOwnPropertySymbols(object).length > 0) throw new UnstorableValue(path, 'keyed by a symbol');
    const id = seen.size;
    seen.set(object, id);
    const frozen: Tagged | object = Object.isFrozen(object) ? { frozen: true } : {};

    if (Array.isArray(object) && Object.getPrototypeOf(object) === Array.prototype) {
      const items: ExactJson[] = [];
      for (let index = 0; index < object.length; index++) {
        // A hole would come back as undefined, a different array.
        if (!(index in object)) throw new UnstorableValue(`${path}[${index}]`, 'a hole in an array');
        items.push(write(object[index], `${path}[${index}]`));
      }
      if (Object.keys(object).length !== object.length)
        throw new UnstorableValue(path, 'an array with named properties');
      return { $: 'array', id, v: items, ...frozen };
    }
    const typed = typedArrayName(object);
    if (typed) {
      // Its bytes, in base64: exact for every value (NaN payloads too), and a fraction of the size of decimals.
      const { buffer, byteOffset, byteLength } = object as Uint8Array;
      return { $: typed, id, v: Buffer.from(buffer, byteOffset, byteLength).toString('base64') };
    }
    if (object instanceof Map && Object.getPrototypeOf(object) === Map.prototype) {
      const entries = [...object].map(([key, item], index) => [
        write(key, `${path}.<key ${index}>`),
        write(item, `${path}.get(…)`),
      ]);
      return { $: 'Map', id, v: entries };
    }
    if (object instanceof Set && Object.getPrototypeOf(object) === Set.prototype) {
      return { $: 'Set', id, v: [...object].map((item) => write(item, `${path}.<item>`)) };
    }
    if (object instanceof Date && Object.getPrototypeOf(object) === Date.prototype) {
      return { $: 'Date', id, v: numberToJson(object.getTime()) };
    }
    if (!isPlainObject(object)) {
      const name = (object.constructor as { name?: string } | undefined)?.name;
      throw new UnstorableValue(path, `an instance of ${name || 'a class'}`);
    }
    // No prototype: a key named __proto__ is then an own field, as in the object written.
    const fields: { [key: string]: ExactJson } = Object.create(null) as { [key: string]: ExactJson };
    for (const key of Reflect.ownKeys(object) as string[]) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
      const at = path ? `${path}.${key}` : key;
      if (!descriptor.enumerable) throw new UnstorableValue(at, 'a hidden property');
      // A getter is behaviour, like a function (the engine's layers report their last pass through one).
      if (!('value' in descriptor)) {
        if (functions !== 'stand-ins') throw new UnstorableValue(at, 'a getter');
        fields[key] = { $: 'getter', v: at };
      } else fields[key] = write(descriptor.value, at);
    }
    const prototype: Tagged | object = Object.getPrototypeOf(object) === null ? { nullPrototype: true } : {};
    return { $: 'object', id, v: fields, ...frozen, ...prototype };
  };
  return write(value, '');
}

/**
 * Reads JSON written by {@link toExactJson} back into the value it was written from; each function written as a
 * stand-in becomes `standIn(path)` (by default, one that throws when called).
 *
 * @example
 * Object.is(fromExactJson({ $: 'number', v: '-0' }), -0); // true
 */
export function fromExactJson(json: ExactJson, standIn: (path: string) => unknown = notStored): unknown {
  const objects: unknown[] = [];
  const read = (json: ExactJson): unknown => {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
    const tagged = json as Tagged;
    const freeze = <T>(value: T): T => (tagged.frozen === true ? Object.freeze(value) : value);
    const register = <T>(value: T): T => {
      objects[tagged.id as number] = value;
      return value;
    };
    switch (tagged.$) {
      case 'number':
        return Number(tagged.v);
      case 'undefined':
        return undefined;
      case 'bigint':
        return BigInt(tagged.v as string);
      case 'function':
        return standIn(tagged.v as string);
      case 'ref':
        return objects[tagged.v as number];
      case 'array': {
        const array = register([] as unknown[]);
        for (const item of tagged.v as ExactJson[]) array.push(read(item));
        return freeze(array);
      }
      case 'Map': {
        const map = register(new Map());
        for (const [key, item] of tagged.v as ExactJson[][]) map.set(read(key), read(item));
        return map;
      }
      case 'Set': {
        const set = register(new Set());
        for (const item of tagged.v as ExactJson[]) set.add(read(item));
        return set;
      }
      case 'Date':
        return register(new Date(read(tagged.v) as number));
      case 'object': {
        const object = register(tagged.nullPrototype === true ? Object.create(null) : {}) as Record<
          string,
          unknown
        >;
        for (const [key, item] of Object.entries(tagged.v as Record<string, ExactJson>)) {
          const getter = (item as Tagged | null)?.$ === 'getter' ? (item as Tagged) : undefined;
          // defineProperty: a key named __proto__ is an own field, as it was when written.
          Object.defineProperty(
            object,
            key,
            getter
              ? { get: standIn(getter.v as string) as () => unknown, enumerable: true, configurable: true }
              : { value: read(item), enumerable: true, writable: true, configurable: true },
          );
        }
        return freeze(object);
      }
    }
    if (tagged.$ in TYPED_ARRAYS) {
      const bytes = Buffer.from(tagged.v as string, 'base64');
      // Copied into a buffer of its own, aligned for the element size (Node's pooled buffers may not be).
      const own = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const Typed = TYPED_ARRAYS[tagged.$ as TypedArrayName] as unknown as new (
        buffer: ArrayBuffer,
      ) => unknown;
      return register(new Typed(own));
    }
    throw new Error(`fromExactJson: unknown tag ${JSON.stringify(tagged.$)}`);
  };
  return read(json);
}
