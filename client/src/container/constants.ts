import { readFileSync } from 'node:fs';

/** The port the simulator listens on inside the image. */
export const SIM_PORT = 8080;

/** Where the image looks for scenarios: `/scenarios/scenarios.yaml`, includes resolving inside. */
export const SCENARIOS_MOUNT = '/scenarios';

/** The api-version handed to AzureOpenAI by getClientOptions(): the latest stable one. */
export const DEFAULT_API_VERSION = '2024-10-21';

/**
 * How long start() waits for /healthz: Testcontainers' own default. The simulator is ready in about a second on
 * a quiet machine, but several containers starting at once on a loaded CI runner took over 30 s.
 */
export const STARTUP_TIMEOUT_MS = 60_000;

/**
 * How often start() asks /healthz, and how long one answer may take. Testcontainers asks again one read timeout
 * after a failed try, 1 s by default: the simulator, ready in a fraction of that, waited for the next try. An
 * answer to /healthz takes milliseconds; a slower one only means another try, within STARTUP_TIMEOUT_MS.
 */
export const HEALTH_POLL_MS = 100;

/** The api key the container is started with unless withApiKey() says otherwise. */
export const DEFAULT_API_KEY = 'aoai-sim-test-key';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The published image whose tag matches this package's version; AOAI_SIM_IMAGE overrides it (CI builds its own). */
export const DEFAULT_IMAGE = `ghcr.io/aoai-sim/aoai-sim:${version}`;
