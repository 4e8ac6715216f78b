import { ids } from '../../protocol/ids.ts';
import type { IncomingHttpHeaders } from 'node:http';
import { deploymentsOf } from '../../config/resolve-resources.ts';
import { schemaDefault } from '../../config/schema-defaults.ts';
import type { Distribution } from '../../generated/scenarios.ts';
import type { JobEventType } from '../../jobs/job-events.ts';
import { sampler } from '../../latency/index.ts';
import type { BatchStats } from '../../metrics/index.ts';
import type { Resource, TurnRuntime } from '../../pipeline/index.ts';
import type { StateHolder } from '../../sim-state.ts';
import type { FileStore } from '../files/index.ts';
import { answerLine, expiredLine, type LineContext } from './answer-line.ts';
import { BatchBook } from './batch-book.ts';
import type { BatchCreateRequest } from './batch-create-request.ts';
import { batchErrors, lineErrors } from './batch-errors.ts';
import { validateBatchInput, type BatchLine } from './batch-input.ts';
import { COMPLETION_WINDOW_MS, FINISHED, type BatchError, type BatchRecord } from './batch-record.ts';
import { batchPromptTokens } from './batch-tokens.ts';
import { EnqueuedTokens, type QueueAddress } from './enqueued-tokens.ts';
import { saveBatchFiles } from './batch-files.ts';
import { firstModel, newRun, type Run } from './batch-run.ts';

/** How many steps a batch's lines are answered in over its in_progress phase: what a cancel can stop between. */
const MAX_STEPS = 20;

/**
 * The Batch API's jobs on the job clock: a batch is validated, its lines answered over its in_progress phase by the
 * turn pipeline (see answerLine), finalized into output and error files in the Files store, and ends completed,
 * failed, expired (past its 24-hour window) or cancelled, announcing its end on the job events. Each phase takes
 * what its deployment's `batch` settings draw.
 */
export class BatchJobs {
  readonly book: BatchBook;
  readonly enqueued = new EnqueuedTokens();
  /** Lines answered since the start, by where they went: for aoai_sim_batch_lines_total. */
  readonly lineCounts = { completed: 0, failed: 0 };
  readonly #state: StateHolder;
  readonly #files: FileStore;
  readonly #runtime: TurnRuntime;
  readonly #runs = new Map<string, Run>();
  /** Phase draws so far: each draw's seed, so that a run's phase times repeat from one start to the next. */
  #draws = 0;

  constructor(state: StateHolder, files: FileStore, runtime: TurnRuntime) {
    this.#state = state;
    this.#files = files;
    this.#runtime = runtime;
    this.book = new BatchBook(state.current.config.server.batches.maxKept);
  }

  /** Creates a batch on `resource` from a checked request, or throws the service's 404 or 400 for its input file. */
  async create(request: BatchCreateRequest, resource: Resource, headers: IncomingHttpHeaders): Promise<BatchRecord> {
    const now = this.#now();
    const file = await this.#files.get(request.inputFileId, now);
    if (!file) throw batchErrors.inputFileNotFound(request.inputFileId);
    if (file.purpose !== 'batch') throw batchErrors.inputFileNotBatch(file.id, file.purpose);
    const batch: BatchRecord = {
      id: ids.batch(),
      resource: resource.name,
      endpoint: request.endpoint,
      inputFileId: file.id,
      status: 'validating',
      createdAtMs: now,
      expiresAtMs: now + COMPLETION_WINDOW_MS,
      counts: { total: 0, completed: 0, failed: 0 },
      metadata: request.metadata,
    };
    if (request.outputExpiresAfterSeconds !== undefined) batch.outputExpiresAfterSeconds = request.outputExpiresAfterSeconds;
    this.book.maxKept = this.#state.current.config.server.batches.maxKept;
    this.book.add(batch);
    const context: LineContext = {
      batchId: batch.id,
      endpoint: batch.endpoint,
      resource,
      headers,
      runtime: this.#runtime,
      clock: this.#state.jobs,
    };
    const run = newRun(batch, context);
    this.#runs.set(batch.id, run);
    // the file's first line names the deployment whose validating time applies, before validation reads it all
    run.deployment = firstModel(await this.#files.content(file.id, now));
    this.#after(run, this.#duration(run, 'validating'), () => this.#validate(run));
    this.#after(run, batch.expiresAtMs - now, () => this.#expire(run));
    return batch;
  }

  /** Cancels a batch: cancelling now, cancelled once its deployment's `cancelling` time has passed. */
  cancel(id: string): BatchRecord {
    const batch = this.book.get(id);
    if (!batch) throw batchErrors.notFound(id);
    if (batch.status === 'cancelling' || batch.status === 'cancelled') return batch;
    const run = this.#runs.get(id);
    if (FINISHED.has(batch.status) || !run) throw batchErrors.cannotCancel(batch.status);
    this.#clearTimers(run);
    batch.status = 'cancelling';
    batch.cancellingAtMs = this.#now();
    this.#after(run, this.#duration(run, 'cancelling'), async () => {
      // a line being answered finishes first: its answer is kept, as the service keeps the work done
      await run.chain;
      await this.#finish(run, 'cancelled', run.lines.length > 0);
    });
    return batch;
  }

  /** What the batch metrics read at a scrape. */
  stats(): BatchStats {
    const byStatus: Record<string, number> = {};
    for (const batch of this.book.all()) byStatus[batch.status] = (byStatus[batch.status] ?? 0) + 1;
    return { byStatus, lines: { ...this.lineCounts }, enqueued: this.enqueued.all() };
  }

  async #validate(run: Run): Promise<void> {
    const { batch } = run;
    const content = await this.#files.content(batch.inputFileId, this.#now());
    if (batch.status !== 'validating') return;
    if (!content) return this.#fail(run, [lineErrors.inputFileGone(batch.inputFileId)]);
    const { config } = this.#state.current;
    const deployments = deploymentsOf(config, batch.resource);
    const validation = validateBatchInput(content.toString('utf8'), batch.endpoint, config.server.batches.maxLines, (name) =>
      deployments.get(name),
    );
    if (!validation.ok) return this.#fail(run, validation.errors);
    const { lines, deployment, operation } = validation.input;
    const tokens = await batchPromptTokens(lines, operation, deployment.tokenizer);
    if (batch.status !== 'validating') return;
    const queue = { resource: batch.resource, deployment: deployment.name };
    const limit = deployment.batch!.enqueuedTokens;
    if (!this.enqueued.reserve(queue, tokens, limit)) return this.#fail(run, [lineErrors.tokenLimitExceeded(limit, deployment.name)]);
    Object.assign(run, { lines, tokens, queue });
    batch.model = deployment.name;
    batch.counts.total = lines.length;
    batch.status = 'in_progress';
    batch.inProgressAtMs = this.#now();
    run.deployment = deployment.name;
    const duration = this.#duration(run, 'inProgress');
    const steps = Math.min(lines.length, MAX_STEPS);
    for (let step = 1; step <= steps; step++) {
      const upTo = Math.ceil((lines.length * step) / steps);
      this.#after(run, (duration * step) / steps, () => (run.chain = run.chain.then(() => this.#answerUpTo(run, upTo))));
    }
  }

  async #answerUpTo(run: Run, upTo: number): Promise<void> {
    const { batch } = run;
    while (run.next < upTo && batch.status === 'in_progress') {
      const answered = await answerLine(run.lines[run.next]!, run.context);
      if (batch.status !== 'in_progress' && batch.status !== 'cancelling') return;
      run.next++;
      (answered.ok ? run.output : run.errors).push(answered.text);
      batch.counts[answered.ok ? 'completed' : 'failed']++;
      this.lineCounts[answered.ok ? 'completed' : 'failed']++;
    }
    if (run.next < run.lines.length || batch.status !== 'in_progress') return;
    batch.status = 'finalizing';
    batch.finalizingAtMs = this.#now();
    this.#after(run, this.#duration(run, 'finalizing'), () => this.#finish(run, 'completed', true));
  }

  /** Past the 24-hour window: the lines not answered go to the error file as batch_expired. */
  async #expire(run: Run): Promise<void> {
    const { batch } = run;
    if (batch.status !== 'in_progress' && batch.status !== 'validating') return;
    this.#clearTimers(run);
    batch.status = 'expired';
    await run.chain;
    for (const line of run.lines.slice(run.next)) {
      run.errors.push(expiredLine(line.customId));
      batch.counts.failed++;
      this.lineCounts.failed++;
    }
    await this.#finish(run, 'expired', run.lines.length > 0);
  }

  #fail(run: Run, errors: BatchError[]): Promise<void> {
    run.batch.errors = errors;
    return this.#finish(run, 'failed', false);
  }

  /** Ends a batch: its files written (when it ran lines), its tokens given back, its end announced. */
  async #finish(run: Run, status: 'completed' | 'failed' | 'expired' | 'cancelled', withFiles: boolean): Promise<void> {
    const { batch } = run;
    this.#clearTimers(run);
    const now = this.#now();
    if (withFiles) Object.assign(batch, await saveBatchFiles(this.#files, batch, run.output, run.errors, now));
    batch.status = status;
    batch[`${status}AtMs` as const] = now;
    if (run.queue !== undefined) this.enqueued.release(run.queue, run.tokens);
    this.#runs.delete(batch.id);
    // the lines are not needed any more: a finished batch keeps only its record
    run.lines = [];
    run.output = [];
    run.errors = [];
    const type: JobEventType = `batch.${status}`;
    this.#state.jobEvents.emit({ type, id: batch.id, createdAt: Math.floor(now / 1000), resource: batch.resource });
  }

  /** A draw of how long a phase takes: the batch deployment's setting, or the schema's default before one is known. */
  #duration(run: Run, phase: BatchPhase): number {
    const name = run.deployment;
    const own = name === undefined ? undefined : deploymentsOf(this.#state.current.config, run.batch.resource).get(name)?.batch?.[phase];
    return sampler(own ?? schemaDefault<Distribution>('BatchSettings', phase), `aoai-sim-batch-${phase}-${this.#draws++}`)();
  }

  #after(run: Run, ms: number, task: () => void | Promise<void>): void {
    const handle = this.#state.jobs.setTimeout(() => {
      run.timers.delete(handle);
      return task();
    }, ms);
    run.timers.add(handle);
  }

  #clearTimers(run: Run): void {
    for (const handle of run.timers) this.#state.jobs.clearTimeout(handle);
    run.timers.clear();
  }

  #now(): number {
    return this.#state.jobs.epochMs();
  }
}

type BatchPhase = 'validating' | 'inProgress' | 'finalizing' | 'cancelling';
