/**
 * The type libraries the editor gives TypeScript, as `[virtual path, text]` pairs under
 * `file:///node_modules/`, so that `import … from '@gradscope/core'` (and Plot, and the charts) resolve exactly
 * as they would in a project: the engine's built declarations (packages/core/dist), Plot's declarations, and
 * the charts' own TypeScript sources. Loaded after the editor is visible.
 */
const core = import.meta.glob<string>('../../../packages/core/dist/*.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const plot = import.meta.glob<string>('/node_modules/@observablehq/plot/src/**/*.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const charts = import.meta.glob<string>(['../../charts/*.ts', '!../../charts/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/**
 * Every library file with the path TypeScript should see it at.
 *
 * @example
 * for (const [path, text] of typeLibraries()) typescriptDefaults.addExtraLib(text, path);
 */
export function typeLibraries(): [path: string, text: string][] {
  const files: [string, string][] = [];
  for (const [path, text] of Object.entries(core)) {
    files.push([`file:///node_modules/@gradscope/core/${path.split('/').at(-1)}`, text]);
  }
  for (const [path, text] of Object.entries(plot)) {
    files.push([`file:///node_modules/@observablehq/plot/${path.split('/@observablehq/plot/')[1]}`, text]);
  }
  files.push(['file:///node_modules/@observablehq/plot/index.d.ts', "export * from './src/index.js';\n"]);
  for (const [path, text] of Object.entries(charts)) {
    files.push([`file:///node_modules/@gradscope/charts/${path.split('/').at(-1)}`, text]);
  }
  return files;
}
