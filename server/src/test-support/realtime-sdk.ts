import { AzureOpenAI } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import type { RunningSimulator } from '../server.ts';

/** A session through openai's realtime client for Azure, and every server event it got, in order. */
export interface SdkSession {
  rt: OpenAIRealtimeWS;
  events: RealtimeServerEvent[];
}

/** openai's realtime client for Azure, dialing wss: to a simulator with --tls, trusting its certificate. */
export async function sdkRealtimeClient(sim: RunningSimulator, deployment = 'gpt-realtime', apiKey = 'right-key'): Promise<SdkSession> {
  const azure = new AzureOpenAI({ endpoint: `https://localhost:${sim.port}`, apiKey, apiVersion: '2025-04-01-preview', deployment });
  const rt = await OpenAIRealtimeWS.azure(azure, { options: { ca: sim.tls!.cert } });
  const events: RealtimeServerEvent[] = [];
  rt.on('event', (event) => events.push(event));
  // errors arrive as `error` events too, which the tests read from `events`
  rt.on('error', () => {});
  return { rt, events };
}

/**
 * The first event of `type` the client got after the first `from` events, waiting for it up to 30 s (a loaded CI
 * machine may need it): events are kept as they come, so one that arrived before the wait began is found too.
 */
export async function nextEvent<T extends RealtimeServerEvent['type']>(
  events: RealtimeServerEvent[],
  type: T,
  from = 0,
): Promise<Extract<RealtimeServerEvent, { type: T }>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = events.slice(from).find((event) => event.type === type);
    if (found) return found as Extract<RealtimeServerEvent, { type: T }>;
    if (Date.now() > deadline) throw new Error(`no ${type} within 30 s; got ${events.map((event) => event.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
