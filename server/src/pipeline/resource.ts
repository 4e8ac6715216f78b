import type { Clock } from '../clock/index.ts';
import type { ResolvedServer } from '../config/resolve-config.ts';
import { credentialCheck } from '../http/auth.ts';

/** The name of the one resource a simulator stands for today. */
export const DEFAULT_RESOURCE = 'default';

/**
 * A simulated Azure OpenAI resource: its name, its region, its credential check and its body limit. Built when
 * the simulator starts, as those settings are fixed then (see README, "What survives a reload"). A simulator is
 * one resource today; routing by host, port or path prefix will give it several, each a Resource.
 */
export class Resource {
  readonly name: string;
  readonly region: string;
  readonly maxBodyBytes: number;
  /** Throws the service's 401 for a request's `api-key` and `authorization` headers (see credentialCheck). */
  readonly checkCredentials: (apiKey: string, authorization: string, path: string) => void;

  constructor(name: string, server: Pick<ResolvedServer, 'region' | 'maxBodyBytes' | 'auth'>, clock: Clock) {
    this.name = name;
    this.region = server.region;
    this.maxBodyBytes = server.maxBodyBytes;
    this.checkCredentials = credentialCheck(server.auth, clock);
  }
}
