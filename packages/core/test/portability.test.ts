// The engine runs unchanged in Node, in a browser and in a Web Worker: its source may use only what all three share.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };

const sourceDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(sourceDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(sourceDir, name), 'utf8') }));

// Strip comments so documentation may mention anything.
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

describe('the engine is portable', () => {
  it('has no runtime dependencies', () => {
    expect((packageJson as { dependencies?: object }).dependencies ?? {}).toEqual({});
  });

  it('imports only its own modules', () => {
    const foreign = sources.flatMap(({ name, text }) =>
      [...code(text).matchAll(/from\s+'([^']+)'/g)]
        .map((match) => match[1])
        .filter((specifier) => !specifier.startsWith('./'))
        .map((specifier) => `${name}: ${specifier}`),
    );
    expect(foreign).toEqual([]);
  });

  it('touches no global that a Web Worker or Node lacks (window, document, process, require, Buffer)', () => {
    const offenders = sources.flatMap(({ name, text }) =>
      [...code(text).matchAll(/\b(window|document|process|require|Buffer|localStorage)\s*[.([]/g)].map(
        (match) => `${name}: ${match[1]}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('draws no unseeded random numbers', () => {
    const offenders = sources
      .filter(({ text }) => /Math\.random\s*\(/.test(code(text)))
      .map(({ name }) => name);
    expect(offenders).toEqual([]);
  });
});
