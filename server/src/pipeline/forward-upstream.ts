import type { RecordedRequest } from '../cassettes/index.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { Exchange } from '../http/exchange.ts';
import { recordedRequest } from '../replay/cassette-runtime.ts';
import { proxyAndRecord } from '../routes/proxy-and-record.ts';
import type { Turn } from './turn.ts';

/** Record mode: a transparent proxy, with no simulated limits, faults or rules between the app and the service. */
export function recordsEverything(turn: Turn): boolean {
  return turn.state.cassettes?.mode === 'record' && turn.body.raw !== undefined;
}

/** The request as a cassette keeps it: what a replay looks up and a recording writes. */
export function recordedRequestOf(turn: Turn): RecordedRequest {
  const { fields, files } = turn.body;
  return recordedRequest(turn.inbound.method, turn.identity.operation, turn.resolved.name, turn.apiVersion, fields, files);
}

/**
 * Forwards the request to the real service and records the answer as it streams back to the client. Only an
 * HTTP exchange can be forwarded: the proxy writes the service's answer to the client as it arrives.
 */
export function forwardUpstream(turn: Turn, recorded: RecordedRequest = recordedRequestOf(turn)): Promise<void> {
  const { cassettes } = turn.state;
  const { raw } = turn.body;
  if (!(turn.reply instanceof Exchange) || !cassettes || !raw) throw cannotForward();
  return proxyAndRecord(turn.reply, cassettes, recorded, raw, turn.identity.testId);
}

function cannotForward(): AoaiError {
  return AoaiError.openai(500, 'Only a request over HTTP can be recorded: it is forwarded to the upstream as it arrived.', {
    type: 'server_error',
    code: 'cannot_record',
  });
}
