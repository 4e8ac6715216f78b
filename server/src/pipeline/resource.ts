import type { Clock } from '../clock/index.ts';
import type { ResolvedServer } from '../config/resolve-config.ts';
import type { ResolvedResource } from '../config/resolve-resources.ts';
import { credentialCheck } from '../http/auth.ts';

export { DEFAULT_RESOURCE } from '../config/resolve-resources.ts';

/**
 * A simulated Azure OpenAI resource: its name, its region, its credential check and its body limit. Built when
 * the simulator starts, as those settings are fixed then (see README, "What survives a reload"): the simulator's
 * own from the server settings, each of `resources:` from its own over them.
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

  /** One of `resources:`: the server's settings with its region and keys over them. */
  static of(resource: ResolvedResource, server: Pick<ResolvedServer, 'maxBodyBytes' | 'auth'>, clock: Clock): Resource {
    const auth = resource.apiKeys === undefined ? server.auth : { ...server.auth, apiKeys: resource.apiKeys };
    return new Resource(resource.name, { region: resource.region, maxBodyBytes: server.maxBodyBytes, auth }, clock);
  }
}
