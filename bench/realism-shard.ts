/**
 * One share of a realism case's streams, in a process of its own (bench/realism-streams.ts starts these when a
 * case needs more sockets than one process may open): streams `shard`, `shard + shards`, … of the case, each
 * started at its place in the ramp from `startAt` (epoch ms, the same for every share). Writes what they saw to
 * `out` as JSON, times as epoch ms, so that the shares' tallies can be joined.
 *
 *   node bench/realism-shard.ts '{"port":…,"spec":{…},"client":"raw","shard":0,"shards":3,"startAt":…,"out":"…"}'
 */
import { writeFileSync } from 'node:fs';
import { rampStreams, type StreamCase, type StreamTally } from './stream-client.ts';

export interface ShardTask {
  port: number;
  spec: StreamCase;
  client: 'raw' | 'http';
  shard: number;
  shards: number;
  /** When the case's ramp starts, epoch ms. */
  startAt: number;
  out: string;
}

/** A share's tally as written: gap arrival times as epoch ms. */
export type ShardTally = StreamTally & { cpuMs: number };

const task = JSON.parse(process.argv[2] ?? '{}') as ShardTask;
const { spec } = task;
const tally: StreamTally = { gaps: [], ttfts: [], heads: [], connects: [], failures: [], open: 0, peakOpen: 0 };
const cpu = process.cpuUsage();
await rampStreams(task.port, spec, task.client, tally, task.startAt, task.shard, task.shards);
const used = process.cpuUsage(cpu);
const origin = performance.timeOrigin;
const written: ShardTally = {
  ...tally,
  gaps: tally.gaps.map(([at, error]) => [at + origin, error]),
  cpuMs: (used.user + used.system) / 1000,
};
writeFileSync(task.out, JSON.stringify(written));
