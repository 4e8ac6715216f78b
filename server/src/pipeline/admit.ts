import { deploymentsOf } from '../config/resolve-resources.ts';
import {
  estimateTokens,
  rateLimitedError,
  SPILLOVER_REQUEST_HEADER,
  spilloverTarget,
  type LimitAdmitted,
  type LimitDecision,
  type RateLimiter,
} from '../limits/index.ts';
import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { routeModel } from '../model-router/index.ts';
import { estimateFields } from '../protocol/estimate-fields.ts';
import { countLargeTexts, requestPromptTokens } from '../tokens/request-tokens.ts';
import { LARGE_TEXT_CHARS } from '../tokens/large-texts.ts';
import { tokenizerFor } from '../tokens/tokenizer.ts';
import { requestView } from '../routes/request-facts.ts';
import { spillOver } from './spill-over.ts';
import type { Operation } from '../generated/scenarios.ts';
import type { Turn } from './turn.ts';

/** Operations whose completion counts toward the admission estimate, with the service's default max_tokens. */
const DEFAULT_MAX_TOKENS: Partial<Record<Operation, number | undefined>> = {
  chat: undefined,
  responses: undefined,
  completions: 16,
  realtime: undefined,
};

/**
 * Admission under the deployment's quota, decided before anything is generated, from the service's estimate:
 * prompt tokens plus max_tokens × max(n, best_of), those read only once they are in the service's ranges (a 400
 * otherwise). A refusal is the service's 429 with exact retry headers, unless a provisioned deployment spills the
 * request to its standard deployment; an admission's headers go on the answer. A model router's request is
 * routed here, where its prompt is counted.
 */
export async function admit(turn: Turn, limits: RateLimiter): Promise<LimitAdmitted> {
  const { operation } = turn.identity;
  let deployment = turn.resolved;
  const { fields: body, json } = turn.body;
  const { notes } = turn;
  const fields = estimateFields(operation, body);
  const tokenizer = tokenizerFor(deployment.tokenizer);
  // a body this large may hold a text whose count would hold the event loop: counted a piece per turn first
  if ((json?.length ?? 0) > LARGE_TEXT_CHARS) await countLargeTexts(operation, body, tokenizer);
  let promptTokens = requestPromptTokens(operation, body, tokenizer);
  if (deployment.router) {
    // served as the model the router picks for this prompt: its name, tokens and window, the router's quota
    const routed = (turn.deployment = routeModel(deployment.router, promptTokens));
    if (routed.tokenizer !== deployment.tokenizer) promptTokens = requestPromptTokens(operation, body, tokenizerFor(routed.tokenizer));
    deployment = routed;
  }
  const completes = operation in DEFAULT_MAX_TOKENS;
  const maxTokens = completes ? (fields.maxTokens ?? DEFAULT_MAX_TOKENS[operation]) : 0;
  // undefined fields rather than conditional spreads, which made an object per field on every request
  const estimate = estimateTokens({
    promptTokens,
    maxTokens,
    n: fields.n,
    bestOf: fields.bestOf,
    defaultMaxTokens: deployment.rateLimit?.defaultMaxTokens,
  });
  const quotaFactor = quotaFactorOf(turn);
  const ptuSaturated = turn.condition?.ptuSaturated;
  const decision = await limits.admit({ deployment, resource: turn.identity.resource.name, estimate, quotaFactor, ptuSaturated });
  notes.estimate = estimate;
  if (!decision.admitted) {
    const { config } = turn.state;
    const spillover = spilloverTarget(
      deployment,
      turn.inbound.header(SPILLOVER_REQUEST_HEADER),
      deploymentsOf(config, turn.identity.resource.name),
      operation,
    );
    if (spillover) return spillOver(turn, limits, spillover, estimate, quotaFactor);
  }
  return admitted(turn, decision, deployment);
}

/**
 * The temporary quota adjustment the turn's deployment is under: its resource's drill (see meetCondition) and a
 * `quota` fault or incident phase, multiplied; undefined when there is none, as on every ordinary request.
 */
function quotaFactorOf(turn: Turn): number | undefined {
  const { faults } = turn.state;
  const { identity } = turn;
  const byFault = faults.adjustsQuota
    ? faults.quotaFactor(
        requestView(turn.inbound, identity.resource, turn.resolved.name, identity.operation, turn.body.fields, identity.testId),
      )
    : 1;
  const factor = (turn.condition?.quotaFactor ?? 1) * byFault;
  return factor === 1 ? undefined : factor;
}

/** The limiter's decision on the deployment serving the turn, noted for the journal: its headers, or its 429. */
export function admitted(turn: Turn, decision: LimitDecision, deployment: ResolvedDeployment): LimitAdmitted {
  if (!decision.admitted) {
    turn.notes.limiter = { decision: 'refused', limit: decision.limit, retryAfterMs: decision.retryAfterMs };
    throw rateLimitedError(decision, turn.identity.operation, turn.apiVersion);
  }
  turn.notes.limiter = { decision: deployment.rateLimit ? 'admitted' : 'unlimited' };
  turn.reply.set(decision.headers);
  return decision;
}
