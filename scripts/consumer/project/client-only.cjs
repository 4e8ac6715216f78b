// CommonJS: require() of the ES module package.
const client = require('@aoai-sim/client');

console.log(
  JSON.stringify({
    AoaiSimContainer: typeof client.AoaiSimContainer,
    AoaiSim: typeof client.AoaiSim,
    ConfigError: typeof client.ConfigError,
  }),
);
