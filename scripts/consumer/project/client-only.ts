// A project that runs the simulator in containers only: it installed @aoai-sim/client and openai, not aoai-sim.
// `node client-only.ts STEP` runs one step and prints what the test checks.
import {
  AoaiSim,
  AoaiSimContainer,
  AoaiSimControl,
  AoaiSimStartError,
  ConfigError,
  DEFAULT_API_KEY,
  DEFAULT_IMAGE,
  ServerMissingError,
  defineScenarios,
  formatIssue,
  type EffectiveConfig,
  type JournalEntry,
  type Scenarios,
} from '@aoai-sim/client';
import { AzureOpenAI } from 'openai';

const scenarios: Scenarios = {
  deployments: { chat: { model: 'gpt-4o-2024-08-06' } },
  scenarios: [{ name: 'greeting', match: { lastUserMessage: { contains: 'hello' } }, respond: { content: 'Hello from a container!' } }],
};

const step = process.argv[2];
if (step === 'exports') {
  console.log(
    JSON.stringify({ image: DEFAULT_IMAGE, apiKey: DEFAULT_API_KEY, control: typeof AoaiSimControl, startError: typeof AoaiSimStartError }),
  );
} else if (step === 'in-process') {
  const error = await AoaiSim.startInProcess().then(
    (sim) => sim.stop(),
    (error: unknown) => error,
  );
  console.log(error instanceof ServerMissingError ? error.message : `unexpected: ${String(error)}`);
} else if (step === 'define') {
  console.log(defineScenarios(scenarios) === scenarios ? 'returned unchecked' : 'changed');
} else if (step === 'container') {
  await using sim = await AoaiSimContainer.start({ scenarios });
  const client = new AzureOpenAI({ ...sim.getClientOptions('chat'), maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
  const journal: JournalEntry[] = await sim.control.journal();
  const config: EffectiveConfig = await sim.control.config();
  console.log(
    JSON.stringify({
      answer: answer.choices[0]?.message.content,
      journaled: journal.map((entry) => entry.rule),
      deployments: config.deployments.map((deployment) => deployment.name),
    }),
  );
} else if (step === 'container-invalid') {
  const invalid = { deployments: { chat: { model: 5 } } } as unknown as Scenarios;
  const error = await AoaiSimContainer.start({ scenarios: invalid }).then(
    (sim) => sim.stop(),
    (error: unknown) => error,
  );
  console.log(error instanceof ConfigError ? error.issues.map(formatIssue).join('\n') : `unexpected: ${String(error)}`);
} else {
  throw new Error(`unknown step ${step}`);
}
