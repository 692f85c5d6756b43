/**
 * A second origin for the playground's network tests: an HTTP server on 127.0.0.2 (another host than the site's
 * 127.0.0.1) that records every request it receives, WebSocket upgrades included, and answers each with
 * something loadable (a script, a page), so nothing a request would need is missing if one got through.
 *
 * `/control.html` runs a script in a plain worker of its own origin (no Content-Security-Policy, nothing taken
 * away): the tests use it to show that their probes do reach this server when nothing stops them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running decoy. */
export interface Decoy {
  /** `http://127.0.0.2:<port>` */
  readonly origin: string;
  /** Paths requested so far, in order (`/probe/fetch`, …). */
  readonly hits: string[];
  /** Serves `script` as `/control-worker.js`, run by a worker that `/control.html` starts. */
  setControlScript(script: string): void;
  close(): Promise<void>;
}

const CONTROL_PAGE = `<!doctype html><meta charset="utf-8"><title>control</title>
<script>
  const worker = new Worker('/control-worker.js');
  worker.onmessage = (event) => { window.controlResult = event.data; };
  worker.onerror = (event) => { window.controlResult = { error: event.message }; };
</script>`;

/**
 * Starts a decoy on 127.0.0.2 (any free port).
 *
 * @example
 * const decoy = await startDecoy();
 * // … let reader code try to reach decoy.origin …
 * expect(decoy.hits).toEqual([]);
 */
export async function startDecoy(): Promise<Decoy> {
  const hits: string[] = [];
  let controlScript = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://decoy').pathname;
    if (path === '/control.html') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(CONTROL_PAGE);
      return;
    }
    if (path === '/control-worker.js') {
      response.setHeader('Content-Type', 'text/javascript');
      response.end(controlScript);
      return;
    }
    hits.push(path);
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (path.endsWith('.js')) {
      response.setHeader('Content-Type', 'text/javascript');
      response.end('');
      return;
    }
    if (path.endsWith('eventsource')) {
      response.setHeader('Content-Type', 'text/event-stream');
      response.end('data: hi\n\n');
      return;
    }
    response.setHeader('Content-Type', 'text/plain');
    response.end('decoy');
  });
  server.on('upgrade', (request, socket) => {
    hits.push(new URL(request.url ?? '/', 'http://decoy').pathname);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.2:${port}`,
    hits,
    setControlScript: (script) => void (controlScript = script),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
