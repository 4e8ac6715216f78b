import { lastUserText, systemText, toolNames, toolResultIds, turnCount } from './request-shapes.ts';
import type { RequestView } from './types.ts';

const UNREAD = Symbol('unread');

/**
 * The shorthand values of one request body, each read on first use and kept: a request is tried against every rule
 * in turn, and several may ask for the same last user message.
 */
export class RequestFacts {
  readonly responses: boolean;
  readonly #body: Readonly<Record<string, unknown>>;
  #lastUserMessage: string | undefined | typeof UNREAD = UNREAD;
  #systemMessage: string | undefined | typeof UNREAD = UNREAD;
  #turns: number | undefined | typeof UNREAD = UNREAD;
  #toolNames: readonly string[] | undefined;
  #toolResultIds: readonly string[] | undefined;

  constructor(body: Readonly<Record<string, unknown>>, responses: boolean) {
    this.#body = body;
    this.responses = responses;
  }

  get lastUserMessage(): string | undefined {
    if (this.#lastUserMessage === UNREAD) this.#lastUserMessage = lastUserText(this.#body, this.responses);
    return this.#lastUserMessage;
  }

  get systemMessage(): string | undefined {
    if (this.#systemMessage === UNREAD) this.#systemMessage = systemText(this.#body, this.responses);
    return this.#systemMessage;
  }

  get turns(): number | undefined {
    if (this.#turns === UNREAD) this.#turns = turnCount(this.#body, this.responses);
    return this.#turns;
  }

  get toolNames(): readonly string[] {
    return (this.#toolNames ??= toolNames(this.#body));
  }

  get toolResultIds(): readonly string[] {
    return (this.#toolResultIds ??= toolResultIds(this.#body, this.responses));
  }
}

const EMPTY_BODY: Readonly<Record<string, unknown>> = Object.freeze({});
const byBody = new WeakMap<object, RequestFacts>();

/**
 * The facts of a request, shared by every rule tried against the same body. Only `operation: responses` reads the
 * Responses shape; every other operation reads chat `messages`. The body is treated as unchanging once seen.
 */
export function factsOf(request: RequestView): RequestFacts {
  const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : EMPTY_BODY;
  const responses = request.operation === 'responses';
  let facts = byBody.get(body);
  if (facts === undefined || facts.responses !== responses) {
    facts = new RequestFacts(body, responses);
    byBody.set(body, facts);
  }
  return facts;
}
