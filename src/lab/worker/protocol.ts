/**
 * What the page and the Lab's workers say to each other. The page sends numbered jobs; a worker answers each with
 * one `result` (or `error`), after any number of `progress` messages. Everything is plain data (typed arrays
 * included), so it crosses `postMessage` by structured cloning.
 */
import type { ActivationName, DTypeName } from '@gradscope/core';

import type { FormatRow } from '../formats.ts';
import type { PlanePoint } from '../phase.ts';
import type { SeedScan } from '../scan.ts';
import type { SpectrumResult } from '../spectrum.ts';
import type { LabState } from '../state.ts';
import type { SweepCell } from '../sweep.ts';
import type { TheorySummary } from '../theory.ts';
import type { Remedy, TrainingRun } from '../training.ts';

/** A job, by kind. */
export type Job =
  | { readonly kind: 'scan'; readonly state: LabState; readonly seed: number; readonly theory: boolean }
  | { readonly kind: 'format'; readonly state: LabState; readonly dtype: DTypeName }
  | { readonly kind: 'spectrum'; readonly state: LabState }
  | {
      readonly kind: 'correlationScale';
      readonly activation: ActivationName;
      readonly weightVariance: number;
      readonly biasVariance: number;
    }
  | { readonly kind: 'curves'; readonly activation: ActivationName; readonly depth: number }
  | {
      readonly kind: 'train';
      readonly state: LabState;
      readonly fork?: { readonly step: number; readonly remedy: Remedy };
    }
  | {
      readonly kind: 'sweepCell';
      readonly state: LabState;
      readonly weightVariance: number;
      readonly biasVariance: number;
    };

/** What each kind of job answers. */
export interface JobResults {
  scan: { readonly scan: SeedScan; readonly theory: TheorySummary | null };
  format: FormatRow;
  spectrum: SpectrumResult;
  correlationScale: number;
  curves: {
    readonly critical: PlanePoint[];
    readonly orderedEdge: PlanePoint[];
    readonly chaoticEdge?: PlanePoint[];
  };
  train: TrainingRun;
  sweepCell: SweepCell;
}

/** Page → worker. */
export interface JobMessage {
  readonly id: number;
  readonly job: Job;
}

/** Worker → page. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly id: number; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
