import type { ExecutionContext, TestFn } from 'ava';
import { createLogger } from '../logger.ts';
import { startSimulator, type RunningSimulator, type StartOptions } from '../server.ts';

/** Starts an in-process simulator on a free loopback port, closed when the test ends. Logs are silent. */
export async function startTestSimulator(t: ExecutionContext, options: StartOptions = {}): Promise<RunningSimulator> {
  const simulator = await startSimulator({
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent', format: 'json' }),
    ...options,
  });
  t.teardown(() => simulator.close());
  // as before the warm-up moved after listen: a test's first request does not wait for the tokenizers' load
  await simulator.warmedUp;
  return simulator;
}

/**
 * One in-process simulator for a whole test file, started before its tests and closed after them: for a file that
 * walks hundreds of requests, each far cheaper than a start. Read it inside a test.
 */
export function fileSimulator(test: TestFn, options: StartOptions = {}): () => RunningSimulator {
  let simulator: RunningSimulator | undefined;
  test.before(async () => {
    simulator = await startSimulator({ port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent', format: 'json' }), ...options });
    await simulator.warmedUp;
  });
  test.after.always(() => simulator?.close());
  return () => simulator!;
}

/** Changes the scenarios in force through the control API (`PATCH /__sim/scenarios`), as a test would between requests. */
export function patchScenarios(simulator: RunningSimulator, patch: Record<string, unknown>): Promise<Response> {
  return fetch(`${simulator.url}/__sim/scenarios`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
}

/** A JWT-shaped token with the given claims (unsigned: the simulator cannot verify Entra signatures anyway). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}
