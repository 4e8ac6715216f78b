import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits, when less than `needMs` is left of the wall-clock minute, for the next minute to begin. A deployment with
 * `window: per-minute` counts from zero again at each wall-clock minute, as the service's running count does: a
 * test whose requests must share one such minute (a 429 expected after a few, a quota seen used) fails when a
 * minute boundary falls between them, a few percent of its runs.
 */
export async function withinOneMinute(needMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 50);
}
