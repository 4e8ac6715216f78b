import type { Operation } from '../generated/scenarios.ts';

/**
 * Each operation's name in the service's own words: the operation id that 429 texts name, and the verb in
 * OperationNotSupported messages.
 */
export const OPERATION_INFO: Readonly<Record<Operation, { operationId: string; verb: string }>> = {
  chat: { operationId: 'ChatCompletions_Create', verb: 'chatCompletion' },
  completions: { operationId: 'Completions_Create', verb: 'completion' },
  embeddings: { operationId: 'Embeddings_Create', verb: 'embeddings' },
  images: { operationId: 'ImageGenerations_Create', verb: 'imageGeneration' },
  imageEdits: { operationId: 'ImageGenerations_Edit', verb: 'imageEdit' },
  transcriptions: { operationId: 'Transcriptions_Create', verb: 'audioTranscription' },
  translations: { operationId: 'Translations_Create', verb: 'audioTranslation' },
  speech: { operationId: 'Speech_Create', verb: 'audioSpeech' },
  responses: { operationId: 'Responses_Create', verb: 'responses' },
  // not confirmed: the service's OperationNotSupported for a video job on another model is not seen quoted
  videos: { operationId: 'Videos_Create', verb: 'videoGeneration' },
  // a response on a Realtime API session (a WebSocket, no REST operation id in the specs)
  realtime: { operationId: 'Realtime_Response', verb: 'realtime' },
};
