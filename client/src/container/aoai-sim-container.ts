import { createHash, randomBytes } from 'node:crypto';
import { reusableAdminKey } from './reusable-admin-key.ts';
import { join, posix } from 'node:path';
import { stringify } from 'yaml';
import { GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from 'testcontainers';
import { defineScenarios } from '../define-scenarios.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { DEFAULT_API_KEY, DEFAULT_IMAGE, HEALTH_POLL_MS, SCENARIOS_MOUNT, SIM_PORT, STARTUP_TIMEOUT_MS } from './constants.ts';
import { AoaiSimStartError, explainStartFailure } from './start-failure.ts';
import { explainContainerExit } from './container-exit.ts';
import { scenariosFromPath, type ContainerScenarios } from './container-scenarios.ts';
import { containerCertificate } from './container-certificate.ts';
import { StartedAoaiSimContainer } from './started-aoai-sim-container.ts';

type Mode = 'generate' | 'replay' | 'record' | 'record-missing';
const MODES: readonly Mode[] = ['generate', 'replay', 'record', 'record-missing'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What AoaiSimContainer.start() takes: the builders' settings in one object. */
export interface AoaiSimContainerOptions {
  image?: string;
  scenarios?: Scenarios | string;
  apiKey?: string;
  adminKey?: string;
  mode?: Mode;
  cassettes?: string;
  upstream?: { endpoint: string; apiKey?: string };
  logLevel?: (typeof LOG_LEVELS)[number];
  reuse?: boolean;
  tls?: boolean;
}

/**
 * The aoai-sim image as a Testcontainers module: builders store settings (and check them at once), `start()`
 * turns them into container options and waits for `/healthz`.
 *
 * @example
 *   await using sim = await AoaiSimContainer.start();
 *   const client = new AzureOpenAI(sim.getClientOptions('gpt-4o'));
 */
export class AoaiSimContainer extends GenericContainer {
  private scenarios: ContainerScenarios | undefined;
  private pendingPath: string | undefined;
  private apiKey = DEFAULT_API_KEY;
  private adminKey: string | undefined;
  private reuseByContent = false;
  private tls = false;

  constructor(image: string = process.env.AOAI_SIM_IMAGE ?? DEFAULT_IMAGE) {
    super(image);
  }

  /** One line: start a simulator with these settings (the embedded default scenarios when none). */
  static async start(options: AoaiSimContainerOptions = {}): Promise<StartedAoaiSimContainer> {
    return AoaiSimContainer.configure(options.image, options).start();
  }

  /** A container with these settings, not started yet (for settings start() does not take, such as a network). */
  static configure(image: string | undefined, options: AoaiSimContainerOptions = {}): AoaiSimContainer {
    const container = new AoaiSimContainer(image);
    if (options.scenarios !== undefined) container.withScenarios(options.scenarios);
    if (options.apiKey !== undefined) container.withApiKey(options.apiKey);
    if (options.adminKey !== undefined) container.withAdminKey(options.adminKey);
    if (options.mode !== undefined) container.withMode(options.mode);
    if (options.cassettes !== undefined) container.withCassettes(options.cassettes);
    if (options.upstream !== undefined) container.withUpstream(options.upstream.endpoint, options.upstream.apiKey);
    if (options.logLevel !== undefined) container.withLogLevel(options.logLevel);
    if (options.reuse) container.withReuse();
    if (options.tls) container.withTls();
    return container;
  }

  /**
   * The scenarios: a typed object, or a scenarios file, or a directory holding `scenarios.yaml` or `scenarios.yml` (a shared
   * scenarios repository): copied into the container's /scenarios with everything beside it, so includes resolve.
   * With the server package installed they are checked here first (an object at once, a file in start()), so a
   * mistake fails in milliseconds; without it the container checks them, and start() throws the same ConfigError.
   */
  withScenarios(scenarios: Scenarios | string): this {
    if (typeof scenarios === 'string') {
      this.pendingPath = scenarios;
      return this;
    }
    const checked = defineScenarios(scenarios);
    this.scenarios = {
      files: [{ content: stringify(checked), target: `${SCENARIOS_MOUNT}/scenarios.yaml` }],
      entry: `${SCENARIOS_MOUNT}/scenarios.yaml`,
    };
    this.pendingPath = undefined;
    return this;
  }

  /** The data-plane api key the simulator accepts (and getClientOptions() hands out). */
  withApiKey(apiKey: string): this {
    if (apiKey === '') throw new TypeError('withApiKey: the key must not be empty');
    this.apiKey = apiKey;
    return this;
  }

  /** The control API's key; without one, start() makes a random key (getAdminKey() tells it). */
  withAdminKey(adminKey: string): this {
    if (adminKey === '') throw new TypeError('withAdminKey: the key must not be empty');
    this.adminKey = adminKey;
    return this.withEnvironment({ AOAI_SIM_ADMIN_KEY: adminKey });
  }

  withMode(mode: Mode): this {
    if (!MODES.includes(mode)) throw new TypeError(`withMode: the mode must be one of ${MODES.join(', ')}, not "${String(mode)}"`);
    return this.withEnvironment({ AOAI_SIM_MODE: mode });
  }

  /** A directory of cassettes, copied to /scenarios/cassettes (reference it as `cassettes/` in the scenarios). */
  withCassettes(directory: string): this {
    return this.withCopyDirectoriesToContainer([{ source: directory, target: `${SCENARIOS_MOUNT}/cassettes` }]);
  }

  /** The real endpoint record mode forwards to, with its key (or the caller's own credential when absent). */
  withUpstream(endpoint: string, apiKey?: string): this {
    if (!/^https?:\/\//.test(endpoint)) throw new TypeError(`withUpstream: the endpoint must be an http(s) URL, not "${endpoint}"`);
    return this.withEnvironment({ AZURE_OPENAI_ENDPOINT: endpoint, ...(apiKey ? { AZURE_OPENAI_KEY: apiKey } : {}) });
  }

  withLogLevel(level: (typeof LOG_LEVELS)[number]): this {
    if (!LOG_LEVELS.includes(level))
      throw new TypeError(`withLogLevel: the level must be one of ${LOG_LEVELS.join(', ')}, not "${String(level)}"`);
    return this.withEnvironment({ LOG_LEVEL: level });
  }

  /**
   * Serve https and wss, with the self-signed certificate the simulator makes at start for localhost, 127.0.0.1 and
   * ::1 (the names a test reaches the mapped port by): the started handle's `tls.cert` gives it, and the options it
   * hands out (SDKs, control) trust it.
   */
  withTls(): this {
    this.tls = true;
    return this.withEnvironment({ AOAI_SIM_TLS: 'true' });
  }

  /** Reuses a running container, but only one started with the same scenarios and settings (keyed by their hash). */
  override withReuse(): this {
    this.reuseByContent = true;
    return super.withReuse();
  }

  override async start(): Promise<StartedAoaiSimContainer> {
    // the container listens beyond loopback (its mapped port is on every interface): without a key its control
    // API would be read-only, so it gets one of its own that only this process knows
    if (this.adminKey === undefined)
      this.withAdminKey(this.reuseByContent ? await reusableAdminKey() : randomBytes(24).toString('base64url'));
    if (this.pendingPath !== undefined) this.scenarios = await scenariosFromPath(this.pendingPath);
    if (this.scenarios) {
      this.withCopyContentToContainer(this.scenarios.files.map(({ content, target }) => ({ content, target })));
      this.withEnvironment({ AOAI_SIM_SCENARIOS: this.scenarios.entry });
    }
    this.withEnvironment({ AOAI_SIM_API_KEY: this.apiKey, LOG_FORMAT: 'json' });
    // a container that exits (scenarios it refuses) fails the start at once, with what it printed
    const ready = Wait.forHttp('/healthz', SIM_PORT, { abortOnContainerExit: true }).forStatusCode(200).withReadTimeout(HEALTH_POLL_MS);
    // whether it answers, not whom to trust: the certificate to trust is read from its file once it does
    if (this.tls) ready.usingTls().allowInsecure();
    this.withExposedPorts(SIM_PORT).withWaitStrategy(ready).withStartupTimeout(STARTUP_TIMEOUT_MS);
    if (this.reuseByContent) this.withLabels({ 'aoai-sim.content-hash': this.contentHash() });
    let started: StartedTestContainer;
    // Testcontainers reads a container's last logs when it exits early on a socket it unrefs: a script with
    // nothing else to wait for would end there, before start() settles, without this
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      started = await super.start();
    } catch (error) {
      throw (await this.explained(error)) ?? error;
    } finally {
      clearInterval(keepAlive);
    }
    const cert = this.tls ? await containerCertificate(started).catch((error: unknown) => stopThenThrow(started, error)) : undefined;
    return new StartedAoaiSimContainer(started, this.apiKey, this.adminKey!, cert);
  }

  /** A failure to start, said with what to do about it when it is a known one (see explainStartFailure). */
  private async explained(error: unknown): Promise<Error | undefined> {
    const image = this.imageName.string;
    const localRoot = this.scenarios?.localRoot;
    const localFile = (file: string) =>
      localRoot === undefined || !file.startsWith(`${SCENARIOS_MOUNT}/`)
        ? undefined
        : join(localRoot, posix.relative(SCENARIOS_MOUNT, file));
    const exited = explainContainerExit(error, image, localFile);
    if (exited) return exited;
    const imagePresent = await getContainerRuntimeClient()
      .then((client) => client.image.exists(this.imageName))
      .catch(() => undefined);
    return explainStartFailure(error, { image, imagePresent, reaperDisabled: process.env.TESTCONTAINERS_RYUK_DISABLED === 'true' });
  }

  /** What a container's behaviour depends on: the scenarios' files and the environment. */
  private contentHash(): string {
    const hash = createHash('sha256');
    for (const file of this.scenarios?.files ?? []) hash.update(file.target).update('\0').update(file.content).update('\0');
    hash.update(JSON.stringify(Object.entries(this.environment).sort()));
    return hash.digest('hex').slice(0, 32);
  }
}

/** A container whose certificate cannot be read is no use, and the caller gets no handle to stop it with. */
async function stopThenThrow(started: StartedTestContainer, error: unknown): Promise<never> {
  await started.stop().catch(() => {});
  throw error;
}
