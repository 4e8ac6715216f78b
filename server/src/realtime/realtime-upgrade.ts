import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { deploymentsOf } from '../config/resolve-resources.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { rawAnswer } from '../http/http-server.ts';
import { normalizeTarget } from '../http/request-target.ts';
import type { ResourceDirectory, TurnRuntime } from '../pipeline/index.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import { cassetteSession } from './cassette/cassette-sessions.ts';
import type { CassetteSession } from './cassette/cassette-session.ts';
import { isRealtimePath, realtimeAddress } from './realtime-address.ts';
import { RealtimeSession, type SessionOpening } from './realtime-session.ts';
import { SESSION_LIFETIME_SECONDS } from './session-config.ts';
import { SessionQuota } from './session-quota.ts';

/** Takes an HTTP upgrade: Node's server 'upgrade' event. */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Told when a session opens and when it ends: the metrics' sessions open, the journal. */
export interface SessionObserver {
  opened(session: RealtimeSession | CassetteSession, opening: SessionOpening): void;
  ended(session: RealtimeSession | CassetteSession, opening: SessionOpening): void;
}

/**
 * The Realtime API beside the data plane: a WebSocket upgrade on the GA route (`/openai/v1/realtime?model=`)
 * or the preview's (`/openai/realtime?api-version=&deployment=`), on the same port, HTTP or HTTPS. The request
 * is checked as the service checks it before it switches protocols: the credential (the `api-key` header, an
 * `api-key` query parameter, or a bearer token, as Azure's realtime docs list them), the api-version on the
 * preview route, and a deployment of a realtime model; a refusal is the data plane's HTTP answer, its status and
 * body, and no upgrade. Koa is not on this path, and an HTTP request never reaches it.
 */
export function realtimeUpgrade(resources: ResourceDirectory, runtime: TurnRuntime, observer: SessionObserver): UpgradeListener {
  // noServer: the simulator's own server hands over the upgrades; compression off, as the service's clients ask.
  // ws is loaded at the first upgrade, so that a simulator nobody opens a session on does not pay for it at start
  let sockets: Promise<WebSocketServer> | undefined;
  const quota = new SessionQuota(
    () => runtime.state.store.limits,
    () => runtime.state.clock.epochMs(),
  );
  const socketServer = () =>
    (sockets ??= import('ws').then(({ WebSocketServer }) => new WebSocketServer({ noServer: true, perMessageDeflate: false })));
  return (req, socket, head) => {
    socket.on('error', (error) => runtime.logger.debug({ err: error }, 'realtime upgrade socket error'));
    req.url = normalizeTarget(req.url ?? '/');
    const resource = resources.pick(req);
    const url = req.url;
    const question = url.indexOf('?');
    const path = question === -1 ? url : url.slice(0, question);
    let opening: SessionOpening;
    let admitted: ReturnType<SessionQuota['admit']>;
    try {
      if (resource === undefined || !isRealtimePath(path)) throw AoaiError.resourceNotFound();
      const config = runtime.state.current.config;
      const query = new URLSearchParams(question === -1 ? '' : url.slice(question + 1));
      const queryKey = query.get('api-key') ?? '';
      const headerKey = headerValue(req.headers['api-key']);
      resource.checkCredentials(headerKey || queryKey, headerValue(req.headers.authorization), path);
      const address = realtimeAddress(path, query, config.server.apiVersionPolicy);
      const deployment =
        deploymentsOf(config, resource.name).get(address.deployment) ?? config.undefinedDeployment?.(address.deployment, 'realtime');
      if (!deployment) throw serviceErrors.deploymentNotFound();
      if (!deployment.operations.has('realtime')) throw serviceErrors.operationNotSupported('realtime', deployment.name);
      // the turns of the session authenticate as its upgrade did, also when the key came in the query
      const headers = headerKey || !queryKey ? req.headers : { ...req.headers, 'api-key': queryKey };
      opening = {
        flavor: address.flavor,
        resource,
        deployment: { name: deployment.name, model: deployment.model },
        headers,
        path,
        apiVersion: address.apiVersion,
        lifetimeSeconds: deployment.realtime?.sessionMaxSeconds ?? SESSION_LIFETIME_SECONDS,
      };
      admitted = quota.admit(resource.name, deployment, address.apiVersion);
    } catch (error) {
      return refuse(error);
    }
    const accept = (then: (ws: WebSocket) => void) => void socketServer().then((server) => server.handleUpgrade(req, socket, head, then));
    const live = () =>
      accept((ws) => {
        const session = new RealtimeSession(ws, opening, runtime);
        observer.opened(session, opening);
        session.onEnd = () => observer.ended(session, opening);
      });
    void Promise.resolve(admitted).then((release) => {
      if (release instanceof AoaiError) return refuse(release);
      // the socket closes once whether the upgrade goes through or the client leaves first
      if (socket.destroyed) return release();
      socket.once('close', release);
      // record and replay take the session when the cassettes have a say in it (see cassetteSession)
      if (!cassetteSession({ req, socket, opening, accept, refuse }, runtime, observer, live)) live();
    }, refuse);

    function refuse(error: unknown): void {
      if (!(error instanceof AoaiError)) runtime.logger.error({ err: error }, 'a realtime upgrade could not be checked');
      const refusal = error instanceof AoaiError ? error : AoaiError.internal('');
      socket.end(rawAnswer(refusal, resource?.region ?? runtime.state.current.config.server.region));
    }
  };
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
