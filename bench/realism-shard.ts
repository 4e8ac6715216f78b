/**
 * One share of a realism case's streams, in a process of its own (bench/realism-streams.ts starts these when a
 * case needs more sockets than one process may open): streams `shard`, `shard + shards`, … of the case, each
 * started at its place in the ramp from `startAt` (epoch ms, the same for every share). Writes what they saw to
 * `out` as JSON, times as epoch ms, so that the shares' tallies can be joined.
 *
 *   node bench/realism-shard.ts '{"port":…,"spec":{…},"client":"raw","shard":0,"shards":3,"startAt":…,"out":"…"}'
 */
import { writeFileSync } from 'node:fs';
import { httpStream, rawStream, type StreamCase, type StreamTally } from './stream-client.ts';

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
const tally: StreamTally = { gaps: [], ttfts: [], heads: [], failures: [], open: 0, peakOpen: 0 };
const cpu = process.cpuUsage();
const streams: Promise<void>[] = [];
const one = task.client === 'raw' ? rawStream : httpStream;
for (let i = task.shard; i < spec.count; i += task.shards) {
  const wait = task.startAt + (i * spec.rampMs) / spec.count - (performance.timeOrigin + performance.now());
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  // past ~28,000 connections from one address, loopback runs out of ephemeral ports: spread the sources
  streams.push(one(task.port, `127.0.0.${1 + (i % 4)}`, spec, tally));
}
await Promise.all(streams);
const used = process.cpuUsage(cpu);
const origin = performance.timeOrigin;
const written: ShardTally = {
  ...tally,
  gaps: tally.gaps.map(([at, error]) => [at + origin, error]),
  cpuMs: (used.user + used.system) / 1000,
};
writeFileSync(task.out, JSON.stringify(written));
