import type { ServerSettings } from '../generated/scenarios.ts';
import { deploymentsFromJson } from './legacy-deployments.ts';
import { LegacyEnvError } from './legacy-env-error.ts';
import { legacyLatency } from './legacy-latency.ts';
import type { ServerOverrides } from './resolve-config.ts';

type Mode = NonNullable<ServerSettings['mode']>;

/** What the settings of the Python simulators' environment need to see of the file system. */
export interface LegacyFiles {
  exists(path: string): boolean;
  readText(path: string): string;
}

/** The Python simulators' environment, as this simulator's settings. */
export interface LegacyEnvironment {
  /** The CLI reads its own AOAI_SIM_* variables after these: they win. */
  overrides: Pick<ServerOverrides, 'mode' | 'apiKeys' | 'record' | 'replay' | 'deployments' | 'latency' | 'undefinedDeployments'>;
  /** Where recordings are written that does not exist yet: created before the simulator starts, as the Python simulators did. */
  createDirs: string[];
  /** What to tell at startup: variables with no equivalent here, and what to use instead. */
  notices: string[];
}

const MODES: readonly Mode[] = ['generate', 'replay', 'record', 'record-missing'];

/**
 * The Python simulators' recording directories: aoai-api-simulator's default, then aoai-simulated-api's, which
 * replay also looks in.
 */
const DEFAULT_DIRS = ['.recording', '.cassettes'] as const;

/** Variables that named Python code, and what does their work here. */
const PYTHON_CODE: Readonly<Record<string, string>> = {
  GENERATOR_CONFIG_PATH:
    'GENERATOR_CONFIG_PATH is ignored: generators were Python code, which this simulator does not run. Answers are scripted by scenario rules in a scenarios file (match a request, then respond with content, a template, tool calls, a sequence or a raw response); see docs/migrating-from-python-simulator.md.',
  EXTENSION_PATH:
    'EXTENSION_PATH is ignored: extensions were Python code, which this simulator does not run. Custom answers are scenario rules with response templates, custom forwarding is record.upstream, custom limits are deployments.<name>.rateLimit, in a scenarios file; see docs/migrating-from-python-simulator.md.',
};

/**
 * The settings aoai-simulated-api and aoai-api-simulator took from their environment, with the same meaning:
 * SIMULATOR_MODE (`record` answers what is recorded and records the rest, as both did: record-missing here),
 * SIMULATOR_API_KEY, AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_KEY (where record mode forwards), RECORDING_DIR or
 * CASSETTE_DIR (where recordings are written and replayed from; by default `.recording`, or `.cassettes` when
 * only that exists, when SIMULATOR_MODE asks for recordings and no scenarios file is given), CASSETTE_FORMAT,
 * RECORDING_AUTOSAVE, OPENAI_DEPLOYMENT_CONFIG_PATH, ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS and LATENCY_OPENAI_*.
 * Throws a LegacyEnvError for a value neither Python simulator accepted.
 *
 * @example legacyEnvironment({ SIMULATOR_MODE: 'replay', CASSETTE_DIR: '/cassettes' }, { scenariosGiven: false, files })
 */
export function legacyEnvironment(env: NodeJS.ProcessEnv, context: { scenariosGiven: boolean; files: LegacyFiles }): LegacyEnvironment {
  const { files } = context;
  const legacy: LegacyEnvironment = { overrides: {}, createDirs: [], notices: [] };
  const { overrides, notices } = legacy;

  const legacyMode = value(env, 'SIMULATOR_MODE');
  if (legacyMode !== undefined) {
    if (!(MODES as readonly string[]).includes(legacyMode))
      throw new LegacyEnvError(`SIMULATOR_MODE must be one of generate, replay, record (or record-missing), not "${legacyMode}"`);
    // both Python simulators answered a request already recorded from the recording, in record mode too
    overrides.mode = legacyMode === 'record' ? 'record-missing' : (legacyMode as Mode);
  }
  const mode = (value(env, 'AOAI_SIM_MODE') as Mode | undefined) ?? overrides.mode;
  const apiKey = value(env, 'SIMULATOR_API_KEY');
  if (apiKey !== undefined) overrides.apiKeys = [apiKey];

  const record: NonNullable<ServerOverrides['record']> = {};
  const upstream = value(env, 'AZURE_OPENAI_ENDPOINT');
  if (upstream !== undefined) record.upstream = upstream;
  const upstreamKey = value(env, 'AZURE_OPENAI_KEY');
  if (upstreamKey !== undefined) record.apiKey = upstreamKey;
  const format = value(env, 'RECORDING_FORMAT') ?? value(env, 'CASSETTE_FORMAT');
  if (format !== undefined) {
    if (format !== 'yaml' && format !== 'json')
      throw new LegacyEnvError(
        `${value(env, 'RECORDING_FORMAT') ? 'RECORDING_FORMAT' : 'CASSETTE_FORMAT'} must be yaml or json, not "${format}"`,
      );
    record.format = format;
  }
  const dir = recordingDir(env, legacyMode !== undefined && legacyMode !== 'generate' && !context.scenariosGiven, mode, files);
  if (dir !== undefined) {
    record.dir = dir;
    const replays = mode === 'replay' || mode === 'record-missing';
    if (mode === 'replay' && !files.exists(dir))
      throw new LegacyEnvError(
        `replay reads its recordings from ${dir}, which does not exist: record them first (SIMULATOR_MODE=record), or set RECORDING_DIR (or CASSETTE_DIR) to the directory that holds them`,
      );
    if ((mode === 'record' || mode === 'record-missing') && !files.exists(dir)) legacy.createDirs.push(dir);
    if (replays) overrides.replay = { cassettes: [dir] };
  }
  if (Object.keys(record).length > 0) overrides.record = record;

  if (boolean(env, 'RECORDING_AUTOSAVE') === false)
    notices.push(
      'RECORDING_AUTOSAVE=False changes nothing here: each answer is recorded as it arrives at a cost that does not grow with the recording, so there is nothing to save later (POST /++/save-recordings has no equivalent).',
    );
  // record and replay served any deployment name there, whatever this said: the recordings decide
  const undefinedDeployments =
    (overrides.mode !== undefined && overrides.mode !== 'generate') || boolean(env, 'ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS');
  if (undefinedDeployments !== undefined) overrides.undefinedDeployments = undefinedDeployments;
  const deploymentFile = value(env, 'OPENAI_DEPLOYMENT_CONFIG_PATH');
  if (deploymentFile !== undefined) overrides.deployments = deploymentsFromJson(readDeploymentFile(files, deploymentFile), deploymentFile);
  const latency = legacyLatency(env, notices);
  if (latency) overrides.latency = latency;
  for (const [name, notice] of Object.entries(PYTHON_CODE)) if (value(env, name) !== undefined) notices.push(notice);
  return legacy;
}

/** The level name pino knows for a Python logging level (DEBUG, INFO, WARNING, ERROR, CRITICAL, in any case); others as they are. */
export function legacyLogLevel(level: string | undefined): string | undefined {
  if (!level) return undefined;
  const python: Record<string, string> = { warning: 'warn', critical: 'fatal', notset: 'trace' };
  const lower = level.trim().toLowerCase();
  return python[lower] ?? lower;
}

/**
 * Where recordings go: RECORDING_DIR (aoai-api-simulator) or CASSETTE_DIR (aoai-simulated-api), which must agree
 * when both are set; else, when `defaulted`, the first of the Python simulators' defaults that exists (for
 * replay) or aoai-api-simulator's.
 */
function recordingDir(env: NodeJS.ProcessEnv, defaulted: boolean, mode: Mode | undefined, files: LegacyFiles): string | undefined {
  const recording = value(env, 'RECORDING_DIR');
  const cassette = value(env, 'CASSETTE_DIR');
  if (recording !== undefined && cassette !== undefined && recording !== cassette)
    throw new LegacyEnvError(`RECORDING_DIR ("${recording}") and CASSETTE_DIR ("${cassette}") name different directories: set one of them`);
  if (recording !== undefined || cassette !== undefined || !defaulted) return recording ?? cassette;
  return (mode === 'replay' && DEFAULT_DIRS.find((dir) => files.exists(dir))) || DEFAULT_DIRS[0];
}

function readDeploymentFile(files: LegacyFiles, path: string): string {
  try {
    return files.readText(path);
  } catch (error) {
    throw new LegacyEnvError(`OPENAI_DEPLOYMENT_CONFIG_PATH: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A variable's value; empty counts as unset, as in the rest of the CLI. */
function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || undefined;
}

/** A boolean as pydantic read one for the Python simulators: true/false, 1/0, yes/no, on/off, t/f, y/n, in any case. */
function boolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const text = value(env, name)?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(text)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(text)) return false;
  throw new LegacyEnvError(`${name} must be True or False, not "${env[name]}"`);
}
