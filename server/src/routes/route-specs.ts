import type { Operation } from '../generated/scenarios.ts';

/** The data-plane routes the service has, and the body each operation takes. */
export interface RouteSpec {
  path: string;
  operation: Operation;
  route: 'dated' | 'v1';
  body: 'json' | 'multipart';
}

/** Operation paths under a deployment, and the body each takes. */
const OPERATION_PATHS: ReadonlyArray<[string, Operation, 'json' | 'multipart']> = [
  ['/chat/completions', 'chat', 'json'],
  ['/completions', 'completions', 'json'],
  ['/embeddings', 'embeddings', 'json'],
  ['/images/generations', 'images', 'json'],
  ['/images/edits', 'imageEdits', 'multipart'],
  ['/audio/transcriptions', 'transcriptions', 'multipart'],
  ['/audio/translations', 'translations', 'multipart'],
  ['/audio/speech', 'speech', 'json'],
  ['/responses', 'responses', 'json'],
];

/**
 * Every route the service has for an operation: the dated deployment routes; the v1 routes, with the deployment
 * in the body's `model` (and under /v1/deployments/, where openai-node's AzureOpenAI puts it given a v1 base
 * URL); and the dated Responses route, also with `model` in the body.
 */
export const ROUTES: readonly RouteSpec[] = [
  ...OPERATION_PATHS.map(([path, operation, body]) => ({
    path: `/openai/deployments/:deployment${path}`,
    operation,
    route: 'dated' as const,
    body,
  })),
  ...OPERATION_PATHS.map(([path, operation, body]) => ({ path: `/openai/v1${path}`, operation, route: 'v1' as const, body })),
  ...OPERATION_PATHS.map(([path, operation, body]) => ({
    path: `/openai/v1/deployments/:deployment${path}`,
    operation,
    route: 'v1' as const,
    body,
  })),
  { path: '/openai/responses', operation: 'responses', route: 'dated', body: 'json' },
];
