import type { Deployment, Operation } from '../generated/scenarios.ts';

/**
 * The model an undefined deployment stands for, by operation, when undefined deployments are answered: those
 * aoai-api-simulator used for its generators when ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS allowed them (its default),
 * and a current one for the operations it had no generator for, which its record and replay modes served
 * under any deployment name too.
 */
const MODELS: Record<Operation, string> = {
  chat: 'gpt-3.5-turbo-0613',
  completions: 'gpt-3.5-turbo-0613',
  embeddings: 'text-embedding-ada-002',
  transcriptions: 'whisper-001',
  translations: 'whisper-001',
  images: 'dall-e-3-3.0',
  imageEdits: 'gpt-image-1-2025-04-15',
  speech: 'tts-001',
  responses: 'gpt-4o-2024-08-06',
  videos: 'sora-2',
  realtime: 'gpt-realtime-2025-08-28',
};

/** A name Azure allows for a deployment (the schema's DeploymentName): nothing else may become one, or a header. */
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;

/** The deployment an undefined `name` stands for under `operation`, or undefined for a name Azure would refuse. */
export function undefinedDeployment(name: string, operation: Operation): Deployment | undefined {
  return DEPLOYMENT_NAME.test(name) ? { model: MODELS[operation], operations: [operation] } : undefined;
}
