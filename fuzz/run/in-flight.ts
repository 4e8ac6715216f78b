// Which requests were in flight when: what a stall or a crash is blamed on.
import type { SentRequest } from '../send/answer.ts';

export interface Exchange {
  caseId: string;
  family: string;
  /** The request, as a failure keeps it: a stall traced to it shows what was sent. */
  request?: SentRequest;
  summary: string;
  startedMs: number;
  /** Undefined while in flight. */
  endedMs?: number;
}

const RECENT_KEPT = 4_000;
/** The fuzzer's clock reads a send a moment after the simulator may have begun on it. */
const SLACK_MS = 5;

/** Requests in flight, and the most recent finished ones, so that a stall seen later can be matched to them. */
export class InFlight {
  private readonly active = new Set<Exchange>();
  private readonly recent: Exchange[] = [];

  start(caseId: string, family: string, summary: string, startedMs: number, request?: SentRequest): Exchange {
    const exchange: Exchange = { caseId, family, summary, startedMs, ...(request ? { request } : {}) };
    this.active.add(exchange);
    return exchange;
  }

  end(exchange: Exchange, endedMs: number): void {
    exchange.endedMs = endedMs;
    this.active.delete(exchange);
    this.recent.push(exchange);
    if (this.recent.length > RECENT_KEPT * 2) this.recent.splice(0, this.recent.length - RECENT_KEPT);
  }

  get count(): number {
    return this.active.size;
  }

  /**
   * The requests in flight while the event loop was blocked (from `blockedFromMs` to `toMs`), the likeliest cause
   * first: the one that arrived last before the block began (whatever blocks the loop was read just before it
   * stopped turning), then the others by start.
   */
  during(blockedFromMs: number, toMs: number, limit = 5): string[] {
    const overlapping = this.overlapping(blockedFromMs, toMs);
    const suspect = this.suspect(blockedFromMs, toMs);
    const ordered = suspect ? [suspect, ...overlapping.filter((exchange) => exchange !== suspect)] : overlapping;
    const shown = ordered
      .slice(0, limit)
      .map((exchange) => `${exchange.caseId} ${exchange.summary} (${sentWhen(Math.round(blockedFromMs - exchange.startedMs))})`);
    if (ordered.length > limit) shown.push(`… and ${ordered.length - limit} more`);
    return shown;
  }

  /**
   * The distinct cases that could have caused a block, the likeliest first: sent before it began (a request sent
   * once the loop was held could not be read until it was free), and not more than `recentMs` before (by then
   * their request had long been read).
   */
  candidates(blockedFromMs: number, toMs: number, recentMs = 3_000): Exchange[] {
    const arrived = this.overlapping(blockedFromMs, toMs).filter((exchange) => exchange.startedMs <= blockedFromMs + SLACK_MS);
    const seen = new Set<string>();
    return arrived.reverse().filter((exchange) => {
      if (seen.has(exchange.caseId) || exchange.startedMs < blockedFromMs - recentMs) return false;
      seen.add(exchange.caseId);
      return true;
    });
  }

  /** The family of the likeliest cause of a block (see during): what a stall's failures are grouped by. */
  suspectFamily(blockedFromMs: number, toMs: number): string | undefined {
    return this.suspect(blockedFromMs, toMs)?.family;
  }

  private suspect(blockedFromMs: number, toMs: number): Exchange | undefined {
    const arrivedBefore = this.overlapping(blockedFromMs, toMs).filter((exchange) => exchange.startedMs <= blockedFromMs + SLACK_MS);
    return arrivedBefore[arrivedBefore.length - 1];
  }

  private overlapping(fromMs: number, toMs: number): Exchange[] {
    const found = [...this.recent, ...this.active].filter(
      (exchange) => exchange.startedMs < toMs && (exchange.endedMs ?? Infinity) > fromMs,
    );
    return found.sort((a, b) => a.startedMs - b.startedMs);
  }
}

function sentWhen(beforeMs: number): string {
  return beforeMs >= 0 ? `sent ${beforeMs} ms before the block` : `sent ${-beforeMs} ms into it, so not its cause`;
}
