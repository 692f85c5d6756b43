/**
 * Workers that run the Lab's jobs, a few at a time, and the rules for dropping work the reader no longer wants.
 *
 * A pool has a fixed number of workers (each one job at a time) and a queue. `submit` returns a promise of the
 * job's result that rejects with `Cancelled` when the job is dropped. `cancel(test)` drops every queued job the
 * test matches, and for a running one decides by `terminateIf`: a job about to finish is left to finish (its
 * result is thrown away; a fresh worker would cost more to boot and warm up than the job has left), a long one
 * is ended with `terminate()` and its worker replaced. So a newer control change never waits behind an older
 * computation for long, and the page itself never computes.
 *
 * Every worker starts from a `blob:` URL (`startSiteWorker`), under the page's Content-Security-Policy.
 */
import { startSiteWorker } from '../../playground/client/site-worker.ts';
import type { Job, JobMessage, JobResults, WorkerMessage } from '../worker/protocol.ts';
import workerUrl from '../worker/lab-worker.ts?worker&url';

/** The rejection of a dropped job. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** A job in the queue or running, with what the caller attached to it. */
export interface Task<K extends Job['kind'] = Job['kind']> {
  readonly job: Extract<Job, { kind: K }>;
  /** A tag for `cancel`: the generation of the state it was made for, a sweep's number, … */
  readonly tag: string;
  /** About how long it runs, in milliseconds: what `cancel` weighs against a fresh worker. */
  readonly estimatedMs: number;
  readonly onProgress?: (value: unknown) => void;
  /** Run before everything queued (a cell the reader clicked, during a sweep). */
  readonly urgent?: boolean;
  /**
   * The worker this job would rather run on (taken modulo the pool's size), when it is free: a scan of seed s
   * keeps finding seed s's network in the worker that built it (network.ts). Any free worker takes it otherwise.
   */
  readonly affinity?: number;
}

interface Pending {
  readonly task: Task;
  readonly id: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Set when the job was dropped while running: its progress and result are ignored. */
  cancelled?: boolean;
}

interface Slot {
  worker: Worker;
  running: (Pending & { started: number }) | null;
}

let nextId = 1;

/** A fixed number of Lab workers sharing one queue. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];

  /**
   * @param size how many workers (each runs one job at a time).
   * @param name the workers' name, as developer tools show it.
   */
  constructor(
    readonly size: number,
    private readonly name: string,
  ) {}

  /** Starts the workers now (they boot while the reader reads), instead of at the first job. */
  warm(): void {
    while (this.slots.length < this.size) this.slots.push(this.boot());
  }

  /**
   * Queues a job; the promise resolves with its result, or rejects with `Cancelled` or the worker's error.
   *
   * @example
   * const { scan } = await pool.submit({ job: { kind: 'scan', state, seed: 1, theory: true }, tag: 'g3', estimatedMs: 40 });
   */
  submit<K extends Job['kind']>(task: Task<K>): Promise<JobResults[K]> {
    return new Promise((resolve, reject) => {
      const pending = {
        task: task as unknown as Task,
        id: nextId++,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (task.urgent) this.queue.unshift(pending);
      else this.queue.push(pending);
      this.pump();
    });
  }

  /**
   * Drops the queued jobs `test` matches; a running one it matches is ended (and its worker replaced) when
   * `terminateIf(task, elapsedMs)` says so, else left to finish with its result discarded.
   */
  cancel(test: (task: Task) => boolean, terminateIf: (task: Task, elapsedMs: number) => boolean): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (test(this.queue[i].task)) this.queue.splice(i, 1)[0].reject(new Cancelled());
    }
    const now = performance.now();
    this.slots.forEach((slot, i) => {
      const running = slot.running;
      if (!running || !test(running.task)) return;
      running.cancelled = true;
      running.reject(new Cancelled());
      if (terminateIf(running.task, now - running.started)) {
        slot.worker.terminate();
        this.slots[i] = this.boot();
      }
      // Otherwise its result arrives and is thrown away; the slot is busy until then.
    });
    this.pump();
  }

  /** Ends every job and every worker (a Stop); the next job boots new ones. */
  terminateAll(): void {
    for (const pending of this.queue.splice(0)) pending.reject(new Cancelled());
    for (const slot of this.slots) {
      slot.running?.reject(new Cancelled());
      slot.worker.terminate();
    }
    this.slots.length = 0;
  }

  /** True when some job is queued or running. */
  get busy(): boolean {
    return this.queue.length > 0 || this.slots.some((slot) => slot.running !== null);
  }

  private boot(): Slot {
    const worker = startSiteWorker(workerUrl, this.name);
    const slot: Slot = { worker, running: null };
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) =>
      this.receive(slot, event.data),
    );
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const running = slot.running;
      slot.running = null;
      running?.reject(new Error(event.message || 'the Lab’s worker failed'));
      // A worker that failed to load or crashed is replaced.
      const index = this.slots.indexOf(slot);
      if (index >= 0) {
        worker.terminate();
        this.slots[index] = this.boot();
      }
      this.pump();
    });
    return slot;
  }

  private receive(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') return;
    const running = slot.running;
    if (!running || message.id !== running.id) return;
    if (message.type === 'progress') {
      if (!running.cancelled) running.task.onProgress?.(message.value);
      return;
    }
    slot.running = null;
    if (message.type === 'result') running.resolve(message.value);
    else running.reject(new Error(message.message));
    this.pump();
  }

  private pump(): void {
    this.warm();
    // First the jobs whose own worker is free, then the rest in queue order on whichever workers are left.
    for (let i = 0; i < this.queue.length; i++) {
      const affinity = this.queue[i].task.affinity;
      if (affinity === undefined) continue;
      const slot = this.slots[affinity % this.size];
      if (!slot.running) this.start(slot, this.queue.splice(i--, 1)[0]);
    }
    for (const slot of this.slots) {
      if (!slot.running && this.queue.length > 0) this.start(slot, this.queue.shift()!);
    }
  }

  private start(slot: Slot, next: Pending): void {
    slot.running = { ...next, started: performance.now() };
    const message: JobMessage = { id: next.id, job: next.task.job };
    slot.worker.postMessage(message);
  }
}
