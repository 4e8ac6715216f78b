import { Agent, type Dispatcher } from 'undici';

/** What a simulator started with TLS tells about its certificate. */
export interface SimulatorTls {
  /**
   * The certificate it serves (PEM): self-signed for localhost, 127.0.0.1 and ::1, and its own issuer, so a client
   * that trusts it as a CA reaches it over https and wss.
   *
   * @example
   *   const rt = await OpenAIRealtimeWS.azure(new AzureOpenAI(sim.getClientOptions('gpt-realtime')), { options: { ca: sim.tls!.cert } });
   */
  readonly cert: string;
}

/** The `fetchOptions` that make an openai client (AzureOpenAI, OpenAI) trust a simulator's certificate. */
export interface TrustingFetchOptions {
  dispatcher: Dispatcher;
}

/**
 * A handle's trust in its simulator's certificate: one undici agent, made when a client first asks for it and
 * shared by every client the handle hands options to, so that their connections are pooled and closed together.
 * openai's clients fetch through undici (Node's fetch), which takes the certificate to trust from a dispatcher.
 */
export class CertificateTrust {
  readonly tls: SimulatorTls;
  #agent: Agent | undefined;

  constructor(cert: string) {
    this.tls = { cert };
  }

  fetchOptions(): TrustingFetchOptions {
    // `ca` replaces the default roots for this agent only: it reaches the simulator and nothing else
    this.#agent ??= new Agent({ connect: { ca: this.tls.cert } });
    return { dispatcher: this.#agent };
  }

  /**
   * Drops the agent's connections once the simulator has stopped: by then it has finished what was in flight, and
   * a graceful close could wait on a response body nobody reads.
   */
  async close(): Promise<void> {
    await this.#agent?.destroy();
  }
}
