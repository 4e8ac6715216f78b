import test from 'ava';
import { AoaiSim, ConfigError, formatIssue, type Scenarios } from './index.ts';

test("invalid scenarios make startInProcess throw the client's ConfigError, as a container start does", async (t) => {
  const invalid = { deployments: { chat: { model: 5 } } } as unknown as Scenarios;
  const error = await t.throwsAsync(AoaiSim.startInProcess({ scenarios: invalid }), { instanceOf: ConfigError });
  t.deepEqual(error.issues.map(formatIssue), ['scenarios: /deployments/chat/model must be string, not integer']);
});
