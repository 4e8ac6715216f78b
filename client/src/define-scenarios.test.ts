import test from 'ava';
import { ConfigError, defineScenarios, formatIssue } from './index.ts';

test('a valid scenarios object comes back as it was', (t) => {
  const scenarios = { deployments: { chat: { model: 'gpt-4o-2024-08-06' } } };
  t.is(defineScenarios(scenarios), scenarios);
});

test('an invalid object is refused with a JSON pointer for each problem', (t) => {
  const error = t.throws(() => defineScenarios({ deployments: { chat: { model: 4 as unknown as string, rateLimt: {} } as never } }), {
    instanceOf: ConfigError,
  });
  t.deepEqual(error.issues.map(formatIssue).sort(), [
    'scenarios: /deployments/chat/model must be string, not integer',
    'scenarios: /deployments/chat/rateLimt is not a known property of Deployment; did you mean "rateLimit"?',
  ]);
});
