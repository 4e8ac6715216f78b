import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { loadScenarios } from './config/load-scenarios.ts';
import { resolveConfig, type ServerOverrides, type SimConfig } from './config/resolve-config.ts';
import { gracefulClose } from './http/graceful-close.ts';
import { createHttpServer } from './http/http-server.ts';
import { createLogger, type Logger } from './logger.ts';
import { DEFAULT_SCENARIOS_PATH } from './paths.ts';
import { checkRecordingExposure } from './config/recording-exposure.ts';
import { CassetteRuntime } from './replay/cassette-runtime.ts';
import { StateHolder } from './sim-state.ts';
import { validateScenariosObject } from './config/validate-object.ts';
import type { Scenarios } from './generated/scenarios.ts';
import { watchScenarios } from './control/hot-reload.ts';

export interface StartOptions extends ServerOverrides {
  /** The scenarios file, or a scenarios object; the embedded default when absent. */
  scenarios?: string | Scenarios;
  /** The environment `${VAR}` references read; `process.env` when absent. */
  env?: NodeJS.ProcessEnv;
  /** Reload when the scenarios file or an include changes (default true). */
  watch?: boolean;
  logger?: Logger;
}

/** A running simulator. */
export interface RunningSimulator {
  /** The base URL to give a client, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  config: SimConfig;
  logger: Logger;
  /** Stops accepting connections, lets in-flight requests finish within the grace period, then closes. */
  close(): Promise<void>;
}

/**
 * Loads the scenarios and starts listening. Throws a ConfigError when the scenarios are invalid.
 *
 * @example
 *   const sim = await startSimulator({ port: 0, host: '127.0.0.1' });
 *   // ... new AzureOpenAI({ endpoint: sim.url, apiKey: 'any', apiVersion: '2024-10-21' })
 *   await sim.close();
 */
export async function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  // an object (from code) is checked as a file is; a path is loaded with its includes and watched
  const given = typeof options.scenarios === 'string' ? scenariosFile(options.scenarios) : options.scenarios;
  const file = typeof given === 'string' ? given : given === undefined ? DEFAULT_SCENARIOS_PATH : 'scenarios object';
  const loaded =
    typeof given === 'object'
      ? { scenarios: validateScenariosObject(given), files: [] as string[] }
      : await loadScenarios(file, options.env ? { env: options.env } : {});
  const config = resolveConfig(loaded.scenarios, { file, files: loaded.files, embeddedDefault: options.scenarios === undefined }, options);
  checkRecordingExposure(config);
  const logger = options.logger ?? createLogger();
  const cassettes = await CassetteRuntime.load(config);
  const state = new StateHolder(config, cassettes, options);
  const server = createHttpServer(createApp(state, logger), config.server, logger);
  const closeServer = gracefulClose(server, config.server.shutdownGraceMs);
  const stopWatching =
    options.watch === false || typeof given === 'object' ? () => {} : watchScenarios(state, file, loaded.files, logger, options.env);
  const close = async () => {
    stopWatching();
    await closeServer();
    // the sessions recorded are folded into their cassettes once nothing can add to them; what fails to be
    // stays in its journal, which the next start folds in
    await state.current.cassettes?.close().catch((error: unknown) => {
      logger.error({ err: error }, 'the recorded sessions could not be written to their cassettes: the next start will retry');
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // a load test opens thousands of connections at once: a deep accept queue (capped by the kernel's somaxconn)
    server.listen({ port: config.server.port, host: config.server.host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${urlHost(config.server.host)}:${port}`, port, config, logger, close };
}

/** A scenarios directory (a shared scenarios repository, the image's mount) means its `scenarios.yaml`. */
function scenariosFile(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'scenarios.yaml') : path;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
