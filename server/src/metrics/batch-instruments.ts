import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES } from './metric-names.ts';

/** What the batch metrics read at each scrape (see BatchJobs.stats). */
export interface BatchStats {
  /** Batches kept, by status. */
  byStatus: Readonly<Record<string, number>>;
  /** Lines answered since the start, by the file they went to. */
  lines: { completed: number; failed: number };
  /** The prompt tokens each batch deployment's unfinished batches hold. */
  enqueued: ReadonlyArray<{ resource: string; deployment: string; tokens: number }>;
}

/**
 * The Batch API's metrics, read from `source` at scrape time so the batches never push: batches by status, lines
 * answered by outcome, and the enqueued tokens per batch deployment. None set reads as nothing.
 */
export function registerBatchMetrics(registry: Registry, source: () => BatchStats | undefined): void {
  const registers = [registry];
  new Gauge({
    name: METRIC_NAMES.batches,
    help: 'Batches the Batch API keeps, by status.',
    labelNames: ['status'] as const,
    registers,
    collect() {
      this.reset();
      for (const [status, count] of Object.entries(source()?.byStatus ?? {})) this.set({ status }, count);
    },
  });
  new Counter({
    name: METRIC_NAMES.batchLines,
    help: 'Batch lines answered since the simulator started, by outcome: completed (the output file) or failed (the error file).',
    labelNames: ['outcome'] as const,
    registers,
    collect() {
      this.reset();
      const lines = source()?.lines;
      if (!lines) return;
      this.inc({ outcome: 'completed' }, lines.completed);
      this.inc({ outcome: 'failed' }, lines.failed);
    },
  });
  new Gauge({
    name: METRIC_NAMES.batchEnqueuedTokens,
    help: "Prompt tokens held by a batch deployment's unfinished batches, against its enqueued-token quota.",
    labelNames: ['resource', 'deployment'] as const,
    registers,
    collect() {
      this.reset();
      for (const { resource, deployment, tokens } of source()?.enqueued ?? []) this.set({ resource, deployment }, tokens);
    },
  });
}
