import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { compileMessageSanitizer } from '../../cassettes/index.ts';
import { realClock } from '../../clock/index.ts';
import { AoaiError } from '../../http/aoai-error.ts';
import type { TurnRuntime } from '../../pipeline/index.ts';
import type { CassetteRuntime } from '../../replay/cassette-runtime.ts';
import type { SessionOpening } from '../realtime-session.ts';
import type { CassetteSession } from './cassette-session.ts';
import { DEFAULT_REALTIME_MAX_BYTES, RealtimeCassettes, sessionSource } from './realtime-cassettes.ts';
import { RecordedSession } from './recorded-session.ts';
import { ReplayCursor } from './replay-cursor.ts';
import { ReplayedSession } from './replayed-session.ts';
import { SessionRecorder } from './session-recorder.ts';
import { REALTIME_RECORDING_VERSION, type RecordingHeader } from './session-recording.ts';
import { forwardRefusal, unreachable } from './upstream-refusal.ts';
import { callerSecrets, upstreamTarget } from './upstream-target.ts';

/** An upgrade checked and not yet answered: accepted as a WebSocket, or answered over HTTP. */
export interface PendingUpgrade {
  req: IncomingMessage;
  socket: Duplex;
  opening: SessionOpening;
  accept(then: (ws: WebSocket) => void): void;
  refuse(error: AoaiError): void;
}

/** Told when a cassette session opens and ends, as the live sessions' observer is. */
export interface CassetteObserver {
  opened(session: CassetteSession, opening: SessionOpening): void;
  ended(session: CassetteSession, opening: SessionOpening): void;
}

/**
 * Takes a realtime session when the cassettes have a say in it (record or replay mode, or recordings to replay),
 * and serves it from a recording or forwards and records it (see sessionSource). False when the live simulator
 * is to serve it: `live` is then the caller's to call; it is also called here when the miss policy says so.
 * A simulator in generate mode with no cassettes to replay decides at once, without reading anything.
 */
export function cassetteSession(pending: PendingUpgrade, runtime: TurnRuntime, observer: CassetteObserver, live: () => void): boolean {
  const { cassettes, config } = runtime.state.current;
  if (!cassettes || (cassettes.mode === 'generate' && (config.scenarios.replay?.cassettes ?? []).length === 0)) return false;
  const realtime = RealtimeCassettes.of(cassettes, config, runtime.logger);
  void serve(pending, cassettes, realtime, runtime, observer, live).catch((error: unknown) => {
    runtime.logger.error({ err: error }, 'a realtime session could not be served from or into the cassettes');
    pending.refuse(AoaiError.internal(''));
  });
  return true;
}

async function serve(
  pending: PendingUpgrade,
  cassettes: CassetteRuntime,
  realtime: RealtimeCassettes,
  runtime: TurnRuntime,
  observer: CassetteObserver,
  live: () => void,
): Promise<void> {
  const { deployment, flavor } = pending.opening;
  const scripts = cassettes.mode === 'record' ? [] : await realtime.scripts(deployment.name, flavor);
  switch (sessionSource(cassettes.mode, cassettes.onMiss, scripts.length)) {
    case 'live':
      return live();
    case 'refuse': {
      const error = AoaiError.openai(
        404,
        `No realtime recording of deployment ${deployment.name} on the ${flavor} route (replay.onMiss: error). Record one with server.mode: record or record-missing.`,
        { code: 'NoRecordingMatch' },
      );
      error.logNote = `realtime replay miss: no recording of ${deployment.name} (${flavor})`;
      runtime.logger.warn(error.logNote);
      return pending.refuse(error);
    }
    case 'replay':
      return pending.accept((ws) => {
        const sanitize = compileMessageSanitizer(
          runtime.state.current.config.scenarios.record?.sanitize ?? {},
          callerSecrets(pending.opening.headers),
        );
        const options = { scheduler: runtime.scheduler, paced: cassettes.timing !== 'none', sanitize };
        const session = new ReplayedSession(ws, new ReplayCursor(scripts), options, openedAt(runtime));
        session.onMiss = (message) =>
          runtime.logger.warn({ session: session.id, deployment: deployment.name }, `realtime replay miss: ${message}`);
        observe(observer, session, pending.opening);
      });
    case 'record':
      return record(pending, cassettes, realtime, runtime, observer);
  }
}

async function record(
  pending: PendingUpgrade,
  cassettes: CassetteRuntime,
  realtime: RealtimeCassettes,
  runtime: TurnRuntime,
  observer: CassetteObserver,
): Promise<void> {
  if (!cassettes.upstream) {
    const message = 'Recording needs an upstream endpoint: set record.upstream (or AZURE_OPENAI_ENDPOINT).';
    return pending.refuse(AoaiError.openai(500, message, { type: 'server_error', code: 'no_upstream' }));
  }
  const { opening } = pending;
  const record = runtime.state.current.config.scenarios.record ?? {};
  const target = upstreamTarget(cassettes.upstream, pending.req.url ?? '/', opening.headers);
  const sanitize = compileMessageSanitizer(record.sanitize ?? {}, target.secrets);
  const { WebSocket } = await import('ws');
  const upstream = new WebSocket(target.url, { headers: target.headers, perMessageDeflate: false, handshakeTimeout: 30_000 });
  // the client is answered once: by its upgrade, by the upstream's refusal, or by a 502
  let answered = false;
  let session: RecordedSession | undefined;
  pending.socket.once('close', () => {
    if (session?.attached) return;
    upstream.terminate();
    session?.abandon();
  });
  upstream.once('unexpected-response', (request, response) => {
    answered = true;
    forwardRefusal(request, response, pending.socket);
  });
  upstream.on('error', (error) => {
    runtime.logger.debug({ err: error }, 'realtime upstream socket error');
    if (answered) return;
    answered = true;
    pending.refuse(unreachable(cassettes.upstream!.endpoint, error));
  });
  upstream.once('open', () => {
    answered = true;
    let recorder: SessionRecorder;
    try {
      recorder = SessionRecorder.open(
        record.dir ?? 'cassettes',
        header(runtime, opening),
        record.realtimeMaxBytes ?? DEFAULT_REALTIME_MAX_BYTES,
        sanitize,
      );
    } catch (error) {
      runtime.logger.error({ err: error }, 'a realtime recording could not be started');
      upstream.terminate();
      return pending.refuse(AoaiError.internal(''));
    }
    const recorded = (session = new RecordedSession(upstream, recorder, openedAt(runtime)));
    // a session recorded while replaying (record-missing) is there for the next one, as an HTTP recording is
    if (cassettes.mode !== 'record') recorded.onRecorded = (file) => realtime.add(file, runtime.logger);
    pending.accept((ws) => {
      recorded.attach(ws);
      observe(observer, recorded, opening);
    });
  });
}

function header(runtime: TurnRuntime, opening: SessionOpening): RecordingHeader {
  const testId = opening.headers[runtime.state.current.config.server.testIdHeader];
  return {
    version: REALTIME_RECORDING_VERSION,
    kind: 'realtime-session',
    name: typeof testId === 'string' && testId !== '' ? testId : 'default',
    deployment: opening.deployment.name,
    flavor: opening.flavor,
    recordedAt: new Date(realClock.epochMs()).toISOString(),
  };
}

function observe(observer: CassetteObserver, session: CassetteSession, opening: SessionOpening): void {
  observer.opened(session, opening);
  session.onEnd = () => observer.ended(session, opening);
}

function openedAt(runtime: TurnRuntime): CassetteSession['openedAt'] {
  return { epochMs: runtime.state.clock.epochMs(), now: runtime.state.clock.now() };
}
