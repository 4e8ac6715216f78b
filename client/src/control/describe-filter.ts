import type { JournalFilter } from './types.ts';

/**
 * A filter in words, for failure messages: what was asked about, so a typo in it is visible next to what was seen.
 *
 * @example
 *   describeFilter({ deployment: 'chat', operation: 'chat', status: { gte: 400 } });
 *   // 'deployment "chat", operation chat, status ≥ 400'
 */
export function describeFilter(filter: JournalFilter): string {
  const parts: string[] = [];
  if (filter.deployment !== undefined) parts.push(`deployment "${filter.deployment}"`);
  if (filter.resource !== undefined) parts.push(`resource "${filter.resource}"`);
  if (filter.region !== undefined) parts.push(`region "${filter.region}"`);
  if (filter.operation !== undefined) parts.push(`operation ${filter.operation}`);
  if (typeof filter.status === 'number') parts.push(`status ${filter.status}`);
  else if (filter.status !== undefined) parts.push(statusRange(filter.status));
  if (filter.testId !== undefined) parts.push(`test id "${filter.testId}"`);
  if (filter.rule !== undefined) parts.push(`rule "${filter.rule}"`);
  if (filter.stream !== undefined) parts.push(filter.stream ? 'streamed' : 'not streamed');
  if (filter.since !== undefined) parts.push(`since ${instant(filter.since)}`);
  if (filter.until !== undefined) parts.push(`before ${instant(filter.until)}`);
  return parts.length === 0 ? 'any call' : parts.join(', ');
}

function statusRange({ gte, lte }: { gte?: number; lte?: number }): string {
  if (gte !== undefined && lte !== undefined) return `status ${gte}–${lte}`;
  if (gte !== undefined) return `status ≥ ${gte}`;
  return lte === undefined ? 'any status' : `status ≤ ${lte}`;
}

function instant(value: string | number | Date): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
