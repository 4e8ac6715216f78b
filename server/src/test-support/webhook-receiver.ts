import type { ExecutionContext } from 'ava';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A signing secret as the service issues them: `whsec_` and base64 of 32 bytes. */
export const WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

/** A delivery as the receiver got it: the raw body, as a receiver must verify it, and the headers. */
export interface ReceivedDelivery {
  body: string;
  headers: IncomingHttpHeaders;
}

/** How the receiver answers its n-th delivery (0 first): a status, or something worse. */
export type ReceiverAnswer = number | 'reset' | 'hang' | { hugeBytes: number };

/**
 * A webhook receiver on 127.0.0.1, closed when the test ends: it keeps every delivery and answers each as `answer`
 * says (200 by default). `delivery(n)` waits for the n-th, bounded by the test's own timeout.
 */
export async function startWebhookReceiver(t: ExecutionContext, answer: (index: number) => ReceiverAnswer = () => 200) {
  const received: ReceivedDelivery[] = [];
  const waiting = new Map<number, () => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = received.length;
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      reply(res, answer(index));
      waiting.get(index)?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received,
    /** The `index`-th delivery (0 first), once it has arrived. */
    delivery(index: number): Promise<ReceivedDelivery> {
      if (received[index]) return Promise.resolve(received[index]);
      return new Promise((resolve) => waiting.set(index, () => resolve(received[index]!)));
    },
  };
}

function reply(res: ServerResponse, answer: ReceiverAnswer): void {
  if (answer === 'reset') {
    res.socket?.destroy();
    return;
  }
  // never answers: the sender's timeout ends it
  if (answer === 'hang') return;
  if (typeof answer === 'object') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 120);
    let left = answer.hugeBytes;
    const more = () => {
      while (left > 0) {
        left -= chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    res.on('error', () => {});
    more();
    return;
  }
  res.writeHead(answer, { 'content-type': 'text/plain' });
  res.end(answer >= 200 && answer < 300 ? 'ok' : 'not now');
}
