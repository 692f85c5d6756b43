/**
 * `npm run bench:lab`: the Lab of the built site in headless Chromium (playwright-core).
 * - Redraw: a control change (σ_w², typed into its field) at depth 50, width 128, batch 32, three seeds, to the
 *   frame in which both passes, theory's summary and the diagnosis show the new state with every seed; also to the
 *   new state's first drawing (all seeds at once when a scan is quick, the first seed alone when it is slow), and
 *   to the formats table and the slow figures (spectrum, ξ_c) in the background. Each change
 *   is made once the previous one is drawn, after the page has warmed its workers (which it does when idle after
 *   loading) and five untimed changes. Target (the issue): ≤ 100 ms.
 * - Sweep: a 20 × 20 phase diagram of depth-30, width-64 tanh networks trained 200 steps each (batch 32, SGD,
 *   η = 0.01), on one worker per core the browser reports: cells per second. BENCH_SWEEP_CELLS=n stops after n
 *   cells (a quicker, partial figure).
 *
 * Uses the build in GRADSCOPE_DIST when set, else builds into a temporary folder. Human-readable lines first; the
 * last line is one JSON object. Not a test: it prints figures and asserts nothing. The machine's load average is
 * printed beside them: on a shared machine the figures move with it.
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

import type { Page } from 'playwright-core';

import { launchBrowser, openPage } from '../tests/support/browser.ts';
import { serveSite } from '../tests/support/server.ts';
import { basePath } from '../tests/support/site.ts';
import { builtSite, quantile } from './built-site.ts';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 30);
const WARMUP = 5;
const SWEEP_CELLS = Number(process.env.BENCH_SWEEP_CELLS ?? 400);
const TARGET_MS = 100;

const { dist, temporary } = builtSite('lab');

const round = (x: number) => Math.round(x * 10) / 10;

interface ChangeTiming {
  first: number;
  rendered: number;
  formats: number;
  settled: number;
}

/**
 * Types σ_w² into its field in the page (an input event, as a keystroke makes) and times, from that event, the
 * painting of the frames in which each stage of the new state is drawn.
 */
function timedChange(page: Page, value: number): Promise<ChangeTiming> {
  return page.evaluate(
    (weightVariance) =>
      new Promise<ChangeTiming>((resolve) => {
        const lab = document.querySelector<HTMLElement>('[data-lab]')!;
        const input = lab.querySelector<HTMLInputElement>('[name="weightVariance"]')!;
        const times: Partial<ChangeTiming> = {};
        let generation = -1;
        const stages = ['first', 'rendered', 'formats', 'settled'] as const;
        const listeners = stages.map((stage) => {
          const listener = (event: Event) => {
            if ((event as CustomEvent).detail.generation !== generation) return;
            const record = () => {
              times[stage] = performance.now() - t0;
              if (stages.every((s) => times[s] !== undefined)) {
                stages.forEach((s, i) => lab.removeEventListener(`lab:${s}`, listeners[i]));
                resolve(times as ChangeTiming);
              }
            };
            // Timed when the frame that shows the stage has been painted: a task queued during a frame runs
            // after its paint. 'first' is announced as its drawing is queued, before that frame; the other
            // stages at the end of the frame that drew them (another animation frame would also count the
            // next frame's work, such as the phase diagram drawn after the scans).
            if (stage === 'first') requestAnimationFrame(() => setTimeout(record));
            else setTimeout(record);
          };
          lab.addEventListener(`lab:${stage}`, listener);
          return listener;
        });
        const t0 = performance.now();
        input.value = String(weightVariance);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        generation = Number(lab.dataset.generation);
      }),
    value,
  );
}

const browser = await launchBrowser();
// A build of our own is made for '/'; a given one for the BASE_PATH it was built with.
const site = await serveSite(dist, temporary ? '/' : basePath());
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

try {
  const loadBefore = loadavg()[0];
  const watched = await openPage(browser);
  const { page } = watched;
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  say(
    `Machine: ${cpus().length} cores (the browser reports ${cores}), load average ${loadBefore.toFixed(1)}.`,
  );

  // Redraw: the default state is depth 50, width 128, batch 32, three seeds.
  await page.goto(site.url('lab/?depth=50&width=128&batch=32&seeds=3&act=tanh'), {
    waitUntil: 'networkidle',
  });
  // As for a reader who reads a moment before moving a control: the page warms its scan workers when idle.
  await page.locator('[data-lab][data-warmed]').waitFor({ state: 'attached', timeout: 60_000 });
  const timings: ChangeTiming[] = [];
  for (let i = 0; i < WARMUP + CHANGES; i++) {
    const timing = await timedChange(page, Number((0.8 + 0.05 * (i % 20)).toFixed(2)));
    if (i >= WARMUP) timings.push(timing);
  }
  const stat = (key: keyof ChangeTiming) => {
    const values = timings.map((t) => t[key]);
    return { median: round(quantile(values, 0.5)), p95: round(quantile(values, 0.95)) };
  };
  const redraw = stat('rendered');
  const first = stat('first');
  const formats = stat('formats');
  const settled = stat('settled');
  say(
    `Control change → both passes, theory and diagnosis drawn, three seeds (depth 50, width 128, batch 32): ` +
      `median ${redraw.median} ms, 95th percentile ${redraw.p95} ms (target ${TARGET_MS} ms; ${CHANGES} changes).`,
  );
  say(`  first drawing of the new state: median ${first.median} ms, 95th percentile ${first.p95} ms.`);
  say(
    `  formats table complete (7 formats): median ${formats.median} ms, 95th percentile ${formats.p95} ms.`,
  );
  say(`  spectrum and ξ_c drawn: median ${settled.median} ms, 95th percentile ${settled.p95} ms.`);
  await watched.close();

  // Sweep: 20 × 20 cells of depth-30, width-64 tanh networks, 200 steps each.
  const sweeping = await openPage(browser);
  const sweepPage = sweeping.page;
  await sweepPage.goto(site.url('lab/?depth=30&width=64&steps=200&batch=32&act=tanh&opt=sgd&lr=0.01'), {
    waitUntil: 'networkidle',
  });
  await sweepPage.locator('[data-role="sweep-size"]').selectOption('20');
  const sweep = await sweepPage.evaluate(
    (stopAfter) =>
      new Promise<{ trained: number; seconds: number; cellsPerSecond: number; workers: number }>(
        (resolve) => {
          const lab = document.querySelector<HTMLElement>('[data-lab]')!;
          const t0 = performance.now();
          lab.addEventListener('lab:sweep', (event) => {
            const { trained, finished, workers } = (event as CustomEvent).detail;
            if (trained >= stopAfter || finished) {
              const seconds = (performance.now() - t0) / 1000;
              lab.querySelector<HTMLButtonElement>('[data-action="stop-sweep"]')?.click();
              resolve({ trained, seconds, cellsPerSecond: trained / seconds, workers });
            }
          });
          lab.querySelector<HTMLButtonElement>('[data-action="sweep"]')!.click();
        },
      ),
    SWEEP_CELLS,
  );
  say(
    `Sweep of a 20 × 20 phase diagram (depth 30, width 64, 200 steps of SGD at batch 32 per cell) on ${sweep.workers} ` +
      `workers: ${sweep.trained} cells in ${round(sweep.seconds)} s, ${sweep.cellsPerSecond.toFixed(3)} cells per second.`,
  );
  await sweeping.close();
  const loadAfter = loadavg()[0];
  say(`Load average after: ${loadAfter.toFixed(1)}.`);

  console.log(
    JSON.stringify({
      redrawMedianMs: redraw.median,
      redrawP95Ms: redraw.p95,
      firstDrawMedianMs: first.median,
      firstDrawP95Ms: first.p95,
      formatsMedianMs: formats.median,
      settledMedianMs: settled.median,
      targetMs: TARGET_MS,
      changes: CHANGES,
      sweep: {
        cells: sweep.trained,
        seconds: round(sweep.seconds),
        cellsPerSecond: Number(sweep.cellsPerSecond.toFixed(4)),
        workers: sweep.workers,
      },
      machine: {
        cores: cpus().length,
        browserCores: cores,
        loadBefore: round(loadBefore),
        loadAfter: round(loadAfter),
      },
    }),
  );
} finally {
  await browser.close();
  await site.close();
  if (temporary) rmSync(temporary, { recursive: true, force: true });
}
