import type { Clock } from '../clock/index.ts';
import type { Journal } from '../journal/index.ts';
import type { SimMetrics } from '../metrics/index.ts';
import type { CassetteSession } from './cassette/cassette-session.ts';
import type { RealtimeSession, SessionOpening } from './realtime-session.ts';
import type { SessionObserver } from './realtime-upgrade.ts';

export { realtimeUpgrade, type UpgradeListener, type SessionObserver } from './realtime-upgrade.ts';

/**
 * What the simulator does as sessions open and end: the sessions-open gauge, and a journal entry per session
 * when it ends (status 101, the upgrade's headers, how long it lasted, how many responses it asked for, its audio
 * seconds in and out and its events by direction and type), beside
 * the entry each response makes as a request of the `realtime` operation.
 */
export function realtimeSessionObserver(metrics: SimMetrics, journal: Journal, clock: Clock, testIdHeader: () => string): SessionObserver {
  const closers = new WeakMap<object, () => void>();
  return {
    opened(session, opening) {
      closers.set(session, metrics.realtimeSessionOpened({ resource: opening.resource.name, deployment: opening.deployment.name }));
    },
    ended(session, opening) {
      closers.get(session)?.();
      journal.add(sessionEntry(session, opening, clock.now() - session.openedAt.now, testIdHeader()));
    },
  };
}

function sessionEntry(
  session: RealtimeSession | CassetteSession,
  opening: SessionOpening,
  totalMs: number,
  testIdHeader: string,
): Parameters<Journal['add']>[0] {
  // a session served from a recording, or forwarded and recorded, says so, as a replayed HTTP request does
  const cassette = 'cassette' in session ? session.cassette : undefined;
  const body = JSON.stringify({
    session: session.id,
    flavor: opening.flavor,
    responses: session.responses,
    ...('traffic' in session ? session.traffic.summary() : {}),
    ...(cassette ? { cassette } : {}),
  });
  const testId = opening.headers[testIdHeader];
  return {
    time: session.openedAt.epochMs,
    requestId: session.id,
    method: 'GET',
    path: opening.path,
    deployment: opening.deployment.name,
    resource: opening.resource.name,
    region: opening.resource.region,
    operation: 'realtime',
    apiVersion: opening.apiVersion,
    testId: typeof testId === 'string' ? testId : undefined,
    stream: true,
    status: 101,
    request: { headers: opening.headers },
    response: { body, bytes: Buffer.byteLength(body) },
    latency: { totalMs },
    ...(cassette ? { cassette: cassette.file } : {}),
  };
}
