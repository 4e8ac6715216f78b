// Whether a soak passed, and its series as a table.
import type { SoakSample } from './samples.ts';

export interface SoakBounds {
  warmupS: number;
  /** After warm-up, every RSS sample within this share of their mean (0.05: ±5%). */
  rssBand: number;
  /**
   * After warm-up, the simulator's descriptors other than sockets may vary by at most this many, and its sockets
   * beyond the load's connections may rise at most this many above their median (they dip when the client still
   * holds a connection the server has closed as idle, which is no leak).
   */
  fdSpread: number;
}

export interface SoakVerdict {
  passed: boolean;
  reasons: string[];
  rssMeanMiB: number;
  rssMinMiB: number;
  rssMaxMiB: number;
  otherFdsMin: number;
  otherFdsMax: number;
  socketsBeyondMedian: number;
  socketsBeyondMax: number;
}

/** Passes when, after warm-up, RSS stays in its band, descriptors stay flat, and nothing failed. */
export function judgeSoak(samples: readonly SoakSample[], bounds: SoakBounds, errors: number, crashed: string | undefined): SoakVerdict {
  const after = samples.filter((sample) => sample.atS > bounds.warmupS);
  const rss = after.map((sample) => sample.rssMiB);
  const others = after.map((sample) => sample.otherFds);
  const beyond = after.map((sample) => sample.socketsBeyondConnections).sort((a, b) => a - b);
  const mean = rss.reduce((sum, value) => sum + value, 0) / Math.max(1, rss.length);
  const verdict: SoakVerdict = {
    passed: true,
    reasons: [],
    rssMeanMiB: Math.round(mean * 10) / 10,
    rssMinMiB: Math.min(...rss),
    rssMaxMiB: Math.max(...rss),
    otherFdsMin: Math.min(...others),
    otherFdsMax: Math.max(...others),
    socketsBeyondMedian: beyond[Math.floor(beyond.length / 2)] ?? 0,
    socketsBeyondMax: beyond[beyond.length - 1] ?? 0,
  };
  const fail = (reason: string) => {
    verdict.passed = false;
    verdict.reasons.push(reason);
  };
  if (crashed) fail(`the simulator exited: ${crashed}`);
  if (after.length < 3) fail(`only ${after.length} samples after the ${bounds.warmupS} s warm-up: run longer`);
  const outside = after.filter((sample) => Math.abs(sample.rssMiB - mean) > mean * bounds.rssBand);
  if (outside.length > 0)
    fail(
      `RSS left ±${bounds.rssBand * 100}% of its post-warm-up mean (${verdict.rssMeanMiB} MiB) at ${outside.map((s) => `${s.atS} s (${s.rssMiB} MiB)`).join(', ')}`,
    );
  if (verdict.otherFdsMax - verdict.otherFdsMin > bounds.fdSpread)
    fail(
      `descriptors other than sockets ranged ${verdict.otherFdsMin}-${verdict.otherFdsMax} after warm-up, more than ${bounds.fdSpread} apart`,
    );
  if (verdict.socketsBeyondMax - verdict.socketsBeyondMedian > bounds.fdSpread)
    fail(
      `sockets beyond the load's connections rose to ${verdict.socketsBeyondMax}, ${bounds.fdSpread}+ over their median ${verdict.socketsBeyondMedian}`,
    );
  if (errors > 0) fail(`${errors} requests were not answered as expected`);
  const skipped = samples.reduce((sum, sample) => sum + sample.skipped, 0);
  if (skipped > 0) fail(`${skipped} requests were not sent because the load fell behind its rate: the figures are not at the rate asked`);
  return verdict;
}

const COLUMNS: ReadonlyArray<readonly [string, (sample: SoakSample) => string | number | undefined]> = [
  ['t (s)', (s) => s.atS],
  ['RSS (MiB)', (s) => s.rssMiB],
  ['fds', (s) => s.fds],
  ['sockets', (s) => s.sockets],
  ['other fds', (s) => s.otherFds],
  ['connections', (s) => s.connections],
  ['req/s', (s) => s.sent],
  ['answered', (s) => s.answered],
  ['left mid-stream', (s) => s.left],
  ['errors (total)', (s) => s.errorsSoFar],
  ['p50 (ms)', (s) => s.p50Ms],
  ['p99 (ms)', (s) => s.p99Ms],
  ['streams open', (s) => s.streamsInFlight],
  ['journal entries', (s) => s.journalEntries],
  ['journal (MiB)', (s) => s.journalMiB],
  ['requests (metrics)', (s) => s.requestsTotal],
];

/** The series as a Markdown table; `req/s` is the interval's sends divided by its length. */
export function seriesTable(samples: readonly SoakSample[], intervalS: number): string {
  const header = `| ${COLUMNS.map(([name]) => name).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---:').join('|')}|`;
  const rows = samples.map(
    (sample) =>
      `| ${COLUMNS.map(([name, read]) => (name === 'req/s' ? Math.round(sample.sent / intervalS) : (read(sample) ?? '')).toString()).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}
