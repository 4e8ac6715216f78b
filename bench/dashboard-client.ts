/**
 * A dashboard page's load on a simulator, for `npm run bench:dashboard`: the live feed (GET /__sim/ui/events)
 * read and discarded for as long as the benchmark runs, as an open page reads it. The reading happens in the
 * bench's process, on the load generator's core, so what the figures show is the simulator's side of it: a
 * snapshot made and sent once a second.
 */
export interface DashboardClient {
  /** Snapshots received so far: 0 at the end would mean the page saw nothing, and the run measured nothing. */
  snapshots(): number;
  /** The mean CPU ms the simulator says a snapshot cost it (DashboardSnapshot.costMs); NaN before the second. */
  meanCostMs(): number;
  stop(): void;
}

export async function connectDashboard(url: string): Promise<DashboardClient> {
  const aborter = new AbortController();
  const response = await fetch(`${url}/__sim/ui/events`, { signal: aborter.signal });
  if (!response.ok || !response.body) throw new Error(`the dashboard feed answered ${response.status}`);
  let snapshots = 0;
  let costs = 0;
  let costMs = 0;
  let pending = '';
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        snapshots += value.split('event: snapshot').length - 1;
        // a frame may come in pieces: only whole ones are read for the cost the simulator reports in each
        const frames = (pending + value).split('\n\n');
        pending = frames.pop()!;
        for (const frame of frames) {
          const cost = /"costMs":([\d.]+)/.exec(frame);
          if (!cost) continue;
          costs++;
          costMs += Number(cost[1]);
        }
      }
    } catch {
      // aborted by stop(), or the simulator went away
    }
  })();
  return { snapshots: () => snapshots, meanCostMs: () => costMs / costs, stop: () => aborter.abort() };
}
