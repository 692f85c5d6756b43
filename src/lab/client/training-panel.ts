/**
 * The "Train it" panel: a run of the state's network in a worker of its own, drawn as it goes (the loss per step
 * and every layer's ‖dW^[l]‖ per step), with Stop (which ends the worker: nothing keeps computing) and forks.
 * A fork replays the run the panel shows (with the settings it was trained with, whatever the controls say now) to
 * a step and continues it with the remedy the fork form sets.
 */
import { formatNumber } from '@gradscope/charts';

import { gradientHeatmap, lossChart, remedyWords, type LabeledRun } from '../figures.ts';
import { tooLarge, type LabOptimizer, type LabState } from '../state.ts';
import type { Remedy, TrainingRun } from '../training.ts';
import { Cancelled, WorkerPool } from './pool.ts';
import { draw } from './render.ts';

/** Multiply-adds per step of training, for the cost estimate. */
function stepCost(state: LabState): number {
  return 3 * state.depth * state.width ** 2 * state.batch;
}

export class TrainingPanel {
  private readonly pool = new WorkerPool(1, 'gradscope-lab-train');
  private readonly trainButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly fork: HTMLFieldSetElement;
  private readonly lossSlot: HTMLElement;
  private readonly heatmapSlot: HTMLElement;
  /** The run shown, the settings it was trained with, and its fork. */
  private run: { state: LabState; run: TrainingRun } | null = null;
  private forked: { step: number; remedy: Remedy; run: TrainingRun } | null = null;
  private working = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly getState: () => LabState,
  ) {
    const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
    this.trainButton = $('[data-action="train"]');
    this.stopButton = $('[data-action="stop-training"]');
    this.progress = $('[data-role="train-progress"]');
    this.status = $('[data-role="train-status"]');
    this.fork = $('[data-role="fork"]');
    this.lossSlot = $('[data-slot="loss"]');
    this.heatmapSlot = $('[data-slot="heatmap"]');
    this.trainButton.addEventListener('click', () => this.train());
    this.stopButton.addEventListener('click', () => this.stop());
    $('[data-action="fork"]').addEventListener('click', () => this.startFork());
  }

  /** The controls changed: a run on screen now belongs to earlier settings. */
  stateChanged(): void {
    if (this.run && !this.working && JSON.stringify(this.run.state) !== JSON.stringify(this.getState())) {
      this.status.textContent =
        'The run below was trained with earlier settings (forks replay those); press Train to train these.';
    }
  }

  private train(): void {
    const state = this.getState();
    const large = tooLarge(state);
    if (large) {
      this.status.textContent = large;
      return;
    }
    this.pool.terminateAll();
    this.forked = null;
    this.run = null;
    this.begin(`Training ${state.steps} steps…`);
    this.pool
      .submit({
        job: { kind: 'train', state },
        tag: 'train',
        estimatedMs: (stepCost(state) * state.steps) / 1.5e6,
        onProgress: (value) => this.show(state, value as TrainingRun, null),
      })
      .then((run) => {
        this.run = { state, run };
        this.show(state, run, null);
        this.end(this.summary(run, state.steps));
      })
      .catch((error) => this.failed(error));
  }

  private startFork(): void {
    if (!this.run) return;
    const { state, run } = this.run;
    const value = (name: string) => (this.fork.elements.namedItem(name) as HTMLInputElement).value;
    const step = Math.round(Number(value('forkStep')));
    const last = run.firstStep + run.loss.length - 1;
    if (!(step >= 1 && step < Math.min(last, state.steps))) {
      this.status.textContent = `A fork starts after a step from 1 to ${Math.min(last, state.steps) - 1} of the run.`;
      return;
    }
    const remedy: Remedy = {
      learningRate: Number(value('forkLearningRate')) || state.learningRate,
      clip: Math.max(0, Number(value('forkClip')) || 0),
      optimizer: value('forkOptimizer') as LabOptimizer,
    };
    this.pool.terminateAll();
    this.forked = null;
    this.begin(`Replaying the run to step ${step}, then continuing with ${remedyWords(state, remedy)}…`);
    this.pool
      .submit({
        job: { kind: 'train', state, fork: { step, remedy } },
        tag: 'fork',
        estimatedMs: (stepCost(state) * state.steps) / 1.5e6,
        onProgress: (value) => this.show(state, run, { step, remedy, run: value as TrainingRun }),
      })
      .then((forkRun) => {
        this.forked = { step, remedy, run: forkRun };
        this.show(state, run, this.forked);
        this.end(
          `Fork at step ${step} (${remedyWords(state, remedy)}): ${this.summary(forkRun, state.steps)}`,
        );
      })
      .catch((error) => this.failed(error));
  }

  private stop(): void {
    this.pool.terminateAll();
    this.end(`Stopped at step ${this.progressStep}.`);
  }

  private progressStep = 0;

  private show(
    state: LabState,
    run: TrainingRun,
    fork: { step: number; remedy: Remedy; run: TrainingRun } | null,
  ): void {
    const runs: LabeledRun[] = [{ label: 'run', run }];
    if (fork)
      runs.push({ label: `fork at step ${fork.step}: ${remedyWords(state, fork.remedy)}`, run: fork.run });
    const latest = fork ? fork.run : run;
    this.progressStep = latest.firstStep + latest.loss.length - 1;
    this.progress.value = this.progressStep / state.steps;
    this.progress.setAttribute('aria-valuetext', `step ${this.progressStep} of ${state.steps}`);
    if (this.working) this.status.textContent = `Step ${this.progressStep} of ${state.steps}…`;
    if (run.loss.length > 0) draw(this.lossSlot, { chart: lossChart(runs) });
    if (latest.recordedSteps.length > 0) {
      draw(this.heatmapSlot, {
        chart: gradientHeatmap(latest, fork ? `the fork at step ${fork.step}` : 'the run'),
      });
    }
  }

  private summary(run: TrainingRun, steps: number): string {
    const stop = run.stopped;
    const lastLoss = run.loss.length > 0 ? formatNumber(run.loss[run.loss.length - 1], 3) : '—';
    if (stop?.reason === 'non-finite') {
      const where =
        stop.layer === null || stop.layer === undefined ? 'the loss' : `${stop.what} at layer ${stop.layer}`;
      return `Stopped after step ${stop.step}: ${where} overflowed to ∞ or NaN.`;
    }
    return `Trained ${steps} steps; last loss ${lastLoss}.`;
  }

  private begin(message: string): void {
    this.working = true;
    this.trainButton.disabled = true;
    this.stopButton.disabled = false;
    this.fork.disabled = true;
    this.status.textContent = message;
    this.root.dataset.training = 'running';
  }

  private end(message: string): void {
    this.working = false;
    this.trainButton.disabled = false;
    this.stopButton.disabled = true;
    this.fork.disabled = this.run === null;
    this.status.textContent = message;
    this.root.dataset.training = 'idle';
  }

  private failed(error: unknown): void {
    if (error instanceof Cancelled) return;
    this.end(`Training failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
