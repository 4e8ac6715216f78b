import type { Operation } from '../generated/scenarios.ts';
import { audioToText, speech } from './audio/index.ts';
import type { ResolvedMemory } from '../config/resolve-config.ts';
import { AnswerCache } from './answer-cache.ts';
import { chatHandler } from './chat/index.ts';
import { completions } from './completions/index.ts';
import { embeddingsHandler } from './embeddings/index.ts';
import { imageEdits } from './images/image-edits.ts';
import { imageGenerations } from './images/index.ts';
import { responsesHandler } from './responses/index.ts';
import { ResponseStore } from './responses/response-store.ts';
import type { OperationHandler } from './types.ts';

export interface OperationHandlers {
  handlers: Readonly<Record<Operation, OperationHandler>>;
  /** Stored responses, for retrieval and for continuing conversations. */
  responses: ResponseStore;
}

/**
 * The default generator's handler for each operation, with the state they keep (one set per server), within
 * `memory`'s bounds.
 */
export function createOperationHandlers(memory: Pick<ResolvedMemory, 'answerCache' | 'storedResponses'>): OperationHandlers {
  const answers = new AnswerCache(memory.answerCache);
  const responses = new ResponseStore(memory.storedResponses);
  return {
    responses,
    handlers: {
      chat: chatHandler(answers),
      completions,
      embeddings: embeddingsHandler(answers),
      images: imageGenerations,
      imageEdits,
      transcriptions: audioToText('transcribe'),
      translations: audioToText('translate'),
      speech,
      responses: responsesHandler(responses),
    },
  };
}
