import type { IncomingMessage } from 'node:http';
import type { Clock } from '../clock/index.ts';
import type { SimConfig } from '../config/resolve-config.ts';
import { DEFAULT_RESOURCE, Resource } from './resource.ts';

/** The path prefix that names a resource, for clients that cannot change host or port: `/r/{name}/openai/…`. */
export const RESOURCE_PREFIX = '/r/';

/**
 * Which resource a request is for, from the one table of the simulator's resources: by the path prefix
 * `/r/{name}`, else by the port it arrived on, else by its Host header's name, else the simulator's own. Built
 * at startup, as listening is fixed then. A simulator with no `resources:` reads nothing of the request.
 */
export class ResourceDirectory {
  /** The simulator's own resource: the top-level deployments, the server's region and keys. */
  readonly own: Resource;
  /** No resources but the simulator's own. */
  readonly single: boolean;
  readonly #byName = new Map<string, Resource>();
  readonly #byHost = new Map<string, Resource>();
  readonly #byPort = new Map<number, Resource>();
  /** The resource of each request Koa serves (the data plane is handed its own), when there are several. */
  readonly #ofRequest = new WeakMap<IncomingMessage, Resource>();

  constructor(config: SimConfig, clock: Clock) {
    this.own = new Resource(DEFAULT_RESOURCE, config.server, clock);
    this.single = config.resources.size === 0;
    this.#byName.set(DEFAULT_RESOURCE, this.own);
    for (const resolved of config.resources.values()) {
      const resource = Resource.of(resolved, config.server, clock);
      this.#byName.set(resolved.name.toLowerCase(), resource);
      for (const host of resolved.hosts) this.#byHost.set(host, resource);
      if (resolved.port !== undefined) this.#byPort.set(resolved.port, resource);
    }
  }

  /** Every resource, the simulator's own first. */
  all(): Resource[] {
    return [...this.#byName.values()];
  }

  /** A resource by its name, in any case. */
  named(name: string): Resource | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** The ports resources listen on of their own, with the resource each leads to. */
  ports(): Array<{ port: number; resource: Resource }> {
    return [...this.#byPort].map(([port, resource]) => ({ port, resource }));
  }

  /**
   * The resource a request (its URL already normalized) is for. A path prefix naming a resource is taken off
   * `req.url`, so that every route after this sees the path the service would; one naming no resource is left
   * for the routes to refuse (undefined).
   */
  pick(req: IncomingMessage): Resource | undefined {
    if (this.single) return this.own;
    const url = req.url ?? '/';
    if (url.startsWith(RESOURCE_PREFIX)) {
      const end = endOfSegment(url, RESOURCE_PREFIX.length);
      const resource = this.#byName.get(url.slice(RESOURCE_PREFIX.length, end).toLowerCase());
      if (resource) req.url = end === url.length || url[end] === '?' ? `/${url.slice(end)}` : url.slice(end);
      return resource;
    }
    const byPort = this.#byPort.get(req.socket.localPort ?? 0);
    if (byPort) return byPort;
    const host = req.headers.host;
    return (host === undefined ? undefined : this.#byHost.get(hostName(host))) ?? this.own;
  }

  /** Notes the resource a request Koa will serve is for, for its routes to read (see of). */
  remember(req: IncomingMessage, resource: Resource): void {
    if (!this.single) this.#ofRequest.set(req, resource);
  }

  /** The resource a request Koa serves is for (see remember). */
  of(req: IncomingMessage): Resource {
    return this.single ? this.own : (this.#ofRequest.get(req) ?? this.own);
  }
}

function endOfSegment(url: string, from: number): number {
  for (let i = from; i < url.length; i++) if (url[i] === '/' || url[i] === '?') return i;
  return url.length;
}

/** A Host header's name, lower case, without its port (`[::1]:8080` keeps its brackets' content). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']')).toLowerCase();
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}
