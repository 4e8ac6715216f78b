#!/usr/bin/env node
import cluster from 'node:cluster';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { CassetteError } from './cassettes/index.ts';
import { ConfigError, formatIssue } from './config/config-error.ts';
import { legacyEnvironment, legacyLogLevel, type LegacyEnvironment, type LegacyFiles } from './config/legacy-env.ts';
import { loadScenarios } from './config/load-scenarios.ts';
import { importCommand } from './migrate/import-command.ts';
import { mountedScenarios } from './config/scenarios-dir.ts';
import type { ServerSettings } from './generated/scenarios.ts';
import { createLogger, isLogLevel } from './logger.ts';
import { startServer, startupConfig, type RunningSimulator, type StartOptions } from './server.ts';
import { PrimaryChannel } from './workers/primary-channel.ts';
import { runPrimary } from './workers/primary.ts';
import { WorkerSimStore } from './workers/worker-store.ts';
import { startupLine } from './startup-line.ts';
import { imageDirectory } from './tokens/tiktoken-wasm.ts';
import { saveTokenizers, tokenizerFor } from './tokens/tokenizer.ts';
import { tokenizersByUse } from './warm-up.ts';
import { shareCertificate } from './tls/server-certificate.ts';

const USAGE = `Usage:
  aoai-sim [--scenarios FILE] [--port PORT] [--host HOST] [--workers N|auto] [--tls]
                                                             run the simulator (N worker processes on one port)
  aoai-sim validate FILE...                                  check scenario files, exit 0 when all are valid
  aoai-sim import DIR [--out DIR] [--scenarios FILE]         convert the Python simulators' recordings into cassettes
                                                             (default --out cassettes; sanitized by FILE's record.sanitize)
  aoai-sim prepare [--scenarios FILE]                        save the image of the tokenizers the deployments use,
                                                             which later starts restore (the first start saves it too)
  aoai-sim --help | --version

Environment (flags win):
  AOAI_SIM_SCENARIOS   the scenarios file (default: the embedded scenarios/default.yaml)
  AOAI_SIM_SCENARIOS_DIR  a directory whose scenarios.yaml (or .yml) is used when it exists (the image sets /scenarios)
  AOAI_SIM_PORT        the port (default 8080)          AOAI_SIM_HOST   the address (default 0.0.0.0)
  AOAI_SIM_MODE        generate | replay | record | record-missing
  AOAI_SIM_API_KEY     the one data-plane api key accepted (also SIMULATOR_API_KEY)
  AOAI_SIM_ADMIN_KEY   the control API key
  AOAI_SIM_REDIS_URL   share limits, rule counts and stored responses with other simulators on this Redis
  AOAI_SIM_WORKERS     worker processes serving the port (N or auto: the cores this process may use; default 1)
  AOAI_SIM_TLS         true: serve HTTPS and WSS, with a self-signed certificate for localhost unless
                       server.tls gives one (its PEM path is in the startup line)
  AOAI_SIM_ADMIN_ACCESS  auto | open | read-only | off: the control API without a key (default auto:
                       open on loopback, read-only beyond it)
  AOAI_SIM_CACHE_DIR   where the tokenizers' image is kept (default node_modules/.cache/aoai-sim; off: nowhere)
  AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY   the real endpoint and key record mode forwards to
  RECORDING_DIR, RECORDING_FORMAT           where cassettes are written and replayed from, and yaml | json
  The Python simulators' variables are read too (SIMULATOR_MODE, CASSETTE_DIR, CASSETTE_FORMAT, RECORDING_AUTOSAVE,
  OPENAI_DEPLOYMENT_CONFIG_PATH, ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS, LATENCY_OPENAI_*): see
  docs/migrating-from-python-simulator.md
  LOG_LEVEL            fatal | error | warn | info | debug | trace | silent (default info), or Python's names
  LOG_FORMAT           pretty | json (default: pretty on a terminal, json otherwise)`;

/** A mistake in how the command was called: exit 2 with the usage. */
class UsageError extends Error {}

const MODES: ReadonlyArray<NonNullable<ServerSettings['mode']>> = ['generate', 'replay', 'record', 'record-missing'];
const ADMIN_ACCESS: ReadonlyArray<NonNullable<NonNullable<ServerSettings['admin']>['access']>> = ['auto', 'open', 'read-only', 'off'];

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scenarios: { type: 'string', short: 's' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      out: { type: 'string', short: 'o' },
      workers: { type: 'string', short: 'w' },
      tls: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
  if (values.help) return print(USAGE, 0);
  if (values.version) return print(readVersion(), 0);
  const [command, ...files] = positionals;
  if (command === 'validate') return validate(files);
  if (command === 'import') {
    if (files.length !== 1) throw new UsageError('import needs one directory (or file) of recordings');
    return importCommand(files[0]!, values, env);
  }
  if (command === 'prepare') {
    if (files.length > 0) throw new UsageError('prepare takes no file: give the scenarios with --scenarios');
    return prepare(serveOptions(values, env, []).options, env);
  }
  if (command !== undefined) throw new UsageError(`unknown command "${command}"`);
  const warnings: string[] = [];
  const { options, legacy } = serveOptions(values, env, warnings);
  return serve(options, env, legacy, warnings, workerCount(values.workers ?? (env.AOAI_SIM_WORKERS || undefined)));
}

/**
 * `aoai-sim prepare`: builds the tokenizers the deployments use, most used first, and saves the image of each
 * first few of them (o200k_base alone, then with cl100k_base...), so that a start restores them whichever of its
 * deployments come first. For an image (Docker) or a CI cache, where the first start's own saving would be lost.
 */
async function prepare(options: StartOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const dir = imageDirectory(env);
  if (dir === undefined) return print('AOAI_SIM_CACHE_DIR is off: there is nowhere to keep the image', 1);
  const names = tokenizersByUse(await startupConfig(options));
  const lines: string[] = [];
  for (let count = 1; count <= names.length; count++) {
    tokenizerFor(names[count - 1]!);
    const saved = saveTokenizers(names.slice(0, count), dir);
    lines.push(`${saved ? 'saved' : 'already there'}: ${names.slice(0, count).join(' + ')}`);
  }
  return print(`the tokenizers' images in ${dir}:\n${lines.join('\n')}`, 0);
}

/** `--workers` / AOAI_SIM_WORKERS: a whole number from 1, or `auto` for the cores this process may use. */
function workerCount(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'auto') return availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256)
    throw new UsageError(`--workers (AOAI_SIM_WORKERS) must be a whole number from 1 to 256, or auto, not "${value}"`);
  return Number(value);
}

/** The settings the flags and the environment give; `warnings` collects what to log once the logger exists. */
function serveOptions(
  values: { scenarios?: string; port?: string; host?: string; tls?: boolean },
  env: NodeJS.ProcessEnv,
  warnings: string[],
): { options: StartOptions; legacy: LegacyEnvironment } {
  let scenarios = values.scenarios ?? (env.AOAI_SIM_SCENARIOS || undefined);
  if (scenarios === undefined) {
    const mounted = mountedScenarios(env.AOAI_SIM_SCENARIOS_DIR);
    scenarios = mounted.file;
    if (mounted.warning) warnings.push(mounted.warning);
  }
  // the Python simulators' variables first: this simulator's own, read below, win over them
  const legacy = legacyEnvironment(env, { scenariosGiven: scenarios !== undefined, files: LOCAL_FILES });
  const options: StartOptions = { env, ...legacy.overrides };
  if (scenarios !== undefined) options.scenarios = scenarios;
  const port = values.port ?? (env.AOAI_SIM_PORT || undefined);
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new UsageError(`the port must be a whole number from 0 to 65535, not "${port}"`);
    options.port = Number(port);
  }
  const host = values.host ?? (env.AOAI_SIM_HOST || undefined);
  if (host !== undefined) options.host = host;
  const tls = values.tls ?? booleanVariable('AOAI_SIM_TLS', env.AOAI_SIM_TLS);
  if (tls !== undefined) options.tls = tls;
  const mode = env.AOAI_SIM_MODE || undefined;
  if (mode !== undefined) {
    if (!(MODES as readonly string[]).includes(mode)) throw new UsageError(`the mode must be one of ${MODES.join(', ')}, not "${mode}"`);
    options.mode = mode as (typeof MODES)[number];
  }
  const apiKey = env.AOAI_SIM_API_KEY || undefined;
  if (apiKey !== undefined) options.apiKeys = [apiKey];
  if (env.AOAI_SIM_ADMIN_KEY) options.adminApiKey = env.AOAI_SIM_ADMIN_KEY;
  const redisUrl = env.AOAI_SIM_REDIS_URL || undefined;
  if (redisUrl !== undefined) {
    if (!/^rediss?:\/\//.test(redisUrl)) throw new UsageError(`AOAI_SIM_REDIS_URL must be a redis:// or rediss:// url, not "${redisUrl}"`);
    options.redisUrl = redisUrl;
  }
  const access = env.AOAI_SIM_ADMIN_ACCESS || undefined;
  if (access !== undefined) {
    if (!(ADMIN_ACCESS as readonly string[]).includes(access))
      throw new UsageError(`AOAI_SIM_ADMIN_ACCESS must be one of ${ADMIN_ACCESS.join(', ')}, not "${access}"`);
    options.adminAccess = access as (typeof ADMIN_ACCESS)[number];
  }
  return { options, legacy };
}

/** A true/false environment variable; undefined when unset or empty. */
function booleanVariable(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new UsageError(`${name} must be true or false, not "${value}"`);
}

const LOCAL_FILES: LegacyFiles = { exists: existsSync, readText: (path) => readFileSync(path, 'utf8') };

async function validate(files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError('validate needs at least one file');
  let failed = 0;
  for (const file of files) {
    try {
      const { scenarios, files: read } = await loadScenarios(file);
      const counts = [
        count(Object.keys(scenarios.deployments ?? {}).length, 'deployment'),
        count(scenarios.scenarios?.length ?? 0, 'scenario rule'),
      ];
      if (read.length > 1) counts.push(count(read.length - 1, 'included file'));
      console.log(`ok ${file} (${counts.join(', ')})`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      failed++;
      for (const issue of error.issues) console.error(formatIssue(issue));
    }
  }
  if (failed > 0) console.error(`${failed} of ${files.length} ${files.length === 1 ? 'file is' : 'files are'} invalid`);
  return failed > 0 ? 1 : 0;
}

/**
 * Turns off V8's allocation-site pretenuring for this process, which is the simulator's own. The journal keeps the
 * last requests alive for a few tens of milliseconds under load, long enough for V8 to see most of what one
 * allocation site makes survive a young collection and to start allocating it straight into the old generation,
 * where it then dies. In a 15 s run of the bench's chat request that meant a full collection every 1.8 s, each
 * taking the core for about 60 ms of marking and a 9-15 ms pause. Without pretenuring, entries die young: two full
 * collections instead of eight in the same run, and a p99 of 5.4-6.0 ms instead of 8.2. The flag is read at each
 * collection, so setting it at startup is enough, and the image, `npm start` and the installed command all get
 * it. Not done by startSimulator(), which runs inside a test's process, whose V8 it has no business tuning.
 */
function keepJournalEntriesYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

/** `1 deployment`, `2 deployments`, `0 deployments`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function serve(
  options: StartOptions,
  env: NodeJS.ProcessEnv,
  legacy: LegacyEnvironment,
  warnings: readonly string[],
  workers = 1,
): Promise<number> {
  keepJournalEntriesYoung();
  const level = legacyLogLevel(env.LOG_LEVEL) ?? 'info';
  if (!isLogLevel(level))
    throw new UsageError(
      `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (or Python's DEBUG, INFO, WARNING, ERROR, CRITICAL), not "${env.LOG_LEVEL}"`,
    );
  const format = env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? env.LOG_FORMAT : undefined;
  const logger = createLogger({ level, ...(format ? { format } : {}) });
  for (const warning of warnings) logger.warn(warning);
  for (const notice of legacy.notices) logger.warn(notice);
  for (const dir of legacy.createDirs) mkdirSync(dir, { recursive: true });
  let simulator: RunningSimulator;
  try {
    if (workers > 1 && cluster.isPrimary) {
      // checked here first, so that a bad file fails once and at once rather than in every worker
      const config = await startupConfig(options);
      const shared = await shareCertificate(config.server.tls);
      const workerEnv: Record<string, string> = shared
        ? { AOAI_SIM_WORKER_TLS_CERT: shared.cert, AOAI_SIM_WORKER_TLS_KEY: shared.key }
        : {};
      return await runPrimary(workers, config, logger, workerEnv);
    }
    const worker = env.AOAI_SIM_WORKER;
    // a worker shares its primary's state, unless the state is on Redis, which every worker reaches itself
    if (cluster.isWorker && env.AOAI_SIM_WORKER_TLS_CERT && env.AOAI_SIM_WORKER_TLS_KEY)
      options.sharedCertificate = { cert: env.AOAI_SIM_WORKER_TLS_CERT, key: env.AOAI_SIM_WORKER_TLS_KEY };
    if (cluster.isWorker && worker !== undefined && env.AOAI_SIM_WORKER_STATE !== 'redis')
      options.store = new WorkerSimStore(new PrimaryChannel(`worker-${worker}`));
    simulator = await startServer({ ...options, logger });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CassetteError) {
      for (const issue of error.issues) console.error(formatIssue(issue));
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      console.error(`cannot listen: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  logger.info(startupLine(simulator));
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      logger.info(`${signal} received: finishing in-flight requests (up to ${simulator.config.server.shutdownGraceMs} ms), then exiting`);
      void simulator.close().then(() => {
        // the log is written asynchronously: flush it before the process ends; a worker's channel to its primary
        // would keep it alive, so it lets go of it last
        logger.flush(() => {
          if (cluster.isWorker) cluster.worker?.disconnect();
          resolve(0);
        });
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

function print(text: string, code: number): number {
  console.log(text);
  return code;
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`aoai-sim: ${(error as Error).message}`);
    if (usage) console.error(`\n${USAGE}`);
    process.exitCode = usage ? 2 : 1;
  },
);
