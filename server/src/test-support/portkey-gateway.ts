import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { ClientOptions } from 'openai';
import type { TestFn } from 'ava';

/** The status codes a drill expects a gateway to move on from: throttling and the service's 5xx. */
export const RETRYABLE_STATUS_CODES = [429, 500, 502, 503, 504];

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_KEPT = 4_000;

/** A Portkey AI gateway running on loopback for a test. */
export interface RunningPortkeyGateway {
  /** e.g. `http://127.0.0.1:41234`; the OpenAI-compatible API is under `/v1`. */
  url: string;
  /** The end of what the gateway wrote to stderr: where it says why it answered a 500 "Something went wrong". */
  stderr(): string;
  close(): Promise<void>;
}

/** One Azure OpenAI resource in a gateway group. */
export interface AzureTarget {
  /** Where the resource answers, without `/openai`: `http://127.0.0.1:8080`, or with a prefix `http://127.0.0.1:8080/r/eastus`. */
  baseUrl: string;
  apiKey: string;
  deployment: string;
  apiVersion?: string;
  /** Retries on this target before the group moves on; Portkey waits 1 s, 2 s, 4 s… between them (async-retry). */
  retryAttempts?: number;
  /** Its share in a load-balance group. */
  weight?: number;
  /** How long the gateway waits for this target; when it gives up it answers 408, so put 408 in onStatusCodes. */
  requestTimeoutMs?: number;
}

export interface PortkeyGroupOptions {
  mode: 'fallback' | 'loadbalance';
  /** The statuses that send a request on to the next target (fallback) or retry it (each target's retry). */
  onStatusCodes?: number[];
  /** Request headers the gateway passes on to the resource, such as `x-sim-test-id` (it forwards none by default). */
  forwardHeaders?: string[];
}

/** The gateway's bin, or undefined when `@portkey-ai/gateway` is not installed. */
export function portkeyGatewayBin(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@portkey-ai/gateway/build/start-server.js');
  } catch {
    return undefined;
  }
}

/**
 * Starts the gateway's own bin in a child process on a loopback port of its choosing.
 *
 * The bin is one bundle that serves as soon as it is loaded and exports nothing, so it cannot be served in-process.
 * What keeps it off the network: `portkey-loopback.ts` binds it to 127.0.0.1; `--headless` leaves out the log UI;
 * and a bare environment leaves out what would make it call out on its own (REDIS_CONNECTION_STRING for its cache,
 * HTTP(S)_PROXY, cloud credentials such as AZURE_*). Otherwise it only calls the hosts a request's config names.
 *
 * @example
 *   const gateway = await startPortkeyGateway();
 *   t.teardown(() => gateway.close());
 */
export async function startPortkeyGateway(): Promise<RunningPortkeyGateway> {
  const bin = portkeyGatewayBin();
  if (!bin) throw new Error('@portkey-ai/gateway is not installed (it is a root devDependency: run npm ci)');
  const preload = new URL('./portkey-loopback.ts', import.meta.url).href;
  const child = spawn(process.execPath, ['--import', preload, bin, '--port=0', '--headless'], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { PATH: process.env.PATH ?? '' },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Portkey gateway did not listen within ${START_TIMEOUT_MS} ms\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.once('message', (message: { listening?: number }) => {
      clearTimeout(timer);
      if (message.listening) resolve(message.listening);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the Portkey gateway exited (${signal ?? code}) before listening\n${stderr}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(forced);
  };
  return { url: `http://127.0.0.1:${port}`, stderr: () => stderr, close };
}

/**
 * A Portkey config (the `x-portkey-config` header) putting Azure OpenAI resources in one group.
 *
 * Portkey's `azure-openai` provider builds `https://{resource_name}.openai.azure.com/openai` and appends
 * `/deployments/{deployment_id}/chat/completions?api-version=…`; `custom_host` replaces that first part whole, so
 * it carries `/openai` (and any path prefix) itself. It accepts plain http to 127.0.0.1 and `*.localhost` as they
 * are (its TRUSTED_CUSTOM_HOSTS default), and sends the key as `api-key`.
 */
export function portkeyAzureConfig(targets: AzureTarget[], group: PortkeyGroupOptions): Record<string, unknown> {
  const onStatusCodes = group.onStatusCodes ?? RETRYABLE_STATUS_CODES;
  return {
    strategy: { mode: group.mode, on_status_codes: onStatusCodes },
    targets: targets.map((target, index) => ({
      provider: 'azure-openai',
      api_key: target.apiKey,
      // only names the target in Portkey's logs: custom_host decides where requests go
      resource_name: `target-${index}`,
      deployment_id: target.deployment,
      api_version: target.apiVersion ?? '2024-10-21',
      custom_host: `${target.baseUrl.replace(/\/+$/, '')}/openai`,
      retry: { attempts: target.retryAttempts ?? 0, on_status_codes: onStatusCodes },
      ...(target.weight === undefined ? {} : { weight: target.weight }),
      ...(target.requestTimeoutMs === undefined ? {} : { request_timeout: target.requestTimeoutMs }),
      ...(group.forwardHeaders ? { forward_headers: group.forwardHeaders } : {}),
    })),
  };
}

/**
 * Options for the `openai` SDK's `OpenAI` client to talk to the gateway: its OpenAI-compatible `/v1` API with the
 * config in a header. The SDK wants an API key; the gateway sends each target's own key instead of it.
 */
export function portkeyClientOptions(gateway: Pick<RunningPortkeyGateway, 'url'>, config: Record<string, unknown>): ClientOptions {
  return {
    baseURL: `${gateway.url}/v1`,
    apiKey: 'unused-by-the-gateway',
    defaultHeaders: { 'x-portkey-config': JSON.stringify(config) },
    maxRetries: 0,
  };
}

/**
 * One gateway for a test file, started before its tests and stopped after them; it keeps no state between
 * requests, each of which carries its own config. It hides why it failed behind a 500 "Something went wrong" and
 * says why on its stderr, which a failed test logs. Without the package, the file's tests are skipped, except in
 * CI, where that is a failure. `gateway` is read inside a test.
 */
export function portkeyForFile(test: TestFn): { installed: boolean; gateway: () => RunningPortkeyGateway } {
  const installed = portkeyGatewayBin() !== undefined;
  let gateway: RunningPortkeyGateway | undefined;
  if (!installed) {
    if (process.env.CI) test('the Portkey gateway is installed in CI', (t) => t.fail('@portkey-ai/gateway is missing: npm ci installs it'));
    else test.skip('Portkey gateway: skipped, @portkey-ai/gateway is not installed (npm ci installs it)', () => {});
  } else {
    test.before(async () => {
      gateway = await startPortkeyGateway();
    });
    test.after.always(() => gateway?.close());
    test.afterEach.always((t) => {
      if (!t.passed && gateway) t.log(gateway.stderr());
    });
  }
  return { installed, gateway: () => gateway! };
}
