// A project with both packages: the client's checks use the server, and the server's API is there too.
// `node both.ts STEP` runs one step and prints what the test checks.
import { ConfigError, defineScenarios, formatIssue, type Scenarios } from '@aoai-sim/client';
import { loadScenarios, startSimulator, validateScenariosObject, type RunningSimulator, type StartOptions } from 'aoai-sim';
import { fileURLToPath } from 'node:url';

const step = process.argv[2];
if (step === 'define-invalid') {
  const invalid = { deployments: { chat: { model: 5, rateLimt: {} } } } as unknown as Scenarios;
  try {
    defineScenarios(invalid);
    console.log('accepted');
  } catch (error) {
    console.log(error instanceof ConfigError ? error.issues.map(formatIssue).join('\n') : `unexpected: ${String(error)}`);
  }
} else if (step === 'server') {
  const packaged = fileURLToPath(new URL('node_modules/aoai-sim/scenarios/default.yaml', import.meta.url));
  const loaded = await loadScenarios(packaged);
  const options: StartOptions = { scenarios: validateScenariosObject(loaded.scenarios), logLevel: 'silent' };
  const sim: RunningSimulator = await startSimulator(options);
  const health = await fetch(`${sim.url}/healthz`);
  await sim.close();
  console.log(JSON.stringify({ deployments: Object.keys(loaded.scenarios.deployments ?? {}).length > 0, health: health.status }));
} else {
  throw new Error(`unknown step ${step}`);
}
