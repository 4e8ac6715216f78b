import { ConfigError } from './config-error.ts';
import { isLoopbackHost } from './loopback.ts';
import type { SimConfig } from './resolve-config.ts';

/**
 * A recording simulator holds a real key: it must not listen beyond loopback unless callers need a key of
 * their own to reach it. Checked at startup and at every later change (a reload, the control API), since a
 * change can turn recording on.
 */
export function checkRecordingExposure(config: SimConfig): void {
  const records =
    config.server.mode === 'record' || config.server.mode === 'record-missing' || config.scenarios.replay?.onMiss === 'record';
  if (records && !isLoopbackHost(config.server.host) && config.server.auth.apiKeys.length === 0) {
    throw new ConfigError([
      {
        message: `record mode forwards to a real endpoint with a real key, so it will not listen on ${config.server.host} without a simulator api key: set server.auth.apiKeys (or AOAI_SIM_API_KEY), or listen on 127.0.0.1`,
      },
    ]);
  }
}
