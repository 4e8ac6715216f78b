import type { AoaiError } from '../http/aoai-error.ts';
import { asServiceError } from '../http/error-middleware.ts';
import type { Reply } from './reply.ts';
import { runTurn } from './run-turn.ts';
import type { Turn } from './turn.ts';
import type { TurnRuntime } from './turn-runtime.ts';

/**
 * Runs a turn and renders what it throws as the service's error, through the turn's Reply: the one place a
 * data-plane error becomes an answer (koa's ctx.onerror habit). Never rejects for a service error.
 */
export async function serveTurn(turn: Turn, runtime: TurnRuntime): Promise<void> {
  const { reply, notes } = turn;
  try {
    await runTurn(turn, runtime);
  } catch (caught) {
    const error = asServiceError(caught, reply.requestId, runtime.logger);
    notes.errorCode = error.code;
    // an answer already under way (a stream, the recording proxy) cannot become an error any more: cut it
    if (reply.answered) return reply.abort();
    try {
      sendError(reply, error);
    } catch (failure) {
      // a header set on the way cannot be sent (a rule's raw header, say): answer with the service's own
      reply.resetHeaders();
      const fallback = asServiceError(failure, reply.requestId, runtime.logger);
      notes.errorCode = fallback.code;
      sendError(reply, fallback);
    }
  }
}

function sendError(reply: Reply, error: AoaiError): void {
  reply.set(error.headers);
  reply.send(error.status, 'application/json', error.body);
}
