import type { DashboardSnapshot } from '../../src/dashboard/index.ts';
import { ADMIN_KEY_HEADER, AdminKeyNeeded, adminKey } from './control-api.ts';

/** The snapshot the simulator pushes once a second (see server/src/dashboard). */
export type Snapshot = DashboardSnapshot;

/**
 * Reads the live feed (server-sent events) with fetch rather than EventSource, which cannot send the admin key
 * in a header; resolves when the stream ends, rejects with AdminKeyNeeded on a 401.
 */
export async function readFeed(onSnapshot: (snapshot: Snapshot) => void, signal: AbortSignal): Promise<void> {
  const key = adminKey();
  const response = await fetch('/__sim/ui/events', { headers: key === null ? {} : { [ADMIN_KEY_HEADER]: key }, signal });
  if (response.status === 401) throw new AdminKeyNeeded();
  if (!response.ok || !response.body) throw new Error(`The live feed answered ${response.status}.`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (frame.startsWith('event: snapshot') && data) onSnapshot(JSON.parse(data) as Snapshot);
    }
  }
}
