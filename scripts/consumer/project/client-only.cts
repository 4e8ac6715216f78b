// CommonJS TypeScript: the client through require, which Node.js 22.12+ allows for ES modules.
import client = require('@aoai-sim/client');

const scenarios: client.Scenarios = { deployments: { chat: { model: 'gpt-4o-2024-08-06' } } };
export = { scenarios, start: () => client.AoaiSimContainer.start({ scenarios }) };
