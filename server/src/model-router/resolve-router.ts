import type { ResolvedDeployment } from '../config/resolve-config.ts';
import { modelFamily } from '../config/model-catalog.ts';
import { schemaDefault } from '../config/schema-defaults.ts';
import type { ModelRouter } from '../generated/scenarios.ts';

/** One underlying model of a router: the deployment a request routed to it is served as, and its prompt bound. */
export interface ModelRoute {
  /** The most prompt tokens this route takes; Infinity for the last. */
  upToTokens: number;
  deployment: ResolvedDeployment;
}

/** A model-router deployment's routes, shortest prompts first, made once at load so a request only picks one. */
export interface ResolvedRouter {
  routes: readonly ModelRoute[];
}

/** The model name the service gives its router deployments. */
export function isModelRouter(model: string): boolean {
  return model.toLowerCase().startsWith('model-router');
}

/**
 * The routes of a router deployment: each is the router deployment (its name, quota, latency and operations, as
 * the router's own quota is what the service charges) with the chosen model's name, tokenizer, context window,
 * output bound and reasoning, so that the answer's model, usage and limits are the chosen model's.
 */
export function resolveRouter(router: ResolvedDeployment, settings: ModelRouter = {}): ResolvedRouter {
  const models = settings.models ?? schemaDefault<NonNullable<ModelRouter['models']>>('ModelRouter', 'models');
  const routes = models.map((route, i): ModelRoute => {
    // the loader has refused a model the catalog does not know
    const family = modelFamily(route.model);
    const deployment: ResolvedDeployment = {
      ...router,
      model: route.model,
      tokenizer: family?.tokenizer ?? router.tokenizer,
      contextWindow: family?.contextWindow ?? router.contextWindow,
      maxOutputTokens: family?.maxOutputTokens ?? router.maxOutputTokens,
      reasoning: family?.reasoning ?? false,
    };
    delete deployment.router;
    const last = i === models.length - 1;
    return { upToTokens: last ? Infinity : (route.upToTokens ?? Infinity), deployment };
  });
  return { routes };
}
