// What the soak samples every interval: the process from /proc, the journal and the metrics from the simulator.
import { Agent } from 'node:http';
import { fdKinds, rssKiB } from '../harness/proc-stats.ts';
import { sendHttp } from '../send/http-exchange.ts';
import type { IntervalStats } from './steady-load.ts';

export interface SoakSample extends IntervalStats {
  /** Seconds since the load started. */
  atS: number;
  rssMiB: number;
  fds: number;
  /** The simulator's sockets (the listener, the load's connections, the sampler's). */
  sockets: number;
  /** Its other descriptors: the log, pipes, event and epoll fds. A leaked file handle grows these. */
  otherFds: number;
  /** The load's open connections at the time, as its client sees them. */
  connections: number;
  /** sockets less connections: a socket the simulator never closes grows this. */
  socketsBeyondConnections: number;
  journalEntries?: number;
  journalMiB?: number;
  /** aoai_sim_requests_total, summed over its labels. */
  requestsTotal?: number;
  streamsInFlight?: number;
  /** Errors since the start. */
  errorsSoFar: number;
}

/** Reads the simulator's state without touching the load's connections. */
export class Sampler {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly pid: number;
  private readonly port: number;
  private readonly adminKey: string;

  constructor(pid: number, port: number, adminKey: string) {
    this.pid = pid;
    this.port = port;
    this.adminKey = adminKey;
  }

  async sample(atS: number, interval: IntervalStats, errorsSoFar: number, connections: number): Promise<SoakSample> {
    const rss = rssKiB(this.pid) ?? 0;
    const { sockets, other } = fdKinds(this.pid) ?? { sockets: 0, other: 0 };
    const sample: SoakSample = {
      atS,
      rssMiB: Math.round((rss / 1024) * 10) / 10,
      fds: sockets + other,
      sockets,
      otherFds: other,
      connections,
      socketsBeyondConnections: sockets - connections,
      errorsSoFar,
      ...interval,
    };
    const journal = await sendHttp(
      this.port,
      this.agent,
      { method: 'GET', target: '/__sim/journal?limit=0', headers: { 'x-sim-admin-key': this.adminKey }, timeoutMs: 10_000 },
      {},
    );
    if (journal.status === 200) {
      const stats = (JSON.parse(journal.body.toString('utf8')) as { stats?: { entries: number; bytes: number } }).stats;
      if (stats) Object.assign(sample, { journalEntries: stats.entries, journalMiB: Math.round((stats.bytes / 1048576) * 10) / 10 });
    }
    const metrics = await sendHttp(this.port, this.agent, { method: 'GET', target: '/metrics', headers: {}, timeoutMs: 10_000 }, {});
    if (metrics.status === 200) {
      const text = metrics.body.toString('utf8');
      sample.requestsTotal = sum(text, 'aoai_sim_requests_total');
      sample.streamsInFlight = sum(text, 'aoai_sim_streams_in_flight');
    }
    return sample;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The sum of a metric over all its label sets, from Prometheus text. */
function sum(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}
