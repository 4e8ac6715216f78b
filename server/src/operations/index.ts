import type { Operation } from '../generated/scenarios.ts';
import { audioToText, speech } from './audio/index.ts';
import { chatCompletions } from './chat/index.ts';
import { completions } from './completions/index.ts';
import { embeddings } from './embeddings/index.ts';
import { imageGenerations } from './images/index.ts';
import { responsesHandler } from './responses/index.ts';
import { ResponseStore } from './responses/response-store.ts';
import type { OperationHandler } from './types.ts';

export interface OperationHandlers {
  handlers: Readonly<Record<Operation, OperationHandler>>;
  /** Stored responses, for retrieval and for continuing conversations. */
  responses: ResponseStore;
}

/** The default generator's handler for each operation, with the state they keep (one set per server). */
export function createOperationHandlers(): OperationHandlers {
  const responses = new ResponseStore();
  return {
    responses,
    handlers: {
      chat: chatCompletions,
      completions,
      embeddings,
      images: imageGenerations,
      transcriptions: audioToText('transcribe'),
      translations: audioToText('translate'),
      speech,
      responses: responsesHandler(responses),
    },
  };
}
