import { createServer } from 'node:net';

/** A port free now on 127.0.0.1, for a server whose command takes a fixed port (Redis, a compose file, a CLI). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
