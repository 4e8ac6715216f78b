import { readBody, type RequestBody } from '../http/read-body.ts';
import type { Turn } from './turn.ts';

/**
 * The body, within the resource's limit, as the route's operation takes it (JSON or a form); its bytes kept only
 * when recording needs them. The read itself is the turn's, not a stage's of its own: it resolves with the body.
 */
export function readRequestBody(turn: Turn): Promise<RequestBody> {
  const keepBytes = turn.state.cassettes?.keepsRequestBytes ?? false;
  return readBody(turn.inbound, turn.target.spec.body, turn.identity.resource.maxBodyBytes, keepBytes);
}
