// Which request caused a stall: each case in flight at the time is sent again alone until one stalls again.
import type { ProbeStall } from '../harness/probe.ts';
import { nowMs } from '../harness/proc-stats.ts';
import type { SentRequest } from '../send/answer.ts';
import type { InFlight } from './in-flight.ts';

/** The case a stall was traced to. */
export interface Culprit {
  caseId: string;
  family: string;
  summary: string;
  request?: SentRequest;
  /** How it is known. */
  evidence: 'the only request in flight' | 'stalled again when sent alone';
}

export interface BlameInput {
  stalls: readonly ProbeStall[];
  inFlight: InFlight;
  /** The probe's stalls so far, read live: what a re-sent case caused is what appears after it. */
  probeStalls: readonly ProbeStall[];
  /** Sends a case again, alone, with nothing judged. */
  rerun: (caseId: string) => Promise<void>;
  /** Families never sent again (the memory case takes seconds and 56 MiB). */
  skip: (family: string) => boolean;
  deadlineMs: number;
}

/** How many stalls a phase traces; the rest keep the likeliest suspect. */
const TRACED_PER_PHASE = 10;

/**
 * Traces up to ten stalls to the case that causes them. With several requests in flight, the one sent last
 * before the block is only the likeliest; sending each again alone, watched by the same probe, finds the one
 * that holds the loop by itself, and its case id then sends it again for anyone. A case found innocent is not
 * sent again for the next stall.
 */
export async function blameStalls(input: BlameInput): Promise<Map<ProbeStall, Culprit>> {
  const culprits = new Map<ProbeStall, Culprit>();
  const verdicts = new Map<string, boolean>();
  for (const stall of input.stalls.slice(0, TRACED_PER_PHASE)) {
    const blockedFromMs = stall.endMs - stall.effectiveMs;
    const candidates = input.inFlight.candidates(blockedFromMs, stall.endMs).filter((exchange) => !input.skip(exchange.family));
    if (candidates.length === 0) continue;
    const alone = candidates.length === 1;
    let found = alone ? candidates[0] : undefined;
    for (const candidate of alone ? [] : candidates) {
      if (nowMs() > input.deadlineMs) break;
      let stalled = verdicts.get(candidate.caseId);
      if (stalled === undefined) {
        const before = input.probeStalls.length;
        await input.rerun(candidate.caseId);
        // the probe reports a stall once its answer comes: give it a moment
        await new Promise((resolve) => setTimeout(resolve, 50));
        stalled = input.probeStalls.length > before;
        verdicts.set(candidate.caseId, stalled);
      }
      if (stalled) {
        found = candidate;
        break;
      }
    }
    if (found) {
      const evidence = alone ? 'the only request in flight' : 'stalled again when sent alone';
      culprits.set(stall, {
        caseId: found.caseId,
        family: found.family,
        summary: found.summary,
        evidence,
        ...(found.request ? { request: found.request } : {}),
      });
    }
  }
  return culprits;
}
