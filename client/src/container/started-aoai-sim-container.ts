import { AbstractStartedContainer, type StartedTestContainer } from 'testcontainers';
import { AoaiSimControl } from '../control/index.ts';
import { CertificateTrust, type SimulatorTls } from '../tls/certificate-trust.ts';
import { DEFAULT_API_VERSION, SIM_PORT } from './constants.ts';
import {
  clientOptions,
  openAIV1Options,
  resourceEndpoint,
  resourceEndpoints,
  type AzureClientOptions,
  type OpenAIV1Options,
  type ResourceChoice,
} from './client-options.ts';

/** A started simulator: where it is, options ready for the SDKs, and its control API. */
export class StartedAoaiSimContainer extends AbstractStartedContainer {
  readonly control: AoaiSimControl;
  /** With withTls(): the certificate the simulator serves, for clients the handle does not configure (realtime). */
  readonly tls: SimulatorTls | undefined;
  private readonly apiKey: string;
  private readonly adminKey: string;
  private readonly trust: CertificateTrust | undefined;

  constructor(started: StartedTestContainer, apiKey: string, adminKey: string, cert?: string) {
    super(started);
    this.apiKey = apiKey;
    this.adminKey = adminKey;
    this.trust = cert === undefined ? undefined : new CertificateTrust(cert);
    this.tls = this.trust?.tls;
    this.control = new AoaiSimControl(this.getEndpoint(), adminKey, cert === undefined ? {} : { ca: cert });
  }

  /** The control API's key (sent as x-sim-admin-key), for calls made other than through `control`. */
  getAdminKey(): string {
    return this.adminKey;
  }

  /** e.g. http://localhost:49153, or https://localhost:49153 with withTls() */
  getEndpoint(): string {
    return `${this.trust ? 'https' : 'http'}://${this.getHost()}:${this.getMappedPort(SIM_PORT)}`;
  }

  getApiKey(): string {
    return this.apiKey;
  }

  /**
   * `{ endpoint, apiKey, apiVersion, deployment }`, ready for `new AzureOpenAI(...)`, and with TLS `fetchOptions`
   * whose agent trusts the simulator's certificate; with `resource`, for that one of the scenarios' `resources:` (by
   * its path prefix, which needs no port of its own mapped).
   */
  getClientOptions(deployment?: string, choice: ResourceChoice = {}): AzureClientOptions {
    const endpoint = resourceEndpoint(this.getEndpoint(), choice.resource);
    return clientOptions(endpoint, this.apiKey, DEFAULT_API_VERSION, deployment, this.trust?.fetchOptions());
  }

  /** Every resource's endpoint by name (the simulator's own as `default`), for a gateway's backends. */
  getResourceEndpoints(): Promise<Record<string, string>> {
    return resourceEndpoints(this.getEndpoint(), this.control);
  }

  /** `{ baseURL, apiKey }` for `new OpenAI(...)` on the /openai/v1/ routes (the deployment goes in `model`). */
  getOpenAIV1Options(): OpenAIV1Options {
    return openAIV1Options(this.getEndpoint(), this.apiKey, this.trust?.fetchOptions());
  }

  protected override async containerStopped(): Promise<void> {
    await this.trust?.close();
  }
}
