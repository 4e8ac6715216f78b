import type { DashboardSnapshot } from './dashboard-snapshot.ts';

/** A page's view of the live feed, for tests: the snapshots as they come, and a way to hang up. */
export interface FeedReader {
  status: number;
  contentType: string | null;
  /** The next snapshot; rejects when the stream ends first. */
  next(): Promise<DashboardSnapshot>;
  /** The first snapshot that `wanted` accepts, reading at most `max` of them. */
  until(wanted: (snapshot: DashboardSnapshot) => boolean, max?: number): Promise<DashboardSnapshot>;
  close(): void;
}

/** Opens GET /__sim/ui/events as the page does (fetch, so that the admin key can go in a header). */
export async function openFeed(url: string, headers: Record<string, string> = {}): Promise<FeedReader> {
  const aborter = new AbortController();
  const response = await fetch(`${url}/__sim/ui/events`, { headers, signal: aborter.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const next = async (): Promise<DashboardSnapshot> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (frame.includes('event: snapshot') && data) return JSON.parse(data.slice(6)) as DashboardSnapshot;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the feed ended');
      buffered += value;
    }
  };
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    next,
    async until(wanted, max = 20) {
      for (let i = 0; i < max; i++) {
        const snapshot = await next();
        if (wanted(snapshot)) return snapshot;
      }
      throw new Error(`no snapshot of ${max} was the one wanted`);
    },
    close: () => aborter.abort(),
  };
}
