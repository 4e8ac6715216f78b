import type { LineContext } from './answer-line.ts';
import type { BatchLine } from './batch-input.ts';
import type { BatchRecord } from './batch-record.ts';
import type { QueueAddress } from './enqueued-tokens.ts';

/** What a running batch holds besides its record: its timers, its lines and what they were answered. */
export interface Run {
  batch: BatchRecord;
  context: LineContext;
  timers: Set<unknown>;
  lines: BatchLine[];
  next: number;
  output: string[];
  errors: string[];
  /** The batch deployment its phases are timed by: the first line's until validation finds the file's. */
  deployment: string | undefined;
  /** The enqueued tokens it holds, and where. */
  tokens: number;
  queue: QueueAddress | undefined;
  /** The answering under way: steps wait for the one before. */
  chain: Promise<void>;
}

/** A batch's run as it starts: nothing validated, nothing answered. */
export function newRun(batch: BatchRecord, context: LineContext): Run {
  return {
    batch,
    context,
    timers: new Set(),
    deployment: undefined,
    lines: [],
    next: 0,
    output: [],
    errors: [],
    tokens: 0,
    queue: undefined,
    chain: Promise.resolve(),
  };
}

/** The deployment the first request of a batch file names, if it can be read. */
export function firstModel(content: Buffer | undefined): string | undefined {
  if (!content) return undefined;
  const text = content.toString('utf8', 0, Math.min(content.length, FIRST_LINE_BYTES));
  const first = text.split('\n').find((row) => row.trim() !== '');
  try {
    const model = (JSON.parse(first ?? '') as { body?: { model?: unknown } }).body?.model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/** How much of a file is read for its first line: a line longer than this names no deployment for the timing. */
const FIRST_LINE_BYTES = 1 << 20;
