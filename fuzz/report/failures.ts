// Failures found in a run, grouped so that ten thousand of one kind read as one line with a count.
import type { SentRequest } from '../send/answer.ts';

export type FailureKind =
  | 'crash'
  | 'stall'
  | 'rss-growth'
  | 'rss-ceiling'
  | 'server-error'
  | 'bad-shape'
  | 'insides-shown'
  | 'data-plane-auth-bypass'
  | 'control-auth-bypass'
  | 'secret-leak'
  | 'secret-in-log'
  | 'upstream-redirect'
  | 'write-outside'
  | 'read-outside'
  | 'existence-oracle'
  | 'hang-fault'
  | 'wrong-413'
  | 'dropped'
  | 'unanswered'
  | 'startup'
  /** The harness itself threw: a bug in the fuzzer, reported so that it cannot hide one in the server. */
  | 'harness-error';

/** One failure, with what reproduces it. */
export interface Failure {
  kind: FailureKind;
  detail: string;
  /** The configuration it happened in (see configurations.ts). */
  configuration: string;
  /** `configuration:index` or `configuration:crafted-name`: `--case` sends it again on its own. */
  caseId?: string;
  family?: string;
  request?: SentRequest;
  /** The answer's status and start, and the request id the server log knows it by. */
  answer?: { status: number; excerpt: string; requestId?: string };
  /** What the server logged about it (a 500's cause). */
  serverLog?: string;
  /** When the request was in flight. */
  window?: { fromMs: number; toMs: number };
  /** For stalls and crashes: the requests in flight at the time. */
  inFlight?: string[];
}

export interface FailureGroup {
  signature: string;
  count: number;
  first: Failure;
  configurations: Set<string>;
}

/** Collects failures, keeping the first of each signature and a count; memory stays bounded on long runs. */
export class FailureLog {
  private readonly groups = new Map<string, FailureGroup>();
  private static readonly MAX_GROUPS = 2_000;

  add(failure: Failure): void {
    const signature = signatureOf(failure);
    const group = this.groups.get(signature);
    if (group) {
      group.count++;
      group.configurations.add(failure.configuration);
    } else if (this.groups.size < FailureLog.MAX_GROUPS) {
      this.groups.set(signature, { signature, count: 1, first: failure, configurations: new Set([failure.configuration]) });
    }
  }

  get size(): number {
    return this.groups.size;
  }

  /** Groups by kind, in the order kinds are listed in FailureKind (the gravest first). */
  byKind(): Map<FailureKind, FailureGroup[]> {
    const kinds = new Map<FailureKind, FailureGroup[]>();
    for (const group of this.groups.values()) {
      const list = kinds.get(group.first.kind) ?? [];
      list.push(group);
      kinds.set(group.first.kind, list);
    }
    return kinds;
  }
}

/**
 * What makes two failures the same: the kind, the family of case, and the detail with its numbers, ids and
 * quoted values taken out (a 500 at n = 1e308 and at n = 1e309 is one finding).
 */
function signatureOf(failure: Failure): string {
  const detail = failure.detail
    .replace(/"[^"]{0,200}"/g, '"…"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d+(\.\d+)?/g, 'N')
    .slice(0, 160);
  return `${failure.kind}|${failure.family ?? ''}|${detail}`;
}
