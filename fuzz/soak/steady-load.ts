// A steady, open-loop load: requests go out at a fixed rate whatever the answers do, as a load test's do.
import type { Agent } from 'node:http';
import { nowMs } from '../harness/proc-stats.ts';
import type { Answer } from '../send/answer.ts';
import { sendHttp } from '../send/http-exchange.ts';
import { soakRequest, type SoakRequest } from './soak-requests.ts';

const TICK_MS = 10;

/** What one sampling interval saw. */
export interface IntervalStats {
  sent: number;
  answered: number;
  left: number;
  errors: number;
  /** Requests the generator could not send because too many were in flight: the load fell behind its rate. */
  skipped: number;
  p50Ms: number;
  p99Ms: number;
}

export class SteadyLoad {
  /** Every error, by what it was, with the first example of each. */
  readonly errors = new Map<string, { count: number; example: string }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly storedIds: string[] = [];
  private sent = 0;
  private interval = { sent: 0, answered: 0, left: 0, errors: 0, skipped: 0, latencies: [] as number[] };
  private timer: NodeJS.Timeout | undefined;
  private startedMs = 0;
  private readonly port: number;
  private readonly agent: Agent;
  private readonly key: string;
  private readonly rate: number;
  private readonly maxInFlight: number;

  constructor(port: number, agent: Agent, key: string, rate: number, maxInFlight: number) {
    this.port = port;
    this.agent = agent;
    this.key = key;
    this.rate = rate;
    this.maxInFlight = maxInFlight;
  }

  start(): void {
    this.startedMs = nowMs();
    this.timer = setInterval(() => {
      const due = Math.floor(((nowMs() - this.startedMs) / 1000) * this.rate);
      while (this.sent < due) {
        this.sent++;
        if (this.inFlight.size >= this.maxInFlight) {
          this.interval.skipped++;
          continue;
        }
        this.send(soakRequest(this.sent, this.key, this.storedIds));
      }
    }, TICK_MS);
  }

  /** Stops sending, and waits (up to `graceMs`) for what is in flight. */
  async stop(graceMs = 30_000): Promise<void> {
    clearInterval(this.timer);
    await Promise.race([Promise.all(this.inFlight), new Promise((resolve) => setTimeout(resolve, graceMs))]);
  }

  /** The counts since the last call. */
  take(): IntervalStats {
    const { latencies, ...counts } = this.interval;
    latencies.sort((a, b) => a - b);
    const at = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0);
    this.interval = { sent: 0, answered: 0, left: 0, errors: 0, skipped: 0, latencies: [] };
    return { ...counts, p50Ms: at(0.5), p99Ms: at(0.99) };
  }

  /** The connections the load holds open to the simulator now. */
  openConnections(): number {
    const count = (pool: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(pool).reduce((sum, sockets) => sum + (sockets?.length ?? 0), 0);
    return count(this.agent.sockets) + count(this.agent.freeSockets);
  }

  get totalErrors(): number {
    let total = 0;
    for (const { count } of this.errors.values()) total += count;
    return total;
  }

  private send(soak: SoakRequest): void {
    this.interval.sent++;
    const promise = sendHttp(this.port, this.agent, soak.request, {}).then(
      (answer) => this.judge(soak, answer),
      (error: unknown) => this.error(`${soak.kind}: ${(error as Error).message}`, ''),
    );
    const tracked = promise.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private judge(soak: SoakRequest, answer: Answer): void {
    if (soak.leaves && answer.outcome === 'left') {
      this.interval.left++;
      return;
    }
    if (answer.outcome !== 'answered' || answer.status !== 200) {
      this.error(
        `${soak.kind}: ${answer.status || answer.outcome}`,
        `${answer.error ?? ''} ${answer.body.subarray(0, 200).toString('utf8')}`,
      );
      return;
    }
    this.interval.answered++;
    if (soak.request.body && !soak.kind.includes('stream')) this.interval.latencies.push(answer.endedMs - answer.startedMs);
    if (soak.kind === 'responses') {
      const id = /"id":"(resp_[A-Za-z0-9]+)"/.exec(answer.body.subarray(0, 200).toString('latin1'))?.[1];
      if (id) this.storedIds.push(id);
      if (this.storedIds.length > 20) this.storedIds.shift();
    }
  }

  private error(kind: string, example: string): void {
    this.interval.errors++;
    const known = this.errors.get(kind);
    if (known) known.count++;
    else this.errors.set(kind, { count: 1, example: example.trim().slice(0, 300) });
  }
}
