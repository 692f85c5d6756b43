/**
 * The live Lab: the state from the URL, the controls, and the computations each change starts.
 *
 * A change of state starts a new generation: the URL is rewritten (so a copied link is always the current state),
 * the older generation's jobs are dropped (pool.ts ends the long ones), and the new one's run in workers:
 *   1. one scan per seed on the scan workers (as many as the device has cores, three to four; seed i on worker i,
 *      which keeps that seed's network), drawn together when the last arrives (a slow scan shows its first seed
 *      early): the forward and backward charts, theory's summary (with the first seed) and the diagnosis;
 *   2. once those are on screen and the state has stayed a moment, every other number format, one scan each,
 *      filling the formats table row by row;
 *   3. on a worker of their own, ended whenever a newer state arrives: ξ_c in the chaotic phase and the Jacobian
 *      spectrum, which can take seconds for a wide, deep network.
 * The page fires `lab:first` on its root when a generation's first seed is drawn, `lab:rendered` when all its
 * seeds are (with how long it took since the change), `lab:formats` and `lab:settled` when the formats table and
 * the slow figures are, and mirrors each in a `data-` attribute of the root holding the generation's number: the
 * benchmark and the browser tests wait for these.
 */
import { diagnose } from '../diagnosis.ts';
import {
  backwardChart,
  diagnosisHtml,
  formatsTableHtml,
  forwardChart,
  spectrumChart,
  theoryHtml,
} from '../figures.ts';
import { FORMAT_ORDER, type FormatRow } from '../formats.ts';
import { escapeHtml } from '../html.ts';
import { pickLesson, type BuiltLesson } from '../lessons.ts';
import type { SeedScan } from '../scan.ts';
import { spectrumLimit } from '../spectrum.ts';
import { DEFAULT_STATE, tooLarge, type LabState } from '../state.ts';
import type { Phase, TheorySummary } from '../theory.ts';
import { decodeState, encodeState } from '../url-state.ts';
import { Controls } from './controls.ts';
import { Cancelled, WorkerPool } from './pool.ts';
import { draw, markStale, whenDrawn } from './render.ts';
import { startSharing } from './share.ts';
import { SweepPanel } from './sweep-panel.ts';
import { TrainingPanel } from './training-panel.ts';

/** Multiply-adds a worker does per millisecond, for the cost estimates that decide what to end early. */
const MAC_PER_MS = 1.5e6;
/** A scan estimated to take longer than this (per seed) draws its first seed before the others arrive. */
const PROGRESSIVE_SCAN_MS = 150;
/** How many times each scan worker scans the current state while the page is idle (see `warmScans`). */
const WARM_SCANS = 6;
/** How long a state must stay before the formats table and the slow figures are computed for it. */
const BACKGROUND_DELAY_MS = 250;
/** How long a control change may leave the address behind the state (see `writeUrlSoon`). */
const URL_DELAY_MS = 300;

/** What a generation has received so far. */
interface Results {
  readonly generation: number;
  readonly state: LabState;
  readonly started: number;
  scans: SeedScan[];
  theory: TheorySummary | null;
  /** ξ_c in the chaotic phase: undefined while computed. */
  xi?: number | null;
  formats: Map<string, FormatRow>;
  /** Whether its scans were drawn once already. */
  drawn?: boolean;
}

/** The page's elements, by role. */
function element<T extends HTMLElement = HTMLElement>(root: HTMLElement, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`The Lab page has no ${selector}`);
  return found;
}

/**
 * Starts the live Lab on its page.
 *
 * @example
 * startLab(document.querySelector('[data-lab]')!);
 */
export function startLab(root: HTMLElement): void {
  const { lessons, defaultPhase } = JSON.parse(element(root, '#lab-page-data').textContent ?? '{}') as {
    lessons: BuiltLesson[];
    /** The default state's phase, computed at build time: the phase diagram marks it before anything runs. */
    defaultPhase: Phase;
  };
  const slot = (name: string) => element(root, `[data-slot="${name}"]`);
  const notices = element(root, '[data-role="notices"]');
  const status = element(root, '[data-role="status"]');
  const results = element(root, '[data-role="results"]');
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
  // At least three scan workers, even on two cores: the default three seeds then share the cores and arrive
  // together after about 1.5 scans' time, where two workers would deliver the third seed after two scans' time.
  const scanPool = new WorkerPool(Math.min(Math.max(cores, 3), 4), 'gradscope-lab');
  // The formats table and the slow figures come after the scan, each in workers of their own: a scan worker
  // that also rounded to float16 and bfloat16 ran its float64 scans slower (its compiled code had seen them all).
  const formatPool = new WorkerPool(1, 'gradscope-lab-formats');
  const slowPool = new WorkerPool(1, 'gradscope-lab-slow');
  scanPool.warm();

  const decoded = decodeState(location.search);
  const notes = [decoded.versionNote, ...decoded.problems].filter((n): n is string => n !== null);
  notices.innerHTML = notes.map((note) => `<p>${escapeHtml(note)}</p>`).join('');

  let state = decoded.state;
  let generation = 0;
  let current: Results | null = null;

  const training = new TrainingPanel(root, () => state);
  const sweep = new SweepPanel(
    root,
    () => state,
    () => current?.theory?.phase ?? (generation === 0 ? defaultPhase : null),
    cores,
    decoded.extras.map,
  );
  const sharing = startSharing(root);

  const controls = new Controls(element<HTMLFormElement>(root, '[data-role="controls"]'), (next) =>
    update(next),
  );
  controls.set(state);

  /** Says a stage of a generation is drawn: an event for listeners, an attribute for tests polling the page. */
  const fire = (
    name: 'rendered' | 'first' | 'formats' | 'settled',
    detail: { generation: number; ms?: number },
  ) => {
    // The address catches up once the new figures are on screen.
    if (name === 'rendered') requestAnimationFrame(() => setTimeout(flushUrl));
    root.dataset[name] = String(detail.generation);
    root.dispatchEvent(new CustomEvent(`lab:${name}`, { detail }));
  };

  /**
   * Writes the state (and the sweep's map) into the address, so that a copied link is what the reader sees. Not
   * at once: a `replaceState` costs the browser several milliseconds, which a control change spends better on
   * the figures; so the address is written once they are on screen, after URL_DELAY_MS at the latest, and
   * before a link is copied or the page is left.
   */
  let urlTimer: number | undefined;
  function writeUrlSoon(): void {
    urlTimer ??= window.setTimeout(writeUrl, URL_DELAY_MS);
  }
  function writeUrl(): void {
    window.clearTimeout(urlTimer);
    urlTimer = undefined;
    history.replaceState(history.state, '', `${location.pathname}?${encodeState(state, sweep.urlExtras())}`);
    sharing.refresh();
  }
  const flushUrl = () => {
    if (urlTimer !== undefined) writeUrl();
  };
  sharing.beforeCopy(flushUrl);
  addEventListener('pagehide', flushUrl);
  sweep.onMapChange(writeUrlSoon);

  function update(next: LabState): void {
    // A committed field (its change event after its input events) often says nothing new.
    if (generation > 0 && JSON.stringify(next) === JSON.stringify(state)) return;
    state = next;
    generation++;
    const g = generation;
    const tag = `g${g}`;
    writeUrlSoon();
    root.dataset.generation = String(g);
    const stale = (task: { tag: string }) => task.tag !== tag && task.tag.startsWith('g');
    scanPool.cancel(stale, (task, elapsed) => task.estimatedMs - elapsed > 120);
    formatPool.cancel(stale, (task, elapsed) => task.estimatedMs - elapsed > 120);
    slowPool.cancel(stale, () => true);
    training.stateChanged();
    sweep.stateChanged();

    const large = tooLarge(state);
    if (large) {
      current = null;
      results.setAttribute('aria-busy', 'false');
      status.textContent = large;
      sweep.showCurrent();
      fire('rendered', { generation: g, ms: 0 });
      return;
    }
    markStale(['diagnosis', 'forward', 'backward', 'theory', 'spectrum', 'formats'].map(slot));
    const started = performance.now();
    const r: Results = { generation: g, state, started, scans: [], theory: null, formats: new Map() };
    current = r;
    results.setAttribute('aria-busy', 'true');
    status.textContent = 'Computing…';
    const scanMs = (3 * state.depth * state.width ** 2 * state.batch) / MAC_PER_MS;
    const seeds = Array.from({ length: state.seeds }, (_, i) => state.seed + i);
    const ignoreCancel = (error: unknown) => {
      if (!(error instanceof Cancelled)) showError(error);
    };
    const scans = seeds.map((seed, i) =>
      scanPool
        .submit({
          job: { kind: 'scan', state, seed, theory: i === 0 },
          tag,
          estimatedMs: scanMs,
          affinity: i,
        })
        .then(({ scan, theory }) => {
          if (current !== r) return;
          r.scans = [...r.scans, scan].sort((a, b) => a.seed - b.seed);
          if (theory) r.theory = theory;
          // The seeds run side by side and arrive close together: a figure per seed would spend the main
          // thread's time (and, on two cores, the workers') on drawings replaced a few milliseconds later. Only
          // a slow scan shows its first seed before the others.
          if (r.scans.length === seeds.length || (r.scans.length === 1 && scanMs > PROGRESSIVE_SCAN_MS))
            drawScans(r);
        }),
    );
    Promise.all(scans)
      .then(() => {
        if (current !== r) return;
        whenDrawn(() => {
          results.setAttribute('aria-busy', 'false');
          status.textContent = `Measured over ${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.join(', ')}.`;
          fire('rendered', { generation: g, ms: performance.now() - started });
          // The background figures start once the scans' frame is painted and the state has stayed for a
          // moment: on two cores their workers would take the cores that frame needs, and while a slider is
          // dragged each change would end them (a worker's reboot costs more than the scan it delays).
          setTimeout(() => {
            if (current !== r) return;
            startFormats(r, tag, scanMs);
            startSlow(r, tag);
          }, BACKGROUND_DELAY_MS);
        });
      })
      .catch(ignoreCancel);
  }

  function drawScans(r: Results): void {
    draw(slot('forward'), { chart: forwardChart(r.state, r.scans, r.theory) });
    draw(slot('backward'), { chart: backwardChart(r.state, r.scans, r.theory) });
    if (r.theory) {
      const diagnosis = diagnose(r.state, r.scans, r.theory);
      draw(slot('diagnosis'), { html: diagnosisHtml(diagnosis, pickLesson(diagnosis.lessons, lessons)) });
      draw(slot('theory'), { html: theoryHtml(r.state, r.theory, r.xi) });
      sweep.showCurrent();
    }
    if (!r.drawn) fire('first', { generation: r.generation, ms: performance.now() - r.started });
    r.drawn = true;
  }

  function startFormats(r: Results, tag: string, scanMs: number): void {
    draw(slot('formats'), { html: formatsTableHtml(r.state, r.formats) });
    const jobs = FORMAT_ORDER.map((dtype) =>
      formatPool
        .submit({
          job: { kind: 'format', state: r.state, dtype },
          tag,
          // Rounding to a 16-bit format costs a few times the arithmetic.
          estimatedMs: (scanMs / r.state.seeds) * (dtype.includes('16') ? 3 : 1),
        })
        .then((row) => {
          if (current !== r) return;
          r.formats.set(dtype, row);
          draw(slot('formats'), { html: formatsTableHtml(r.state, r.formats) });
        }),
    );
    Promise.all(jobs)
      .then(() => whenDrawn(() => fire('formats', { generation: r.generation })))
      .catch((error) => {
        if (!(error instanceof Cancelled)) showError(error);
      });
  }

  function startSlow(r: Results, tag: string): void {
    const theory = r.theory;
    const work: Promise<unknown>[] = [];
    if (theory && theory.phase === 'chaotic' && theory.correlationNote === null) {
      work.push(
        slowPool
          .submit({
            job: {
              kind: 'correlationScale',
              activation: theory.activation,
              weightVariance: theory.weightVariance,
              biasVariance: theory.biasVariance,
            },
            tag,
            estimatedMs: 300,
          })
          .then((xi) => {
            if (current !== r) return;
            r.xi = Number.isNaN(xi) ? null : xi;
            draw(slot('theory'), { html: theoryHtml(r.state, theory, r.xi) });
            const diagnosis = diagnose(r.state, r.scans, { ...theory, correlationScale: r.xi });
            draw(slot('diagnosis'), {
              html: diagnosisHtml(diagnosis, pickLesson(diagnosis.lessons, lessons)),
            });
          }),
      );
    }
    const limit = spectrumLimit(r.state);
    if (limit) draw(slot('spectrum'), { html: `<p class="lab-note">${escapeHtml(limit)}</p>` });
    else {
      work.push(
        slowPool
          .submit({ job: { kind: 'spectrum', state: r.state }, tag, estimatedMs: 1000 })
          .then((spectrum) => {
            if (current !== r) return;
            draw(slot('spectrum'), { chart: spectrumChart(r.state, spectrum, r.theory) });
          }),
      );
    }
    Promise.all(work)
      .then(() => whenDrawn(() => fire('settled', { generation: r.generation })))
      .catch((error) => {
        if (!(error instanceof Cancelled)) showError(error);
      });
  }

  function showError(error: unknown): void {
    status.textContent = `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
    results.setAttribute('aria-busy', 'false');
  }

  // The page was built with the default state's figures: a link with another state recomputes them at once.
  if (JSON.stringify(state) !== JSON.stringify(DEFAULT_STATE)) update(state);
  else {
    writeUrl();
    root.dataset.generation = '0';
    for (const stage of ['first', 'rendered', 'formats', 'settled'] as const) fire(stage, { generation: 0 });
  }
  sweep.start();
  if ('requestIdleCallback' in window) requestIdleCallback(warmScans, { timeout: 2000 });
  else setTimeout(warmScans, 1000);

  /**
   * A scan worker's first scans are slow: the first builds its seed's network (network.ts), and the scanner's
   * code is compiled as it first runs (measured on two cores: the first change after loading took 0.4–0.5 s, and
   * about 0.12 s after these scans). So once the page is idle, each scan worker scans the current state a few
   * times; the first control change drops what is left of it. Marks the root `data-warmed` (with the generation)
   * when done, for the benchmark.
   */
  function warmScans(): void {
    const g = generation;
    const scanMs = (3 * state.depth * state.width ** 2 * state.batch) / MAC_PER_MS;
    if (tooLarge(state) || scanMs > PROGRESSIVE_SCAN_MS) return;
    const jobs: Promise<unknown>[] = [];
    // One seed per worker: further seeds share a worker (and its compiled code) with the first ones.
    for (let round = 0; round < WARM_SCANS; round++) {
      for (let i = 0; i < Math.min(state.seeds, scanPool.size); i++) {
        const job = { kind: 'scan', state, seed: state.seed + i, theory: i === 0 } as const;
        jobs.push(scanPool.submit({ job, tag: `g${g}`, estimatedMs: scanMs, affinity: i }));
      }
    }
    void Promise.allSettled(jobs).then(() => {
      if (generation === g) root.dataset.warmed = String(g);
    });
  }
}
