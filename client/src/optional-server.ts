/*
 * The server package (`aoai-sim`) is an optional peer of the client: a test that only starts containers does
 * not install it and its dependencies. The in-process mode needs it; scenario checks before a container starts
 * use it when it is there. Nothing here names the server's types, so the client's declarations stand alone.
 */
import { createRequire } from 'node:module';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import type { Scenarios } from './generated/scenarios.ts';

const SERVER_PACKAGE = 'aoai-sim';

/** What the client calls in the server package (checked against it in test-support/server-conformance.ts). */
export interface ServerModule {
  startSimulator: (options: {
    port: number;
    host: string;
    apiKeys: string[];
    adminApiKey?: string;
    scenarios?: Scenarios | string;
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    tls?: boolean;
  }) => Promise<{ url: string; tls?: { cert: string }; close(): Promise<void> }>;
  loadScenarios: (file: string) => Promise<unknown>;
  validateScenariosObject: (data: unknown) => Scenarios;
  ConfigError: abstract new (...args: never[]) => Error & { issues: readonly ConfigIssue[] };
}

const require = createRequire(import.meta.url);

function installed(): boolean {
  try {
    require.resolve(SERVER_PACKAGE);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return false;
    throw error;
  }
}

/**
 * The server package when it is installed, undefined without it; a server that is there but fails to load throws.
 * Loaded with require() (Node loads ES modules so from 22.12 on), synchronously, so that defineScenarios can
 * answer at once, and by the in-process mode too: an import() of the same module still in flight would make
 * require() fail.
 */
export function serverIfInstalled(): ServerModule | undefined {
  if (!installed()) return undefined;
  try {
    return require(SERVER_PACKAGE) as ServerModule;
  } catch (error) {
    // the caller's own import('aoai-sim') is still loading it: checks made here wait for the server to make them
    if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM_RACE_CONDITION') return undefined;
    throw error;
  }
}

/** The server package, for what cannot run without it; a missing one is said with the command that adds it. */
export async function serverFor(purpose: string): Promise<ServerModule> {
  if (!installed()) throw new ServerMissingError(purpose);
  return serverIfInstalled() ?? ((await import(SERVER_PACKAGE)) as ServerModule);
}

/** The client needs the server package for something, and it is not installed. */
export class ServerMissingError extends Error {
  constructor(purpose: string) {
    super(
      `aoai-sim: ${purpose} needs the simulator's server package, which is not installed: ` +
        `run \`npm install --save-dev ${SERVER_PACKAGE}\` (the same version as @aoai-sim/client). ` +
        `Containers (AoaiSimContainer) run without it.`,
    );
    this.name = 'ServerMissingError';
  }
}

/** The server's ConfigError as the client's own, so that `instanceof ConfigError` holds for the client's users. */
export function asClientError(server: ServerModule, error: unknown): unknown {
  return error instanceof server.ConfigError && !(error instanceof ConfigError) ? new ConfigError(error.issues) : error;
}
