import test, { type ExecutionContext } from 'ava';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ManualClock } from '../../clock/index.ts';
import type { RunningSimulator } from '../../server.ts';
import { fakeRealtimeUpstream, THINKING_MS } from '../../test-support/fake-realtime-upstream.ts';
import { RawRealtimeClient, refusedUpgrade } from '../../test-support/realtime-client.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';
import { parseRecording } from './session-recording.ts';

const UPSTREAM_KEY = 'upstream-secret-key-123';
const SIM_KEY = 'sim-key-456';
const ROUTE = '/openai/v1/realtime?model=gpt-realtime';

const say = (text: string) => ({
  type: 'conversation.item.create',
  event_id: `evt_${Math.random().toString(36).slice(2)}`,
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});
const HELLO = `hello, my key is ${SIM_KEY}`;

async function simulator(t: ExecutionContext, dir: string, mode: string, upstream: string, clock?: ManualClock) {
  const file = join(dir, `${mode}.yaml`);
  await writeFile(
    file,
    yaml`
      server: { mode: ${mode}, host: 127.0.0.1, auth: { apiKeys: ["${SIM_KEY}"] } }
      deployments:
        gpt-realtime: { model: gpt-realtime-2025-08-28 }
      replay: { cassettes: [cassettes], onMiss: error }
      record: { upstream: "${upstream}", apiKey: "${UPSTREAM_KEY}", dir: cassettes }
    `,
  );
  return startTestSimulator(t, { scenarios: file, ...(clock ? { clock } : {}) });
}

function connect(sim: RunningSimulator, testId = 'talk'): RawRealtimeClient {
  return new RawRealtimeClient(`${sim.url.replace('http', 'ws')}${ROUTE}`, { headers: { 'api-key': SIM_KEY, 'x-sim-test-id': testId } });
}

/** A ping answered: the server has handled every message the client sent before it, and sent what that set off. */
async function roundTrip(client: RawRealtimeClient): Promise<void> {
  client.socket.ping();
  await once(client.socket, 'pong');
}

/** The session journal entries (GET, 101), waited for: a session's entry is written as the server sees the close. */
async function sessionEntries(sim: RunningSimulator, count: number) {
  type Entry = { method: string; status: number; cassette?: string; response: { body?: string } };
  let entries: Entry[] = [];
  for (let attempt = 0; attempt < 200 && entries.length < count; attempt++) {
    const body = (await (await fetch(`${sim.url}/__sim/journal?operation=realtime`)).json()) as { entries?: Entry[] } | Entry[];
    entries = (Array.isArray(body) ? body : (body.entries ?? [])).filter((entry) => entry.method === 'GET');
    if (entries.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return entries;
}

test('a realtime session is recorded through the simulator, then replayed in order and with its timing, without the upstream', async (t) => {
  const upstream = await fakeRealtimeUpstream(t, UPSTREAM_KEY);
  const dir = await tempTree(t, { 'cassettes/.keep': '' });

  // record: the simulator relays both ways and writes what passed
  const recorder = await simulator(t, dir, 'record', upstream.url);
  const live = connect(recorder);
  await live.next('session.created');
  live.send(say(HELLO));
  await live.next('conversation.item.done');
  live.send({ type: 'response.create' });
  await live.next('response.done');
  live.send(say('goodbye'));
  const [liveClose] = (await once(live.socket, 'close')) as [number];
  t.is(liveClose, 4001, 'the upstream’s close code reaches the client');
  t.is(upstream.log.upgrades[0]!.url, ROUTE, 'same path and query upstream');
  t.is(upstream.log.upgrades[0]!.apiKey, UPSTREAM_KEY, 'the upstream key, not the caller’s');
  const recordedEntry = (await sessionEntries(recorder, 1))[0]!;
  t.like(JSON.parse(recordedEntry.response.body!), { responses: 1, cassette: { mode: 'record' } });
  await recorder.close();

  // the cassette: every event either way with its offset, the gap kept, no secret
  const files = (await readdir(join(dir, 'cassettes'))).filter((name) => name.endsWith('.realtime.jsonl'));
  t.deepEqual(files, ['talk-1.realtime.jsonl']);
  const text = await readFile(join(dir, 'cassettes', files[0]!), 'utf8');
  t.false(text.includes(UPSTREAM_KEY));
  t.false(text.includes(SIM_KEY));
  const recording = parseRecording(text, files[0]!);
  t.like(recording, { deployment: 'gpt-realtime', flavor: 'ga', name: 'talk' });
  const server = recording.events.filter((line) => line.from === 'server' && line.event);
  t.deepEqual(
    server.map((line) => (line.event as { type: string }).type),
    live.events.map((event) => event.type),
  );
  t.is(recording.events.filter((line) => line.from === 'client' && line.event).length, 3);
  t.deepEqual(recording.events.at(-2)?.close ?? recording.events.at(-1)?.close, { code: 4001, reason: 'the user left' });
  // the audio cannot have come sooner after the client's response.create than the service thought
  const responseCreate = recording.events.find((line) => (line.event as { type?: string } | undefined)?.type === 'response.create')!;
  const firstAudio = server.find((line) => (line.event as { type: string }).type === 'response.output_audio.delta')!;
  const audioAfter = firstAudio.offsetMs - responseCreate.offsetMs;
  t.true(audioAfter >= THINKING_MS - 2, `the recorded gap is ${audioAfter} ms`);

  // replay: no upstream at all, a clock only the test moves
  const clock = new ManualClock();
  const replayer = await simulator(t, dir, 'replay', 'http://127.0.0.1:9', clock);
  const replay = connect(replayer);
  t.teardown(() => replay.close());
  await replay.next('session.created');
  replay.send(say(HELLO));
  await roundTrip(replay);
  // however long the upstream took to add the item when it was recorded
  await clock.advance(60_000);
  await roundTrip(replay);
  await replay.next('conversation.item.done');
  replay.send({ type: 'response.create' });
  await roundTrip(replay);
  await clock.advance(audioAfter - 1);
  await roundTrip(replay);
  t.false(replay.types().includes('response.output_audio.delta'), 'the recorded gap is not collapsed');
  await clock.advance(1);
  await roundTrip(replay);
  t.true(replay.types().includes('response.output_audio.delta'), 'and the audio comes once it has passed');
  await clock.advance(60_000);
  await replay.next('response.done');

  // a client event the recording does not have next: an error event, and the session goes on where it was
  const before = replay.events.length;
  replay.send({ ...say('what is the weather?'), event_id: 'evt_off_script' });
  const miss = (await replay.next('error', before)).error as { code: string; event_id: string; message: string };
  t.is(miss.code, 'no_recording_match');
  t.is(miss.event_id, 'evt_off_script');
  t.regex(miss.message, /expects conversation\.item\.create "goodbye"/);
  replay.send(say('goodbye'));
  await roundTrip(replay);
  await clock.advance(60_000);
  const [replayClose] = (await once(replay.socket, 'close')) as [number];
  t.is(replayClose, 4001);
  t.deepEqual(
    replay.events.filter((event) => event.type !== 'error'),
    // as recorded: the caller's key the upstream echoed was redacted
    JSON.parse(JSON.stringify(live.events).replaceAll(SIM_KEY, 'REDACTED')),
    'the same events, in the same order',
  );
  const replayedEntry = (await sessionEntries(replayer, 1))[0]!;
  t.true(replayedEntry.cassette?.endsWith('talk-1.realtime.jsonl'));
  t.like(JSON.parse(replayedEntry.response.body!), { responses: 1, cassette: { mode: 'replay', misses: 1 } });
});

test('a client’s close reaches the upstream with its code and reason', async (t) => {
  const upstream = await fakeRealtimeUpstream(t, UPSTREAM_KEY);
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  const recorder = await simulator(t, dir, 'record', upstream.url);
  const client = connect(recorder);
  await client.next('session.created');
  client.socket.close(4321, 'client done');
  for (let attempt = 0; attempt < 200 && upstream.log.closes.length === 0; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  t.deepEqual(upstream.log.closes, [{ code: 4321, reason: 'client done' }]);
});

test('an upgrade the upstream refuses gets the upstream’s status and body; an unreachable upstream a 502', async (t) => {
  const refusing = await fakeRealtimeUpstream(t, 'another-key-789');
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  const refused = await refusedUpgrade(`${(await simulator(t, dir, 'record', refusing.url)).url.replace('http', 'ws')}${ROUTE}`, {
    headers: { 'api-key': SIM_KEY },
  });
  t.is(refused.status, 401);
  t.regex(refused.body, /Access denied due to invalid subscription key/);

  const nobody = await tempTree(t, { 'cassettes/.keep': '' });
  const unreachable = await refusedUpgrade(
    `${(await simulator(t, nobody, 'record', 'http://127.0.0.1:9')).url.replace('http', 'ws')}${ROUTE}`,
    {
      headers: { 'api-key': SIM_KEY },
    },
  );
  t.is(unreachable.status, 502);
  t.is((JSON.parse(unreachable.body) as { error: { code: string } }).error.code, 'upstream_unreachable');
  t.deepEqual(await readdir(join(nobody, 'cassettes')), ['.keep'], 'nothing recorded');
});
