import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import { WebSocketServer, type WebSocket } from 'ws';

/** How long the fake service thinks before its answer's audio: a gap a replay must keep. */
export const THINKING_MS = 300;

/** What the fake service saw of each upgrade, and of each session's close. */
export interface UpstreamLog {
  upgrades: Array<{ url: string; apiKey: string | undefined; authorization: string | undefined }>;
  closes: Array<{ code: number; reason: string }>;
}

/**
 * A stand-in for Azure's realtime endpoint on loopback, plain `ws:`: it wants `api-key: <key>` (else a 401 with
 * the service's body), sends session.created on connect, adds the items it is sent, answers response.create
 * with a text-and-audio response whose audio comes THINKING_MS later, and closes the session with 4001 when a
 * user says "goodbye".
 */
export async function fakeRealtimeUpstream(t: ExecutionContext, key: string): Promise<{ url: string; log: UpstreamLog }> {
  const log: UpstreamLog = { upgrades: [], closes: [] };
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    const apiKey = req.headers['api-key'] as string | undefined;
    log.upgrades.push({ url: req.url ?? '', apiKey, authorization: req.headers.authorization });
    if (apiKey !== key) {
      const body = JSON.stringify({
        error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' },
      });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => converse(ws, log));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    for (const client of sockets.clients) client.terminate();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

function converse(ws: WebSocket, log: UpstreamLog): void {
  let counter = 0;
  const send = (event: Record<string, unknown>) => ws.send(JSON.stringify({ event_id: `event_up_${++counter}`, ...event }));
  const timers: NodeJS.Timeout[] = [];
  ws.on('close', (code, reason) => {
    log.closes.push({ code, reason: String(reason) });
    for (const timer of timers) clearTimeout(timer);
  });
  send({ type: 'session.created', session: { id: 'sess_upstream_1', type: 'realtime', model: 'gpt-realtime' } });
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as { type: string; item?: { content?: Array<{ text?: string }> } };
    if (event.type === 'conversation.item.create') {
      const item = { id: `item_up_${counter}`, ...event.item };
      send({ type: 'conversation.item.added', previous_item_id: null, item });
      send({ type: 'conversation.item.done', previous_item_id: null, item });
      if (event.item?.content?.[0]?.text === 'goodbye') ws.close(4001, 'the user left');
    }
    if (event.type === 'response.create') {
      send({ type: 'response.created', response: { id: 'resp_up_1', status: 'in_progress' } });
      timers.push(
        setTimeout(() => {
          for (let chunk = 0; chunk < 3; chunk++)
            send({ type: 'response.output_audio.delta', response_id: 'resp_up_1', delta: Buffer.alloc(48, chunk + 1).toString('base64') });
          send({ type: 'response.output_audio_transcript.delta', response_id: 'resp_up_1', delta: 'Hello from upstream.' });
          send({ type: 'response.done', response: { id: 'resp_up_1', status: 'completed' } });
        }, THINKING_MS),
      );
    }
  });
}
