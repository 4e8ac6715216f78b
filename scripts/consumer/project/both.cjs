// CommonJS: require() of both ES module packages, and a call into each.
const client = require('@aoai-sim/client');
const server = require('aoai-sim');

const scenarios = { deployments: { chat: { model: 'gpt-4o-2024-08-06' } } };
console.log(
  JSON.stringify({
    client: client.defineScenarios(scenarios) === scenarios,
    server: server.validateScenariosObject(scenarios) === scenarios,
    startSimulator: typeof server.startSimulator,
  }),
);
