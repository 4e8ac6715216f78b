// CommonJS TypeScript with both packages.
import client = require('@aoai-sim/client');
import server = require('aoai-sim');

const scenarios: client.Scenarios = server.validateScenariosObject({ deployments: { chat: { model: 'gpt-4o-2024-08-06' } } });
export = { scenarios, start: (): Promise<server.RunningSimulator> => server.startSimulator({ scenarios }) };
