import { routeMatcher } from '../routes/data-plane-routes.ts';
import { ROUTES, type RouteSpec } from '../routes/route-specs.ts';
import type { Resource } from './resource.ts';

/** What a request is addressed to: the resource, the route (its operation and body) and the route's parameters. */
export interface Target {
  readonly resource: Resource;
  readonly spec: RouteSpec;
  /** The route's parameters, decoded: `deployment` on the routes that name it in the path. */
  readonly params: Readonly<Record<string, string>>;
}

const SLASH = 47;
const OPENAI = '/openai';
const V1 = '/v1/';
const DEPLOYMENTS = '/deployments/';
const DEPLOYMENT_PARAM = '/:deployment';
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The data plane's addresses, built once at startup: a request's path is looked up once, in maps keyed by the
 * path below its deployment (or below `/openai/v1`), rather than tried against each route's regular expression
 * in turn. It matches as @koa/router does (fixed segments in any case, one trailing slash, the deployment
 * decoded), which the table's tests check against the routes' own matchers. The routes are the same for every
 * resource: a lookup names the resource the request is for (see ResourceDirectory), or the table's own.
 */
export class TargetTable {
  readonly #resource: Resource;
  /** Operation paths in lower case, by where they hang: under `/openai`, `/openai/v1`, or a deployment of either. */
  readonly #bare = new Map<string, RouteSpec>();
  readonly #v1 = new Map<string, RouteSpec>();
  readonly #dated = new Map<string, RouteSpec>();
  readonly #v1Deployment = new Map<string, RouteSpec>();
  /** The routes' own matchers, for the rare path whose lower case has another length (a few non-ASCII letters). */
  readonly #matchers: ReadonlyArray<{ spec: RouteSpec; match: ReturnType<typeof routeMatcher> }>;

  constructor(resource: Resource, routes: readonly RouteSpec[] = ROUTES) {
    this.#resource = resource;
    for (const spec of routes) {
      const path = spec.path.toLowerCase();
      const [family, rest] = path.startsWith(`${OPENAI}/v1/deployments${DEPLOYMENT_PARAM}/`)
        ? [this.#v1Deployment, path.slice(`${OPENAI}/v1/deployments${DEPLOYMENT_PARAM}`.length)]
        : path.startsWith(`${OPENAI}/deployments${DEPLOYMENT_PARAM}/`)
          ? [this.#dated, path.slice(`${OPENAI}/deployments${DEPLOYMENT_PARAM}`.length)]
          : path.startsWith(`${OPENAI}${V1}`)
            ? [this.#v1, path.slice(`${OPENAI}/v1`.length)]
            : [this.#bare, path.slice(OPENAI.length)];
      if (!rest.startsWith('/') || rest.includes(':')) throw new Error(`the target table cannot hold the route ${spec.path}`);
      family.set(rest, spec);
    }
    this.#matchers = routes.map((spec) => ({ spec, match: routeMatcher(spec.path) }));
  }

  /** The target of a normalized path (see normalizeTarget) on a resource, or undefined when no route has it. */
  lookup(path: string, resource: Resource = this.#resource): Target | undefined {
    const lower = path.toLowerCase();
    if (lower.length !== path.length) return this.#lookupByMatchers(path, resource);
    if (!lower.startsWith(OPENAI) || lower.charCodeAt(OPENAI.length) !== SLASH) return undefined;
    // one trailing slash is allowed, as @koa/router allows it
    const end = lower.charCodeAt(lower.length - 1) === SLASH ? lower.length - 1 : lower.length;
    let at = OPENAI.length;
    let family = this.#bare;
    let underDeployment = this.#dated;
    if (lower.startsWith(V1, at)) {
      at += V1.length - 1;
      family = this.#v1;
      underDeployment = this.#v1Deployment;
    }
    if (!lower.startsWith(DEPLOYMENTS, at)) {
      const spec = family.get(lower.slice(at, end));
      return spec && { resource, spec, params: NO_PARAMS };
    }
    const from = at + DEPLOYMENTS.length;
    const slash = lower.indexOf('/', from);
    if (slash <= from || slash >= end) return undefined;
    const spec = underDeployment.get(lower.slice(slash, end));
    return spec && { resource, spec, params: { deployment: safeDecode(path.slice(from, slash)) } };
  }

  #lookupByMatchers(path: string, resource: Resource): Target | undefined {
    for (const { spec, match } of this.#matchers) {
      const found = match(path);
      if (found) return { resource, spec, params: found.params };
    }
    return undefined;
  }
}

/** A path segment decoded, or as it is when it is not valid percent-encoding (as the routes' matchers decode). */
function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
