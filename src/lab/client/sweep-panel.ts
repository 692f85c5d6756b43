/**
 * "The phase diagram you train": a grid of (σ_w², σ_b²) cells, each trained in the background by one of as many
 * workers as the device has cores, coloured as results arrive, with theory's curves over them and the current
 * configuration as a point. The reader trains the whole grid (Stop ends every worker at once) or single cells (a
 * click on the chart, or the keyboard form under it). The map travels in the page's address, so a link shows it.
 *
 * A map belongs to the settings it was trained with (activation, depth, width and training's): while none of its
 * cells is trained it follows the controls; once one is, it stays, and the panel says when the controls differ.
 */
import { formatNumber } from '@gradscope/charts';
import type { PlotOptions } from '@observablehq/plot';

import { phaseChart, type PhaseCurves } from '../figures.ts';
import type { Phase } from '../theory.ts';
import { tooLarge, type LabState } from '../state.ts';
import { decodeMap, emptyMap, encodeMap, sweepKey, type SweepMap } from '../sweep-map.ts';
import { Cancelled, WorkerPool } from './pool.ts';
import { draw } from './render.ts';

/** The order in which a sweep trains its cells: every k-th cell first, so the whole plane fills in coarse to fine. */
export function sweepOrder(size: number): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  for (let stride = 2 ** Math.floor(Math.log2(size)); stride >= 1; stride /= 2) {
    for (let i = 0; i < size; i += stride) {
      for (let j = 0; j < size; j += stride) {
        const k = i * size + j;
        if (!seen.has(k)) {
          seen.add(k);
          order.push(k);
        }
      }
    }
  }
  return order;
}

export class SweepPanel {
  private readonly pool: WorkerPool;
  private readonly curvesPool = new WorkerPool(1, 'gradscope-lab-curves');
  private readonly curvesCache = new Map<string, PhaseCurves>();
  private curvesWanted = '';
  /** Whether the phase diagram has come near the screen: its theory curves are computed only from then on. */
  private nearScreen = typeof IntersectionObserver === 'undefined';
  private map: SweepMap;
  private values: (number | undefined)[];
  private running = 0;
  private sweepStarted = 0;
  private trainedThisSweep = 0;
  private chart: PlotOptions | null = null;
  private mapListener: () => void = () => {};
  private redrawQueued = false;
  /** What the chart drawn last showed (see `redraw`). */
  private shown: readonly unknown[] | null = null;
  private readonly slot: HTMLElement;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly sweepButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly shareButton: HTMLButtonElement;
  private readonly sizeSelect: HTMLSelectElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly getState: () => LabState,
    private readonly getPhase: () => Phase | null,
    cores: number,
    mapText: string | undefined,
  ) {
    const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
    this.pool = new WorkerPool(cores, 'gradscope-lab-sweep');
    this.slot = $('[data-slot="phase"]');
    this.status = $('[data-role="sweep-status"]');
    this.progress = $('[data-role="sweep-progress"]');
    this.sweepButton = $('[data-action="sweep"]');
    this.stopButton = $('[data-action="stop-sweep"]');
    this.shareButton = $('[data-action="share-map"]');
    this.sizeSelect = $('[data-role="sweep-size"]');
    const decoded = mapText ? decodeMap(mapText) : null;
    if (decoded?.problem) this.status.textContent = decoded.problem;
    this.map = decoded?.map ?? emptyMap(getState(), Number(this.sizeSelect.value));
    this.values = [...this.map.values];
    if (decoded?.map) this.sizeSelect.value = String(decoded.map.size);
    this.fillCellPicker();
    this.sweepButton.addEventListener('click', () => this.sweep());
    this.stopButton.addEventListener('click', () => this.stop('Stopped'));
    this.sizeSelect.addEventListener('change', () => {
      if (this.trained === 0 && this.running === 0) this.reset();
    });
    $('[data-action="train-cell"]').addEventListener('click', () => {
      const i = Number($<HTMLSelectElement>('[data-role="cell-b"]').value);
      const j = Number($<HTMLSelectElement>('[data-role="cell-w"]').value);
      this.trainCell(i, j);
    });
    this.slot.addEventListener('click', (event) => this.clicked(event));
    // The chaotic edge of the trainable band costs seconds of a core (a nested quadrature per bisection step),
    // which would slow every scan a reader waits for: it waits until the reader is about to see the diagram.
    if (!this.nearScreen) {
      const observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          observer.disconnect();
          this.nearScreen = true;
          this.redraw();
        },
        { rootMargin: '50% 0px' },
      );
      observer.observe(this.slot);
    }
  }

  /** Called when the map changes (the page writes it into its address). */
  onMapChange(listener: () => void): void {
    this.mapListener = listener;
  }

  /** Shows the map (a shared one, or the current settings' empty grid) and asks for theory's curves. */
  start(): void {
    this.redraw();
    this.describe();
  }

  /** What the address should carry for the map: nothing until a cell is trained. */
  urlExtras(): { map?: string } {
    return this.trained > 0 ? { map: encodeMap({ ...this.map, values: this.values }) } : {};
  }

  /**
   * The controls changed. The chart is redrawn by `showCurrent` once the new state's phase is known: drawing it
   * now as well would spend a frame on a 400-cell map while the workers compute the scan the reader waits for.
   */
  stateChanged(): void {
    if (this.trained === 0 && this.running === 0) this.reset();
    else this.describe();
  }

  /** Redraws the map and the current configuration's point (its phase arrived, or there will be none). */
  showCurrent(): void {
    this.redraw();
  }

  private get trained(): number {
    return this.values.filter((v) => v !== undefined).length;
  }

  private reset(): void {
    this.map = emptyMap(this.getState(), Number(this.sizeSelect.value));
    this.values = [...this.map.values];
    this.fillCellPicker();
    this.describe();
  }

  /** Lists the map's σ_w² and σ_b² in the cell picker (they depend on the grid's size only). */
  private fillCellPicker(): void {
    const fill = (role: string, values: readonly number[]) => {
      const select = this.root.querySelector<HTMLSelectElement>(`[data-role="${role}"]`)!;
      if (select.options.length === values.length) return;
      select.replaceChildren(
        ...values.map((v, i) => {
          const option = document.createElement('option');
          option.value = String(i);
          option.textContent = String(v);
          return option;
        }),
      );
    };
    fill('cell-w', this.map.weightVariances);
    fill('cell-b', this.map.biasVariances);
  }

  private sweep(): void {
    const state = this.getState();
    const size = Number(this.sizeSelect.value);
    // The controls moved away from the map's settings, or the grid changed size: a new map.
    if (sweepKey(state) !== sweepKey(this.map.state) || size !== this.map.size) {
      this.map = emptyMap(state, size);
      this.values = [...this.map.values];
      this.fillCellPicker();
    }
    const large = tooLarge(state);
    if (large) {
      this.status.textContent = large;
      return;
    }
    this.pool.terminateAll();
    this.running = 0;
    this.sweepStarted = performance.now();
    this.trainedThisSweep = 0;
    for (const k of sweepOrder(this.map.size)) if (this.values[k] === undefined) this.submit(k, false);
    this.updateButtons();
    this.describe();
  }

  private trainCell(i: number, j: number): void {
    const state = this.getState();
    if (this.trained === 0 && this.running === 0 && sweepKey(state) !== sweepKey(this.map.state))
      this.reset();
    if (sweepKey(this.getState()) !== sweepKey(this.map.state)) {
      this.status.textContent =
        'This map was trained with other settings than the controls show: train the whole grid to start a map of the current ones.';
      return;
    }
    if (this.running === 0) {
      this.sweepStarted = performance.now();
      this.trainedThisSweep = 0;
    }
    this.submit(i * this.map.size + j, true);
    this.updateButtons();
    this.describe();
  }

  private submit(k: number, urgent: boolean): void {
    const map = this.map;
    const i = Math.floor(k / map.size);
    const j = k % map.size;
    const { state } = map;
    this.running++;
    this.pool
      .submit({
        job: {
          kind: 'sweepCell',
          state,
          weightVariance: map.weightVariances[j],
          biasVariance: map.biasVariances[i],
        },
        tag: 'sweep',
        estimatedMs: (3 * state.depth * state.width ** 2 * state.batch * state.steps) / 1.5e6,
        urgent,
      })
      .then((cell) => {
        if (this.map !== map) return;
        this.running--;
        this.trainedThisSweep++;
        this.values[k] = cell.relativeLoss;
        this.changed();
      })
      .catch((error) => {
        if (error instanceof Cancelled) return;
        this.running = 0;
        this.status.textContent = `A cell failed: ${error instanceof Error ? error.message : String(error)}`;
        this.updateButtons();
      });
  }

  private stop(reason: string): void {
    this.pool.terminateAll();
    this.running = 0;
    this.updateButtons();
    this.status.textContent = `${reason}: ${this.trained} of ${this.values.length} cells trained.`;
    this.root.dispatchEvent(new CustomEvent('lab:sweep', { detail: this.progressDetail(true) }));
  }

  private changed(): void {
    this.updateButtons();
    this.describe();
    this.mapListener();
    if (!this.redrawQueued) {
      // At most four redraws a second: a 20 × 20 map is 400 rectangles, and cells can finish in bursts.
      this.redrawQueued = true;
      setTimeout(() => {
        this.redrawQueued = false;
        this.redraw();
      }, 250);
    }
    this.root.dispatchEvent(
      new CustomEvent('lab:sweep', { detail: this.progressDetail(this.running === 0) }),
    );
  }

  private progressDetail(finished: boolean) {
    const seconds = (performance.now() - this.sweepStarted) / 1000;
    return {
      trained: this.trained,
      total: this.values.length,
      finished,
      workers: this.pool.size,
      cellsPerSecond: seconds > 0 ? this.trainedThisSweep / seconds : 0,
    };
  }

  private updateButtons(): void {
    const busy = this.running > 0;
    this.stopButton.disabled = !busy;
    this.shareButton.disabled = this.trained === 0;
    this.sweepButton.textContent =
      this.trained > 0 && this.trained < this.values.length && !busy
        ? 'Continue the grid'
        : 'Train the whole grid';
    this.root.dataset.sweep = busy ? 'running' : 'idle';
  }

  private describe(): void {
    const total = this.values.length;
    const trained = this.trained;
    this.progress.value = trained / total;
    this.progress.setAttribute('aria-valuetext', `${trained} of ${total} cells`);
    const { cellsPerSecond } = this.progressDetail(false);
    const differs = sweepKey(this.getState()) !== sweepKey(this.map.state) && trained > 0;
    const parts = [
      `${trained} of ${total} cells trained`,
      this.running > 0
        ? `on ${this.pool.size} ${this.pool.size === 1 ? 'worker' : 'workers'}, ${formatNumber(cellsPerSecond, 2)} cells a second`
        : '',
      differs ? 'this map was trained with other settings than the controls show' : '',
    ].filter(Boolean);
    this.status.textContent = `${parts.join('; ')}.`;
  }

  private redraw(): void {
    const key = `${this.map.state.activation}|${this.map.state.depth}`;
    if (this.nearScreen) this.requestCurves(key, this.map.state);
    const state = this.getState();
    const phase = this.getPhase();
    const curves = this.curvesCache.get(key) ?? null;
    // Called for every seed a scan draws and every burst of cells: draw only what changed what the chart shows.
    const shown = [
      this.map,
      this.trained,
      curves,
      phase,
      state.activation,
      state.weightVariance,
      state.bias,
    ].concat(state.bias ? [state.biasVariance] : []);
    if (this.shown && shown.length === this.shown.length && shown.every((v, i) => v === this.shown![i]))
      return;
    this.shown = shown;
    this.chart = phaseChart({ ...this.map, values: this.values }, curves, phase ? { state, phase } : null);
    // After the scan's figures, in a frame of its own: a 400-cell map should not delay them.
    draw(this.slot, { chart: this.chart }, 'later');
  }

  private requestCurves(key: string, state: LabState): void {
    if (this.curvesCache.has(key) || this.curvesWanted === key) return;
    this.curvesWanted = key;
    this.curvesPool.cancel(
      (task) => task.tag !== key,
      () => true,
    );
    this.curvesPool
      .submit({
        job: { kind: 'curves', activation: state.activation, depth: state.depth },
        tag: key,
        estimatedMs: 10_000,
        onProgress: (value) => {
          if (!this.curvesCache.has(key)) this.curvesCache.set(key, value as PhaseCurves);
          this.redraw();
        },
      })
      .then((curves) => {
        this.curvesCache.set(key, curves);
        this.redraw();
      })
      .catch(() => {
        if (this.curvesWanted === key) this.curvesWanted = '';
      });
  }

  /** A click on the chart trains the cell under it. */
  private clicked(event: MouseEvent): void {
    const svg = this.slot.querySelector('svg');
    const chart = this.chart as (PlotOptions & { x: { domain: number[] }; y: { domain: number[] } }) | null;
    if (!svg || !chart) return;
    const box = svg.getBoundingClientRect();
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const px = ((event.clientX - box.left) / box.width) * width;
    const py = ((event.clientY - box.top) / box.height) * height;
    const left = chart.marginLeft ?? 0;
    const right = width - (chart.marginRight ?? 0);
    const top = chart.marginTop ?? 0;
    const bottom = height - (chart.marginBottom ?? 0);
    if (px < left || px > right || py < top || py > bottom) return;
    const [x0, x1] = chart.x.domain;
    const [y0, y1] = chart.y.domain;
    const x = x0 + ((px - left) / (right - left)) * (x1 - x0);
    const y = y1 - ((py - top) / (bottom - top)) * (y1 - y0);
    const nearest = (values: readonly number[], v: number) =>
      values.reduce((best, w, i) => (Math.abs(w - v) < Math.abs(values[best] - v) ? i : best), 0);
    this.trainCell(nearest(this.map.biasVariances, y), nearest(this.map.weightVariances, x));
  }
}
