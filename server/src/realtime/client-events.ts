import { RealtimeProblem } from './realtime-problem.ts';

/** The client events this simulator answers so far; the others of the protocol are refused as not supported yet. */
export const CLIENT_EVENT_TYPES = [
  'session.update',
  'conversation.item.create',
  'conversation.item.delete',
  'conversation.item.retrieve',
  'response.create',
  'response.cancel',
  'conversation.item.truncate',
] as const;

/** Client events of the protocol that this simulator does not answer yet (audio, truncation). */
const NOT_YET = new Set([
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'output_audio_buffer.clear',
  'transcription_session.update',
]);

export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

/** A client event, its type known and its fields still to be checked by the one who answers it. */
export interface ClientEvent {
  readonly type: ClientEventType;
  readonly eventId: string | undefined;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * A WebSocket message as a client event, or the problem to answer it with: text that is not a JSON object, an
 * event without a known `type`. Every known type is listed in the refusal, as the service lists the supported
 * values of an invalid one.
 */
export function parseClientEvent(data: string): ClientEvent | RealtimeProblem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    return new RealtimeProblem('invalid_json', `The event could not be parsed as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return new RealtimeProblem('invalid_json', 'The event must be a JSON object.');
  const fields = parsed as Record<string, unknown>;
  const eventId = typeof fields.event_id === 'string' ? fields.event_id : undefined;
  const problem = typeProblem(fields.type);
  if (problem) {
    problem.eventId = eventId ?? null;
    return problem;
  }
  return { type: fields.type as ClientEventType, eventId, fields };
}

function typeProblem(type: unknown): RealtimeProblem | undefined {
  if (type === undefined) return RealtimeProblem.missing('type');
  if (typeof type !== 'string') return RealtimeProblem.invalidType('type', 'a string');
  if ((CLIENT_EVENT_TYPES as readonly string[]).includes(type)) return undefined;
  if (NOT_YET.has(type))
    return new RealtimeProblem('unsupported_event', `The simulator does not answer '${type}' events yet (see docs/realtime.md).`, 'type');
  return RealtimeProblem.invalidValue('type', type, [...CLIENT_EVENT_TYPES, ...NOT_YET]);
}

/** The fields of an event besides `type` and `event_id` that are not among `known`: the first one, refused. */
export function unknownField(
  fields: Readonly<Record<string, unknown>>,
  known: readonly string[],
  prefix = '',
): RealtimeProblem | undefined {
  for (const name of Object.keys(fields)) {
    if (name === 'type' && prefix === '') continue;
    if (name === 'event_id' && prefix === '') continue;
    if (!known.includes(name)) return RealtimeProblem.unknown(`${prefix}${name}`);
  }
  return undefined;
}
