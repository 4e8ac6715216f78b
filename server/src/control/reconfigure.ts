import { checkRecordingExposure } from '../config/recording-exposure.ts';
import { prepareCassetteDirs } from '../config/cassette-dirs.ts';
import { resolveConfig, type ServerOverrides, type SimConfig } from '../config/resolve-config.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { CassetteRuntime } from '../replay/cassette-runtime.ts';
import type { StateHolder } from '../sim-state.ts';

/**
 * Puts new scenarios in force: the same resolution as at startup (with the startup's command-line and
 * environment overrides), the cassette directories readied and the cassettes reloaded, then one swap. Throws
 * (leaving the running set untouched) when the cassettes cannot be loaded.
 */
export async function reconfigure(
  state: StateHolder,
  scenarios: Scenarios,
  source: SimConfig['source'],
  overrides: ServerOverrides,
): Promise<SimConfig> {
  const config = resolveConfig(scenarios, source, overrides);
  // listening, auth, who may use the control API and limits on the body are fixed when the server starts
  const running = state.current.config.server;
  config.server = {
    ...config.server,
    port: running.port,
    host: running.host,
    auth: running.auth,
    maxBodyBytes: running.maxBodyBytes,
    adminApiKey: running.adminApiKey,
    controlAccess: running.controlAccess,
  };
  if (running.adminApiKey === undefined) delete config.server.adminApiKey;
  checkRecordingExposure(config);
  await prepareCassetteDirs(config);
  const cassettes = await CassetteRuntime.load(config, state.store);
  state.swap(config, cassettes);
  // the cassettes just loaded are served from their start, as when each index kept its own places
  await state.store.replayCursors.reset();
  return config;
}
