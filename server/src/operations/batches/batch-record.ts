/** A batch's status, as the service names them. */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** The statuses a batch ends in: nothing changes it after. */
export const FINISHED: ReadonlySet<BatchStatus> = new Set(['failed', 'completed', 'expired', 'cancelled']);

/** One entry of a failed batch's `errors.data`, as the service writes it. */
export interface BatchError {
  code: string;
  message: string;
  line: number | null;
  param: string | null;
}

/** What the simulator keeps of a batch. Times are epoch milliseconds on the job clock. */
export interface BatchRecord {
  id: string;
  /** The resource it was created on (`default`: the simulator's own). */
  resource: string;
  endpoint: string;
  inputFileId: string;
  status: BatchStatus;
  createdAtMs: number;
  expiresAtMs: number;
  inProgressAtMs?: number;
  finalizingAtMs?: number;
  completedAtMs?: number;
  failedAtMs?: number;
  expiredAtMs?: number;
  cancellingAtMs?: number;
  cancelledAtMs?: number;
  errors?: BatchError[];
  outputFileId?: string;
  errorFileId?: string;
  counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
  /** The batch deployment its lines name, once validated. */
  model?: string;
  /** How long its output and error files are kept, from their creation: `output_expires_after.seconds`. */
  outputExpiresAfterSeconds?: number;
}

/** The completion window the service takes, the only one: 24 hours. */
export const COMPLETION_WINDOW_MS = 24 * 60 * 60 * 1000;

const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : Math.floor(ms / 1000));

/** A batch as the Batch API answers it (create, retrieve, list, cancel): every field, null while it has no value. */
export function batchObject(batch: BatchRecord) {
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    errors: batch.errors === undefined ? null : { object: 'list', data: batch.errors },
    input_file_id: batch.inputFileId,
    completion_window: '24h',
    status: batch.status,
    output_file_id: batch.outputFileId ?? null,
    error_file_id: batch.errorFileId ?? null,
    created_at: seconds(batch.createdAtMs),
    in_progress_at: seconds(batch.inProgressAtMs),
    expires_at: seconds(batch.expiresAtMs),
    finalizing_at: seconds(batch.finalizingAtMs),
    completed_at: seconds(batch.completedAtMs),
    failed_at: seconds(batch.failedAtMs),
    expired_at: seconds(batch.expiredAtMs),
    cancelling_at: seconds(batch.cancellingAtMs),
    cancelled_at: seconds(batch.cancelledAtMs),
    request_counts: { total: batch.counts.total, completed: batch.counts.completed, failed: batch.counts.failed },
    metadata: batch.metadata,
    model: batch.model ?? null,
  };
}
