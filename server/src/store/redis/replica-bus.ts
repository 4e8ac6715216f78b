import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { realClock } from '../../clock/index.ts';
import type { Logger } from '../../logger.ts';
import type { StoreKeys } from './store-keys.ts';

import type { ReplicaHandler, ReplicaReply, Replicas } from '../replicas.ts';

/** A replica is live while its heartbeat is this recent. */
const LIVE_MS = 6_000;
const HEARTBEAT_MS = 2_000;
/** How long an asker waits for the others' replies: long enough for a replica on a busy host. */
const ASK_TIMEOUT_MS = 5_000;

interface BusMessage {
  kind: string;
  id: string;
  from: string;
  payload: unknown;
}

/**
 * The simulators sharing one Redis server, as a set of replicas that can ask each other: each registers with a
 * heartbeat, listens on one channel, and answers each question (a journal query, a reset) into a reply list the
 * asker reads. What each replica keeps for itself (its journal ring, its armed faults) stays in its process and
 * costs the data plane nothing; only the control API, when asked, gathers it from every replica.
 */
export class ReplicaBus implements Replicas {
  readonly name: string;
  private readonly redis: Redis;
  private readonly keys: StoreKeys;
  private readonly logger: Logger;
  private readonly handlers = new Map<string, ReplicaHandler>();
  private subscriber: Redis | undefined;
  /** Replies go on a connection of their own, free of the data plane's short command timeout. */
  private replier: Redis | undefined;
  private heartbeat: unknown;

  constructor(redis: Redis, keys: StoreKeys, logger: Logger, name = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`) {
    this.redis = redis;
    this.keys = keys;
    this.logger = logger;
    this.name = name;
  }

  /** Answers questions of `kind` with `handler`. */
  on(kind: string, handler: ReplicaHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Joins: listens on the channel and keeps a heartbeat. A Redis that is away is joined when it returns. */
  start(): void {
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    subscriber.on('error', () => {}); // the data plane's guard reports outages
    subscriber.on('message', (_channel: string, text: string) => void this.answer(text));
    void subscriber.subscribe(this.keys.bus()).catch(() => {});
    this.subscriber = subscriber;
    const replier = this.redis.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    replier.on('error', () => {});
    this.replier = replier;
    const beat = () => {
      void this.redis.zadd(this.keys.replicas(), realClock.epochMs(), this.name).catch(() => {});
      this.heartbeat = realClock.setTimeout(beat, HEARTBEAT_MS);
      (this.heartbeat as NodeJS.Timeout).unref();
    };
    beat();
  }

  async stop(): Promise<void> {
    realClock.clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
    await this.redis.zrem(this.keys.replicas(), this.name).catch(() => {});
    this.subscriber?.disconnect();
    this.replier?.disconnect();
  }

  /** The other replicas with a recent heartbeat. */
  async peers(): Promise<string[]> {
    const live = await this.redis.zrangebyscore(this.keys.replicas(), realClock.epochMs() - LIVE_MS, '+inf');
    return live.filter((name) => name !== this.name);
  }

  /**
   * Asks every other live replica and gathers their replies; `missing` names those that did not answer in time
   * (a replica that stopped without leaving ages out of the set within seconds).
   */
  async ask(kind: string, payload: unknown): Promise<{ replies: ReplicaReply[]; missing: string[] }> {
    let peers: string[];
    try {
      peers = await this.peers();
    } catch {
      // Redis is away: this replica answers for itself, and says the others could not be asked
      return { replies: [], missing: ['(the other replicas: the shared state is unavailable)'] };
    }
    if (peers.length === 0) return { replies: [], missing: [] };
    const id = randomUUID();
    const replyKey = this.keys.reply(id);
    const message: BusMessage = { kind, id, from: this.name, payload };
    const reader = this.redis.duplicate({ commandTimeout: undefined, enableOfflineQueue: true });
    reader.on('error', () => {});
    try {
      await this.redis.publish(this.keys.bus(), JSON.stringify(message));
      const replies: ReplicaReply[] = [];
      const deadline = realClock.epochMs() + ASK_TIMEOUT_MS;
      while (replies.length < peers.length && realClock.epochMs() < deadline) {
        const popped = await reader.blpop(replyKey, Math.max(0.01, (deadline - realClock.epochMs()) / 1000));
        if (popped) replies.push(JSON.parse(popped[1]) as ReplicaReply);
      }
      const answered = new Set(replies.map((reply) => reply.replica));
      return { replies, missing: peers.filter((peer) => !answered.has(peer)) };
    } catch {
      return { replies: [], missing: peers };
    } finally {
      reader.disconnect();
      void this.redis.unlink(replyKey).catch(() => {});
    }
  }

  private async answer(text: string): Promise<void> {
    let message: BusMessage;
    try {
      message = JSON.parse(text) as BusMessage;
    } catch {
      return;
    }
    if (message.from === this.name) return;
    const handler = this.handlers.get(message.kind);
    if (!handler) return;
    try {
      const reply: ReplicaReply = { replica: this.name, result: await handler(message.payload) };
      const replyKey = this.keys.reply(message.id);
      await (this.replier ?? this.redis).multi().rpush(replyKey, JSON.stringify(reply)).pexpire(replyKey, 10_000).exec();
    } catch (error) {
      this.logger.warn({ err: error, kind: message.kind }, 'could not answer another replica');
    }
  }
}
