import type { Scenarios } from '../generated/scenarios.ts';

/**
 * What simulators sharing a store share, for the tests of the store seam and of Redis: a rate-limited deployment
 * with a small per-minute quota, a free one, a rule sequence and a `times` budget.
 */
export const SHARED_STATE_SCENARIOS: Scenarios = {
  deployments: {
    'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1000, window: 'per-minute' } },
    free: { model: 'gpt-4o-2024-08-06' },
  },
  scenarios: [
    {
      name: 'steps',
      match: { lastUserMessage: { contains: 'step' } },
      sequence: { responses: [{ content: 'one' }, { content: 'two' }, { content: 'three' }, { content: 'four' }] },
    },
    { name: 'once', match: { lastUserMessage: { contains: 'once' } }, times: 1, respond: { content: 'only once' } },
  ],
};
