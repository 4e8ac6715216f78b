import type { ExecutionContext } from 'ava';
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
  return simulator;
}

/** A JWT-shaped token with the given claims (unsigned: the simulator cannot verify Entra signatures anyway). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}
