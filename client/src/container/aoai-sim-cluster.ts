import { randomBytes } from 'node:crypto';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { AoaiSimControl } from '../control/index.ts';
import { AoaiSimContainer, type AoaiSimContainerOptions } from './aoai-sim-container.ts';
import type { StartedAoaiSimContainer } from './started-aoai-sim-container.ts';
import type { AzureClientOptions, ResourceChoice } from './client-options.ts';

/** The Redis image the cluster runs: `redis:7-bookworm` unless AOAI_SIM_REDIS_IMAGE or the option names another. */
export const DEFAULT_REDIS_IMAGE = 'redis:7-bookworm';

/**
 * What AoaiSimCluster.start() takes: every replica's settings, and how many. Not `tls`: each replica would make a
 * certificate of its own, and the round-robin client trusts one.
 */
export interface AoaiSimClusterOptions extends Omit<AoaiSimContainerOptions, 'reuse' | 'tls'> {
  /** Simulator containers sharing one Redis (default 3). */
  replicas?: number;
  redisImage?: string;
}

/** Options for `new AzureOpenAI(...)` whose requests go round-robin over the replicas, as through a load balancer. */
export type ClusterClientOptions = AzureClientOptions & { fetch: typeof fetch };

/**
 * Several simulators behind one quota: a Docker network, a Redis container and N simulator containers sharing
 * it (AOAI_SIM_REDIS_URL), as replicas are deployed behind a load balancer. Limits, sequences, budgets, stored
 * responses and one-shot faults are one across the replicas, and `control` (any replica's control API) answers
 * for the whole set: its journal lists every replica's requests and its reset resets them all.
 *
 * @example
 *   await using cluster = await AoaiSimCluster.start({ replicas: 3 });
 *   const client = new AzureOpenAI(cluster.getClientOptions('gpt-4o')); // round-robin over the replicas
 */
export class AoaiSimCluster {
  static async start(options: AoaiSimClusterOptions = {}): Promise<StartedAoaiSimCluster> {
    const count = options.replicas ?? 3;
    if (!Number.isSafeInteger(count) || count < 1 || count > 16)
      throw new RangeError(`AoaiSimCluster: replicas must be a whole number from 1 to 16, not ${count}`);
    const network = await new Network().start();
    const started: StartedTestContainer[] = [];
    try {
      const redis = await new GenericContainer(options.redisImage ?? process.env.AOAI_SIM_REDIS_IMAGE ?? DEFAULT_REDIS_IMAGE)
        .withNetwork(network)
        .withNetworkAliases('redis')
        // a server with no password refuses other hosts in protected mode: the replicas are other hosts on this network
        .withCommand(['redis-server', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'])
        .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
        .start();
      started.push(redis);
      // one admin key for every replica, so that one control answers for all of them
      const adminKey = options.adminKey ?? randomBytes(24).toString('base64url');
      const replicas = await Promise.all(
        Array.from({ length: count }, () => {
          const container = AoaiSimContainer.configure(options.image, { ...options, adminKey });
          return container.withNetwork(network).withEnvironment({ AOAI_SIM_REDIS_URL: 'redis://redis:6379' }).start();
        }),
      );
      return new StartedAoaiSimCluster(network, redis, replicas);
    } catch (error) {
      await Promise.allSettled(started.map((container) => container.stop()));
      await network.stop().catch(() => {});
      throw error;
    }
  }
}

/** A started cluster: each replica, a round-robin client, one control, and stop() for all of it. */
export class StartedAoaiSimCluster {
  readonly replicas: readonly StartedAoaiSimContainer[];
  readonly redis: StartedTestContainer;
  /** The control API of the first replica: with a shared store it answers for every replica. */
  readonly control: AoaiSimControl;
  private readonly network: StartedNetwork;
  private next = 0;

  constructor(network: StartedNetwork, redis: StartedTestContainer, replicas: StartedAoaiSimContainer[]) {
    this.network = network;
    this.redis = redis;
    this.replicas = replicas;
    this.control = replicas[0]!.control;
  }

  /** Each replica's endpoint, e.g. for a gateway's backend list. */
  getEndpoints(): string[] {
    return this.replicas.map((replica) => replica.getEndpoint());
  }

  /**
   * Options for `new AzureOpenAI(...)` with a `fetch` that sends each request to the next replica in turn, as a
   * round-robin load balancer would.
   */
  getClientOptions(deployment?: string, choice: ResourceChoice = {}): ClusterClientOptions {
    const endpoints = this.getEndpoints();
    // the round robin changes the host only: a resource's path prefix stays
    const first = this.replicas[0]!.getClientOptions(deployment, choice);
    const roundRobin: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const target = new URL(endpoints[this.next++ % endpoints.length]!);
      url.protocol = target.protocol;
      url.host = target.host;
      return input instanceof Request ? fetch(new Request(url, input), init) : fetch(url, init);
    };
    return { ...first, fetch: roundRobin };
  }

  /** Every resource's endpoints by name, one per replica (the order of getEndpoints), for a gateway's backends. */
  async getResourceEndpoints(): Promise<Record<string, string[]>> {
    const names = Object.keys(await this.replicas[0]!.getResourceEndpoints());
    return Object.fromEntries(
      names.map((name) => [name, this.replicas.map((replica) => replica.getClientOptions(undefined, { resource: name }).endpoint)]),
    );
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.replicas.map((replica) => replica.stop()));
    await this.redis.stop().catch(() => {});
    await this.network.stop().catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
