/** The server events whose `delta` is base64 audio: the bulk of a spoken response's bytes. */
const AUDIO_DELTAS = new Set(['response.output_audio.delta', 'response.audio.delta']);

/**
 * One server event as the text of its WebSocket message. An audio delta's base64 (kilobytes, ten a second per
 * session) holds nothing JSON escapes, so it is put in as it is rather than scanned by JSON.stringify; every other
 * event is plain JSON. The parsed result is the same either way.
 */
export function serverEventText(type: string, eventId: string, fields: Record<string, unknown>): string {
  const { delta } = fields;
  if (typeof delta !== 'string' || !AUDIO_DELTAS.has(type)) return JSON.stringify({ type, event_id: eventId, ...fields });
  const rest = { ...fields };
  delete rest.delta;
  const head = JSON.stringify({ type, event_id: eventId, ...rest });
  return `${head.slice(0, -1)},"delta":"${delta}"}`;
}
