// The package's public API is index.ts's list of names. A module's exports marked `@internal` in their TSDoc (the
// argument checks, the buffer helpers) are shared between the engine's modules only; every other export is public.
// This keeps the two in step: a new export is either listed in index.ts or marked internal, deliberately.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

const sourceDir = join(import.meta.dirname, '..', 'src');
const modules = readdirSync(sourceDir)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .map((name) => name.slice(0, -3));

/** Every exported name of a module, and whether its TSDoc marks it internal. */
function exportsOf(module: string): { name: string; internal: boolean }[] {
  const text = readFileSync(join(sourceDir, `${module}.ts`), 'utf8');
  const found = new Map<string, boolean>();
  for (const match of text.matchAll(/^export (?:declare )?(?:function|const|class|interface|type) (\w+)/gm)) {
    const before = text.slice(0, match.index);
    const docStart = before.lastIndexOf('/**');
    const doc =
      docStart >= 0 && before.slice(docStart).trimEnd().endsWith('*/') ? before.slice(docStart) : '';
    const internal = doc.includes('@internal');
    found.set(match[1], (found.get(match[1]) ?? false) || internal);
  }
  return [...found].map(([name, internal]) => ({ name, internal }));
}

/** The names index.ts re-exports from each module. */
function indexNames(): Map<string, string[]> {
  const text = readFileSync(join(sourceDir, 'index.ts'), 'utf8');
  expect(text).not.toMatch(/export \*/);
  const names = new Map<string, string[]>();
  for (const match of text.matchAll(/export \{([^}]*)\} from '\.\/([\w-]+)\.js';/g)) {
    const list = match[1]
      .split(',')
      .map((entry) => entry.trim().replace(/^type /, ''))
      .filter(Boolean);
    names.set(match[2], [...(names.get(match[2]) ?? []), ...list]);
  }
  return names;
}

describe('the package exports its public API by name', () => {
  const listed = indexNames();

  it.each(modules)('index.ts lists exactly the exports of %s.ts not marked @internal', (module) => {
    const exports = exportsOf(module);
    const publicNames = exports.filter((e) => !e.internal).map((e) => e.name);
    expect([...(listed.get(module) ?? [])].sort()).toEqual([...publicNames].sort());
  });

  it('re-exports only modules that exist', () => {
    for (const module of listed.keys()) expect(modules).toContain(module);
  });

  it('keeps the argument checks and buffer helpers out of the package', () => {
    for (const name of [
      'expectOneOf',
      'expectKnownKeys',
      'expectPositiveInteger',
      'expectMatrix',
      'expectDType',
      'expectNetwork',
      'resolveActivation',
      'resolveInitializer',
      'resolveLoss',
      'reuseMatrix',
      'createLayerBuffers',
      'forwardLayers',
      'backwardLayers',
      'copyLayerTrace',
      'resolveRecurrentSpec',
    ]) {
      expect(core).not.toHaveProperty(name);
    }
  });

  it('exports what lessons and the playground use', () => {
    for (const name of [
      'GradscopeArgumentError',
      'forward',
      'backward',
      'lossAndGradients',
      'activationNorms',
      'firstNonFinite',
      'firstAllZero',
      'clipByNorm',
      'createTape',
      'recurrentForward',
      'recurrentAffine',
      'correlationMap',
      'criticalLine',
      // The site's did-you-mean hints (lesson examples, citation keys, chart meanings) share the engine's.
      'nearestName',
    ]) {
      expect(typeof (core as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
