/// <reference lib="webworker" />
/**
 * The Lab's worker: every computation of the page runs here, never on the page's thread. It runs only the Lab's
 * own code (no reader code), one job at a time, and answers each with its result; a long job (training, the slow
 * theory curves) posts progress on the way. The page ends a worker whose job went stale by terminating it.
 *
 * Started, like every worker of the site, from a `blob:` URL (src/playground/client/site-worker.ts), so the page's
 * Content-Security-Policy applies to it.
 */
import { formatRow } from '../formats.ts';
import { chaoticEdge, criticalCurve, orderedEdge } from '../phase.ts';
import { scanSeed } from '../scan.ts';
import { jacobianSpectrum } from '../spectrum.ts';
import { sweepCell } from '../sweep.ts';
import { chaoticCorrelationScale, theorySummary } from '../theory.ts';
import { train } from '../training.ts';
import type { Job, JobMessage, WorkerMessage } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage) => scope.postMessage(message);

function run(id: number, job: Job): unknown {
  switch (job.kind) {
    case 'scan': {
      const scan = scanSeed(job.state, job.seed);
      return { scan, theory: job.theory ? theorySummary(job.state, scan.inputSecondMoment) : null };
    }
    case 'format':
      return formatRow(job.state, job.dtype);
    case 'spectrum':
      return jacobianSpectrum(job.state);
    case 'correlationScale':
      return chaoticCorrelationScale(job.activation, job.weightVariance, job.biasVariance);
    case 'curves': {
      const critical = criticalCurve(job.activation, 16);
      const ordered = orderedEdge(job.activation, job.depth, critical);
      post({ type: 'progress', id, value: { critical, orderedEdge: ordered } });
      // The chaotic side costs a nested quadrature per step of each bisection: fewer points.
      const sparse = criticalCurve(job.activation, 7);
      return { critical, orderedEdge: ordered, chaoticEdge: chaoticEdge(job.activation, job.depth, sparse) };
    }
    case 'train':
      return train(job.state, {
        fork: job.fork,
        onProgress: (value) => post({ type: 'progress', id, value }),
      });
    case 'sweepCell':
      return sweepCell(job.state, job.weightVariance, job.biasVariance);
  }
}

scope.addEventListener('message', (event: MessageEvent<JobMessage>) => {
  const { id, job } = event.data;
  try {
    post({ type: 'result', id, value: run(id, job) });
  } catch (error) {
    post({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  }
});

post({ type: 'ready' });
