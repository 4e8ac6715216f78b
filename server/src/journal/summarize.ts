import type { JournalSummary } from './journal-types.ts';
import type { StoredEntry } from './stored-entry.ts';

/**
 * An entry's summary: who asked what and how it was answered, without headers or bodies, so that a feed of the
 * newest requests stays small; the bodies are for GET /__sim/journal, redacted there as here.
 */
export function summarize(stored: StoredEntry): JournalSummary {
  const summary: JournalSummary = {
    id: stored.id,
    time: stored.time ?? new Date(stored.timeMs).toISOString(),
    method: stored.method,
    path: stored.path,
    stream: stored.stream,
    status: stored.status,
    latency: stored.ttftMs === undefined ? { totalMs: stored.totalMs } : { ttftMs: stored.ttftMs, totalMs: stored.totalMs },
  };
  if (stored.deployment !== undefined) summary.deployment = stored.deployment;
  if (stored.resource !== undefined) summary.resource = stored.resource;
  if (stored.operation !== undefined) summary.operation = stored.operation;
  if (stored.testId !== undefined) summary.testId = stored.testId;
  if (stored.tokens !== undefined) summary.tokens = { ...stored.tokens };
  if (stored.limiter !== undefined) summary.limiter = { ...stored.limiter };
  if (stored.rule !== undefined) summary.rule = stored.rule;
  if (stored.cassette !== undefined) summary.cassette = stored.cassette;
  if (stored.fault !== undefined) summary.fault = stored.fault;
  if (stored.errorCode !== undefined) summary.errorCode = stored.errorCode;
  return summary;
}
