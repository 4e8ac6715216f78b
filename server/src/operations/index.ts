import type { Operation } from '../generated/scenarios.ts';
import { audioToText, speech } from './audio/index.ts';
import type { ResolvedMemory } from '../config/resolve-config.ts';
import type { StoreUsage } from '../memory/index.ts';
import { PromptCache } from '../prompt-cache/index.ts';
import { AnswerCache } from './answer-cache.ts';
import { chatHandler } from './chat/index.ts';
import { completions } from './completions/index.ts';
import { embeddingsHandler } from './embeddings/index.ts';
import { imageEdits } from './images/image-edits.ts';
import { imageGenerations } from './images/index.ts';
import { responsesHandler } from './responses/index.ts';
import type { BackgroundEnds } from './responses/background-ends.ts';
import type { ResponseStore } from './responses/response-store.ts';
import type { OperationHandler } from './types.ts';

export interface OperationHandlers {
  handlers: Readonly<Record<Operation, OperationHandler>>;
  /** What the generator's caches hold, by name, for /metrics. */
  usage(): Record<string, StoreUsage>;
}

/**
 * Video jobs have routes of their own (routes/videos.ts), on the job clock: no data-plane route names the
 * operation, so this is never reached.
 */
const videosOffTheDataPlane: OperationHandler = () => {
  throw new Error('video jobs are served by the videos routes, not the data plane');
};

/**
 * The default generator's handler for each operation, with the caches they keep (one set per server) within
 * `memory`'s bounds; stored responses are kept in the simulator's store (SimStore), background ones end on the job
 * clock (`backgroundEnds`).
 */
export function createOperationHandlers(
  memory: Pick<ResolvedMemory, 'answerCache' | 'promptCache'>,
  responses: ResponseStore,
  backgroundEnds: BackgroundEnds,
): OperationHandlers {
  const answers = new AnswerCache(memory.answerCache);
  const prompts = new PromptCache(memory.promptCache);
  const chat = chatHandler(answers, prompts);
  return {
    handlers: {
      chat,
      completions,
      embeddings: embeddingsHandler(answers),
      images: imageGenerations,
      imageEdits,
      transcriptions: audioToText('transcribe'),
      translations: audioToText('translate'),
      speech,
      responses: responsesHandler(responses, prompts, backgroundEnds),
      videos: videosOffTheDataPlane,
      // a realtime response is asked as a streamed chat completion (see server/src/realtime/), which the
      // Realtime session turns into its events
      realtime: chat,
    },
    usage: () => ({ answer_cache: answers.usage, prompt_cache: prompts.usage }),
  };
}
