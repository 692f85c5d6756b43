// The package is published on its own: every export carries TSDoc, and every function, class and non-trivial
// value carries an @example a reader can copy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceDir = join(import.meta.dirname, '..', 'src');
const files = readdirSync(sourceDir).filter((name) => name.endsWith('.ts') && name !== 'index.ts');

interface ExportSite {
  file: string;
  line: number;
  kind: string;
  name: string;
  doc: string | null;
}

function exportSites(file: string): ExportSite[] {
  const lines = readFileSync(join(sourceDir, file), 'utf8').split('\n');
  const sites: ExportSite[] = [];
  lines.forEach((text, index) => {
    const match = /^export (?:declare )?(function|const|class|interface|type) (\w+)/.exec(text);
    if (!match) return;
    let above = index - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    // The implementation signature of an overloaded function follows its documented overloads.
    if (match[1] === 'function' && sites.at(-1)?.name === match[2] && !lines[above]?.trim().endsWith('*/'))
      return;
    let doc: string | null = null;
    if (lines[above]?.trim().endsWith('*/')) {
      let start = above;
      while (start >= 0 && !lines[start].includes('/**')) start--;
      doc = lines.slice(start, above + 1).join('\n');
    }
    sites.push({ file, line: index + 1, kind: match[1], name: match[2], doc });
  });
  return sites;
}

const sites = files.flatMap(exportSites);

describe('the public API is documented', () => {
  it('finds the exports it checks', () => {
    expect(sites.length).toBeGreaterThan(200);
  });

  it('every export has a TSDoc comment', () => {
    const undocumented = sites
      .filter((site) => site.doc === null)
      .map((s) => `${s.file}:${s.line} ${s.name}`);
    expect(undocumented).toEqual([]);
  });

  it('every exported function and class has an @example', () => {
    const withoutExample = sites
      .filter(
        (site) => (site.kind === 'function' || site.kind === 'class') && !site.doc?.includes('@example'),
      )
      .map((s) => `${s.file}:${s.line} ${s.name}`);
    expect(withoutExample).toEqual([]);
  });
});
