import type { OperationResult } from '../operations/types.ts';
import type { Turn } from './turn.ts';
import type { TurnRuntime } from './turn-runtime.ts';

/**
 * The answer's usage, once known: noted for the journal, and settled with the limiter (a provisioned bucket is
 * corrected by what the answer used over its estimate). A stream counts as in flight until it ends.
 */
export function settle(turn: Turn, result: OperationResult, runtime: Pick<TurnRuntime, 'limits' | 'metrics'>): Promise<void> | undefined {
  const usage = 'usage' in result ? result.usage : undefined;
  if (result.kind === 'sse') turn.reply.onClose(runtime.metrics.streamStarted(turn.identity));
  if (!usage) return undefined;
  turn.notes.usage = usage;
  const { admission } = turn;
  // cached prompt tokens count nothing toward a provisioned deployment's utilization (the Azure prompt caching
  // page: "up to 100% discount on input tokens for Provisioned"); standard quotas are charged the estimate anyway
  const charged = usage.promptTokens - (usage.cachedTokens ?? 0) + usage.completionTokens;
  return admission && runtime.limits.settle(admission.admission, charged);
}
