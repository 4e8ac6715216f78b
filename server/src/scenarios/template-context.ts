import { isCredentialHeader, isCredentialParam, withoutCredentials } from '../protocol/credentials.ts';
import type { MatchResult, RequestView } from './match/index.ts';
import type { TemplateContext } from './templates.ts';

/**
 * What a rule's templates read of a request. Credentials are left out (the api-key and Authorization headers,
 * cookies, the admin key, credential query parameters): an answer a template writes is journaled, logged and
 * recorded, and a key must not reach any of them through it. Reading one is a missing variable, as it would
 * be for a request that never sent it.
 */
export function templateContext(rule: string, view: RequestView, match: MatchResult, callCount: number): TemplateContext {
  return {
    request: {
      body: view.body,
      headers: withoutCredentials(view.headers, isCredentialHeader),
      query: withoutCredentials(view.query, isCredentialParam),
      deployment: view.deployment,
      operation: view.operation,
      path: view.path,
      testId: view.testId ?? null,
    },
    captures: match.captures,
    capturesBy: match.capturesBy,
    callCount,
    // the seed writes out the whole body: made only when a template renders
    seed: `${rule}\u0000${callCount}\u0000${JSON.stringify(view.body)}`,
  };
}
