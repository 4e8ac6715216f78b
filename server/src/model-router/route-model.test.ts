import test from 'ava';
import { limitedDeployment } from '../test-support/limit-deployment.ts';
import { resolveRouter } from './resolve-router.ts';
import { routeModel } from './route-model.ts';

const router = { ...limitedDeployment({ tpm: 1000 }, 'router'), model: 'model-router-2025-05-19' };
const resolved = resolveRouter(router, {
  models: [
    { model: 'gpt-4.1-nano-2025-04-14', upToTokens: 100 },
    { model: 'o4-mini-2025-04-16', upToTokens: 200 },
  ],
});

test('the prompt-length policy takes the first model whose bound holds the prompt, the last for any longer one', (t) => {
  t.is(routeModel(resolved, 100).model, 'gpt-4.1-nano-2025-04-14');
  t.is(routeModel(resolved, 101).model, 'o4-mini-2025-04-16');
  t.is(routeModel(resolved, 100_000).model, 'o4-mini-2025-04-16');
});

test('a route is the router deployment, its name and quota, with the chosen model’s figures', (t) => {
  const routed = routeModel(resolved, 150);
  t.is(routed.name, 'router');
  t.deepEqual(routed.rateLimit, { tpm: 1000 });
  t.is(routed.contextWindow, 200000);
  t.is(routed.maxOutputTokens, 100000);
  t.true(routed.reasoning);
  t.is(routeModel(resolved, 1).contextWindow, 1047576);
});
