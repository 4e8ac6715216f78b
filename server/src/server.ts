import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createApp } from './app.ts';
import { loadScenarios } from './config/load-scenarios.ts';
import { resolveConfig, type ServerOverrides, type SimConfig } from './config/resolve-config.ts';
import { gracefulClose } from './http/graceful-close.ts';
import { createHttpServer } from './http/http-server.ts';
import { createLogger, type Logger, type LevelWithSilent } from './logger.ts';
import { isDirectory, scenariosFileIn } from './config/scenarios-dir.ts';
import { DEFAULT_SCENARIOS_PATH } from './paths.ts';
import { checkRecordingExposure } from './config/recording-exposure.ts';
import { prepareCassetteDirs } from './config/cassette-dirs.ts';
import { CassetteRuntime } from './replay/cassette-runtime.ts';
import { openStore } from './store/create-store.ts';
import type { SimStore } from './store/sim-store.ts';
import { StateHolder } from './sim-state.ts';
import { validateScenariosObject } from './config/validate-object.ts';
import type { Scenarios } from './generated/scenarios.ts';
import type { Clock } from './clock/index.ts';
import { watchScenarios } from './control/hot-reload.ts';
import { serverCertificate, type ServerCertificate } from './tls/server-certificate.ts';
import { warmUp } from './warm-up.ts';

export interface StartOptions extends ServerOverrides {
  /** The scenarios file, or a scenarios object; the embedded default when absent. */
  scenarios?: string | Scenarios;
  /** The environment `${VAR}` references read; `process.env` when absent. */
  env?: NodeJS.ProcessEnv;
  /** Reload when the scenarios file or an include changes (default true). */
  watch?: boolean;
  /** The level of the default logger: `warn` for startSimulator, `info` (a line per request) for the command. */
  logLevel?: LevelWithSilent;
  /** Where logs go, instead of the default logger (JSON lines on standard output, readable lines on a terminal). */
  logger?: Logger;
  /**
   * The clock the simulator reads the time from: latencies, pacing, rate-limit windows, incidents, `created`
   * fields and the journal. The process's own clock when absent; a ManualClock drives a whole run without waiting.
   */
  clock?: Clock;
  /**
   * Where the state shared across requests is kept: rate limits, rule counts, replay cursors, stored responses
   * (see SimStore). A store of its own when absent; simulators given one store share them all.
   */
  store?: SimStore;
}

/** A running simulator. */
export interface RunningSimulator {
  /** The base URL to give a client, e.g. `http://127.0.0.1:8080`, or `https://…` with TLS on. */
  url: string;
  port: number;
  /** With TLS on (server.tls, --tls): the certificate served and the file holding it, for a client to trust. */
  tls?: Pick<ServerCertificate, 'cert' | 'certPath' | 'selfSigned'>;
  config: SimConfig;
  logger: Logger;
  /**
   * Resolves once what the first requests need (the deployments' tokenizers, the request checks) is loaded, just
   * after the port opened: a request before then waits for it. A test that times its requests awaits this first.
   */
  warmedUp: Promise<void>;
  /** Stops accepting connections, lets in-flight requests finish within the grace period, then closes. */
  close(): Promise<void>;
}

/** What applies when neither the caller nor the scenarios' `server` section says otherwise. */
interface Fallbacks {
  host?: string;
  port?: number;
  logLevel: 'warn' | 'info';
}

/** In a test's process: loopback, a free port, and quiet unless something goes wrong. */
const IN_PROCESS: Fallbacks = { host: '127.0.0.1', port: 0, logLevel: 'warn' };
/** The command and the image: the schema's defaults (0.0.0.0:8080) and an access line per request. */
const STANDALONE: Fallbacks = { logLevel: 'info' };

/**
 * Starts the simulator in this process, for tests and tools. Throws a ConfigError when the scenarios are invalid.
 *
 * Defaults, each applying only when neither these options nor the scenarios' `server` section set it:
 * - it listens on 127.0.0.1, on a free port: `sim.url` says where;
 * - it logs warnings only (a refused request's hint, a reload that failed), not a line per request: pass
 *   `logLevel: 'info'` to see every request, or `'silent'`;
 * - it accepts the scenarios' api keys (`server.auth.apiKeys`, or `apiKeys` here), or any non-empty key when none
 *   is configured, as the `aoai-sim` command does. `AoaiSim.startInProcess()` from `@aoai-sim/client` starts it
 *   with the container's data-plane auth instead: the one key DEFAULT_API_KEY, which its getClientOptions() hands out.
 *
 * @example
 *   const sim = await startSimulator({ scenarios: 'scenarios.yaml' });
 *   // ... new AzureOpenAI({ endpoint: sim.url, apiKey: 'any', apiVersion: '2024-10-21' })
 *   await sim.close();
 */
export function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  return launch(options, IN_PROCESS);
}

/** Starts the simulator as the `aoai-sim` command and the image run it: on 0.0.0.0:8080 unless told otherwise. */
export function startServer(options: StartOptions = {}): Promise<RunningSimulator> {
  return launch(options, STANDALONE);
}

/** The configuration `options` start with, checked as a start checks it (a ConfigError when invalid). */
export async function startupConfig(options: StartOptions): Promise<SimConfig> {
  const { loaded, file } = await loadGiven(options);
  return resolveConfig(loaded.scenarios, { file, files: loaded.files, embeddedDefault: options.scenarios === undefined }, options);
}

async function loadGiven(options: StartOptions) {
  // an object (from code) is checked as a file is; a path is loaded with its includes and watched
  const given = typeof options.scenarios === 'string' ? scenariosFile(options.scenarios) : options.scenarios;
  const file = typeof given === 'string' ? given : given === undefined ? DEFAULT_SCENARIOS_PATH : 'scenarios object';
  const loaded =
    typeof given === 'object'
      ? { scenarios: validateScenariosObject(given), files: [] as string[] }
      : await loadScenarios(file, options.env ? { env: options.env } : {});
  return { given, file, loaded };
}

async function launch(options: StartOptions, fallbacks: Fallbacks): Promise<RunningSimulator> {
  const { given, file, loaded } = await loadGiven(options);
  const listening = loaded.scenarios.server ?? {};
  const overrides: StartOptions = { ...options };
  if (overrides.host === undefined && listening.host === undefined && fallbacks.host !== undefined) overrides.host = fallbacks.host;
  if (overrides.port === undefined && listening.port === undefined && fallbacks.port !== undefined) overrides.port = fallbacks.port;
  const source = { file, files: loaded.files, embeddedDefault: options.scenarios === undefined };
  const config = resolveConfig(loaded.scenarios, source, overrides);
  checkRecordingExposure(config);
  await prepareCassetteDirs(config);
  const logger = options.logger ?? createLogger({ level: options.logLevel ?? fallbacks.logLevel });
  const opened = options.store
    ? { store: options.store, close: async () => {} }
    : await openStore(config.server.state, config.server.memory, logger);
  const store = opened.store;
  const cassettes = await CassetteRuntime.load(config, store);
  const state = new StateHolder(config, cassettes, overrides, options.clock, store);
  const certificate = config.server.tls.enabled ? await serverCertificate(config.server.tls) : undefined;
  const listener = createApp(state, logger);
  const server = createHttpServer(listener, config.server, logger, certificate);
  // a resource with a port of its own is served by the same listener there, which knows it by the port
  const resourceServers = resourcePorts(config).map((port) => ({
    port,
    server: createHttpServer(listener, config.server, logger, certificate),
  }));
  const servers = [server, ...resourceServers.map((each) => each.server)];
  // the Realtime API's WebSockets, beside the HTTP listener rather than through it
  for (const each of servers) each.on('upgrade', listener.upgrade);
  const closers = servers.map((each) => gracefulClose(each, config.server.shutdownGraceMs));
  const closeServer = async () => {
    await Promise.all(closers.map((closeOne) => closeOne()));
  };
  const stopWatching =
    options.watch === false || typeof given === 'object' ? () => {} : watchScenarios(state, file, loaded.files, logger, options.env);
  const close = async () => {
    stopWatching();
    listener.close();
    await closeServer();
    // the sessions recorded are folded into their cassettes once nothing can add to them; what fails to be
    // stays in its journal, which the next start folds in
    await state.current.cassettes?.close().catch((error: unknown) => {
      logger.error({ err: error }, 'the recorded sessions could not be written to their cassettes: the next start will retry');
    });
    await opened.close();
  };

  try {
    await listen(server, config.server.port, config.server.host);
    for (const each of resourceServers) await listen(each.server, each.port, config.server.host);
  } catch (error) {
    await close();
    throw error;
  }
  const warmedUp = warmUpBetweenRequests(server, config, logger);
  const { port } = server.address() as AddressInfo;
  const scheme = certificate ? 'https' : 'http';
  const running: RunningSimulator = { url: `${scheme}://${urlHost(config.server.host)}:${port}`, port, config, logger, warmedUp, close };
  if (certificate) running.tls = { cert: certificate.cert, certPath: certificate.certPath, selfSigned: certificate.selfSigned };
  return running;
}

/**
 * The warm-up, each step waiting for the requests being answered (see runSteps in warm-up.ts). They are counted
 * from the server's 'request' event until the warm-up ends, and no longer: nothing stays on the requests' path.
 */
function warmUpBetweenRequests(server: Server, config: SimConfig, logger: Logger): Promise<void> {
  let answering = 0;
  const count = (_request: IncomingMessage, response: ServerResponse) => {
    answering++;
    response.once('close', () => answering--);
  };
  server.on('request', count);
  const warmedUp = warmUp(
    config,
    () => answering > 0,
    {
      restored: (tokenizers, ms) => logger.debug({ tokenizers, ms: Math.round(ms) }, 'tokenizers restored from the image an earlier start saved'),
      corrupt: () => logger.warn('the saved image of the tokenizers failed its check: deleted, and the tokenizers are built anew'),
    },
  );
  void warmedUp.then(() => server.off('request', count));
  return warmedUp;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // a load test opens thousands of connections at once: a deep accept queue (capped by the kernel's somaxconn)
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The ports of the resources that have one of their own. */
function resourcePorts(config: SimConfig): number[] {
  return [...config.resources.values()].flatMap((resource) => (resource.port === undefined ? [] : [resource.port]));
}

/** A scenarios directory (a shared scenarios repository, the image's mount) means its `scenarios.yaml` or `.yml`. */
function scenariosFile(path: string): string {
  return isDirectory(path) ? (scenariosFileIn(path) ?? join(path, 'scenarios.yaml')) : path;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
