import { AoaiSimControl } from './control/index.ts';
import { DEFAULT_API_KEY, DEFAULT_API_VERSION } from './container/constants.ts';
import {
  clientOptions,
  openAIV1Options,
  resourceEndpoint,
  resourceEndpoints,
  type AzureClientOptions,
  type OpenAIV1Options,
  type ResourceChoice,
} from './container/client-options.ts';
import type { Scenarios } from './generated/scenarios.ts';
import { asClientError, serverFor, type ServerModule } from './optional-server.ts';
import { CertificateTrust, type SimulatorTls } from './tls/certificate-trust.ts';

type RunningSimulator = Awaited<ReturnType<ServerModule['startSimulator']>>;

export interface InProcessOptions {
  /** A scenarios object (checked against the schema) or a scenarios file; the embedded default when absent. */
  scenarios?: Scenarios | string;
  /** The one data-plane api key accepted; DEFAULT_API_KEY, as for a container, unless given. */
  apiKey?: string;
  /** The control API's key; without one the control API is open, as it is to anyone on loopback. */
  adminKey?: string;
  /** `warn` unless given: nothing on a passing test, a hint for a refused request; `info` logs every request. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Serve https and wss, with a self-signed certificate for localhost, 127.0.0.1 and ::1 made at start: `tls.cert`
   * gives it, and the options the handle hands out (SDKs, control) trust it.
   */
  tls?: boolean;
}

/**
 * The simulator in this process, with the same handle as a started container: for fast tests without Docker.
 * It takes the container's defaults: one api key (DEFAULT_API_KEY, which getClientOptions() hands out), the
 * embedded default scenarios, and the latest stable api-version in getClientOptions(). It listens on 127.0.0.1 on
 * a free port, so its control API needs no admin key unless you set one. Logs: warnings only, unless `logLevel`.
 * It needs the server package beside the client (`npm install --save-dev aoai-sim`); containers do not.
 *
 * @example
 *   await using sim = await AoaiSim.startInProcess({ scenarios: { deployments: { chat: { model: 'gpt-4o-2024-08-06' } } } });
 *   const client = new AzureOpenAI(sim.getClientOptions('chat'));
 */
export class AoaiSim {
  readonly control: AoaiSimControl;
  /** With `tls: true`: the certificate the simulator serves, for clients the handle does not configure (realtime). */
  readonly tls: SimulatorTls | undefined;
  private readonly running: RunningSimulator;
  private readonly apiKey: string;
  private readonly adminKey: string | undefined;
  private readonly trust: CertificateTrust | undefined;

  private constructor(running: RunningSimulator, apiKey: string, adminKey: string | undefined) {
    this.running = running;
    this.apiKey = apiKey;
    this.adminKey = adminKey;
    this.trust = running.tls ? new CertificateTrust(running.tls.cert) : undefined;
    this.tls = this.trust?.tls;
    this.control = new AoaiSimControl(running.url, adminKey, this.tls ? { ca: this.tls.cert } : {});
  }

  static async startInProcess(options: InProcessOptions = {}): Promise<AoaiSim> {
    const apiKey = options.apiKey ?? DEFAULT_API_KEY;
    const server = await serverFor('AoaiSim.startInProcess()');
    const running = await server
      .startSimulator({
        port: 0,
        host: '127.0.0.1',
        apiKeys: [apiKey],
        ...(options.adminKey ? { adminApiKey: options.adminKey } : {}),
        ...(options.scenarios !== undefined ? { scenarios: options.scenarios } : {}),
        logLevel: options.logLevel ?? 'warn',
        ...(options.tls ? { tls: true } : {}),
      })
      .catch((error: unknown) => {
        throw asClientError(server, error);
      });
    return new AoaiSim(running, apiKey, options.adminKey);
  }

  getEndpoint(): string {
    return this.running.url;
  }

  getApiKey(): string {
    return this.apiKey;
  }

  /** The control API's key (sent as x-sim-admin-key), when one was set. */
  getAdminKey(): string | undefined {
    return this.adminKey;
  }

  /**
   * `{ endpoint, apiKey, apiVersion, deployment }`, ready for `new AzureOpenAI(...)`, and with TLS `fetchOptions`
   * whose agent trusts the simulator's certificate; with `resource`, for that one of the scenarios' `resources:`.
   *
   * @example
   *   const west = new AzureOpenAI(sim.getClientOptions('gpt-4o', { resource: 'westus' }));
   */
  getClientOptions(deployment?: string, choice: ResourceChoice = {}): AzureClientOptions {
    const endpoint = resourceEndpoint(this.running.url, choice.resource);
    return clientOptions(endpoint, this.apiKey, DEFAULT_API_VERSION, deployment, this.trust?.fetchOptions());
  }

  /**
   * Every resource's endpoint by name (the simulator's own as `default`), for a gateway's backends.
   *
   * @example
   *   const { eastus, westus } = await sim.getResourceEndpoints(); // 'http://127.0.0.1:41234/r/eastus', ...
   */
  getResourceEndpoints(): Promise<Record<string, string>> {
    return resourceEndpoints(this.running.url, this.control);
  }

  getOpenAIV1Options(): OpenAIV1Options {
    return openAIV1Options(this.running.url, this.apiKey, this.trust?.fetchOptions());
  }

  async stop(): Promise<void> {
    await this.running.close();
    await this.trust?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
