import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { engineReloadPlugin } from '../../src/playground/build/engine-reload.ts';

/** A stand-in for Vite's dev server: its file watcher can be fired by hand, and what it sends is recorded. */
function fakeServer(root: string) {
  const listeners: ((event: string, file: string) => void)[] = [];
  const watched: string[] = [];
  const sent: unknown[] = [];
  const server = {
    config: { root },
    watcher: {
      add: (path: string) => watched.push(path),
      on: (_event: 'all', listener: (event: string, file: string) => void) => listeners.push(listener),
    },
    ws: { send: (payload: unknown) => sent.push(payload) },
  };
  const fire = (file: string) => listeners.forEach((listener) => listener('change', file));
  return { server, watched, sent, fire };
}

describe('the dev server and engine rebuilds', () => {
  it('reloads the page once after tsc rewrites the engine build, and not for other files', () => {
    vi.useFakeTimers();
    try {
      const root = join('/', 'repo');
      const { server, watched, sent, fire } = fakeServer(root);
      engineReloadPlugin().configureServer(server);
      expect(watched).toEqual([join(root, 'packages', 'core', 'dist')]);

      fire(join(root, 'content', '1-phenomenon', 'lesson.mdx'));
      fire(join(root, 'packages', 'core', 'src', 'theory.ts'));
      vi.advanceTimersByTime(1000);
      expect(sent).toEqual([]);

      // One rebuild writes several files (.js, .d.ts, maps): one reload, once they stop coming.
      fire(join(root, 'packages', 'core', 'dist', 'theory.js'));
      vi.advanceTimersByTime(100);
      fire(join(root, 'packages', 'core', 'dist', 'theory.d.ts'));
      vi.advanceTimersByTime(100);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(sent).toEqual([{ type: 'full-reload', path: '*' }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
