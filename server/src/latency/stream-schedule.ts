import type { RequestTiming } from './latency-plan.ts';
import type { Schedule } from './pacer.ts';

/**
 * The schedule of a stream under `timing`. `tokensOf` says how many tokens an item carries. Items without
 * tokens (the prompt annotations, the role chunk, the finish and usage chunks, `[DONE]`) go out with the
 * item before them, so a preamble goes at once; the first item with tokens comes at TTFT, and each later one
 * tokens × ITL after the one before, with one ITL draw per chunk. Stateful: for one stream, read in order.
 */
export function streamSchedule<T>(timing: RequestTiming, tokensOf: (item: T) => number): Schedule<T> {
  if (timing.zero) return () => 0;
  let offset = 0;
  let started = false;
  return (_index, item) => {
    const tokens = tokensOf(item);
    if (tokens <= 0) return offset;
    if (started) offset += tokens * timing.itlMs();
    else {
      started = true;
      offset = timing.ttftMs();
    }
    return offset;
  };
}
