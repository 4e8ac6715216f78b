import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { v1Client } from '../test-support/clients.ts';
import { parseMp4, videoTrackOf } from '../test-support/parse-mp4.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import type { RunningSimulator } from '../server.ts';

/** A second in the queue, then a second of rendering per second of clip: a 4-second clip completes at 5 s. */
const DEPLOYMENTS: Scenarios['deployments'] = {
  'sora-2': { model: 'sora-2', video: { queued: 1000, renderPerSecond: 1000 } },
  'sora-2-pro': { model: 'sora-2-pro', video: { queued: 0, renderPerSecond: 10 } },
  'gpt-4o': { model: 'gpt-4o-2024-08-06' },
};

const statusOf = (error: unknown) => (error as { status?: number }).status;
const errorOf = (error: unknown) => (error as { error?: Record<string, unknown> }).error;

async function advance(sim: RunningSimulator, ms: number): Promise<void> {
  const answer = await fetch(`${sim.url}/__sim/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (answer.status !== 200) throw new Error(`advance answered ${answer.status}`);
}

const start = (t: Parameters<typeof startTestSimulator>[0], scenarios: Scenarios = { deployments: DEPLOYMENTS }) =>
  startTestSimulator(t, { scenarios, clock: new ManualClock() });

test('a video job is queued, renders with rising progress as the job clock moves, completes, and its MP4 opens', async (t) => {
  const sim = await start(t);
  const client = v1Client(sim);
  const created = await client.videos.create({ model: 'sora-2', prompt: 'A paper boat on a pond', seconds: '4', size: '1280x720' });
  t.regex(created.id, /^video_[0-9a-f]{32}$/);
  t.like(created, {
    object: 'video',
    model: 'sora-2',
    status: 'queued',
    progress: 0,
    prompt: 'A paper boat on a pond',
    seconds: '4',
    size: '1280x720',
    completed_at: null,
    expires_at: null,
    error: null,
    remixed_from_video_id: null,
  });
  t.true(Number.isInteger(created.created_at));
  const early = await t.throwsAsync(client.videos.downloadContent(created.id));
  t.is(statusOf(early), 400, 'content is not ready before the job completes');
  t.like(errorOf(early), { code: 'video_not_ready', type: 'invalid_request_error' });

  await advance(sim, 1000);
  t.like(await client.videos.retrieve(created.id), { status: 'in_progress', progress: 0 });
  await advance(sim, 2000);
  t.like(await client.videos.retrieve(created.id), { status: 'in_progress', progress: 50 });
  await advance(sim, 2000);
  const done = await client.videos.retrieve(created.id);
  t.like(done, { status: 'completed', progress: 100, completed_at: created.created_at + 5 });
  t.is(done.expires_at, done.completed_at! + 24 * 3600);

  const content = await client.videos.downloadContent(created.id);
  t.is(content.headers.get('content-type'), 'video/mp4');
  t.deepEqual(videoTrackOf(parseMp4(new Uint8Array(await content.arrayBuffer()))), {
    codec: 'avc1.42c028',
    width: 1280,
    height: 720,
    seconds: 4,
    frames: 100,
  });
  const thumbnail = await client.videos.downloadContent(created.id, { variant: 'thumbnail' });
  t.is(thumbnail.headers.get('content-type'), 'image/webp');
  t.is(
    Buffer.from(await thumbnail.arrayBuffer())
      .subarray(8, 12)
      .toString('ascii'),
    'WEBP',
  );
  const spritesheet = await client.videos.downloadContent(created.id, { variant: 'spritesheet' });
  t.is(spritesheet.headers.get('content-type'), 'image/jpeg');
  t.deepEqual([...Buffer.from(await spritesheet.arrayBuffer()).subarray(0, 2)], [0xff, 0xd8]);

  await advance(sim, 24 * 3600 * 1000);
  t.is(statusOf(await t.throwsAsync(client.videos.downloadContent(created.id))), 404, 'the assets expire a day after completion');
});

test('the defaults: 4 seconds at 720x1280 on sora-2; a JSON body is taken as the form is', async (t) => {
  const sim = await start(t);
  const client = v1Client(sim);
  t.like(await client.videos.create({ prompt: 'A lighthouse at dusk' }), { model: 'sora-2', seconds: '4', size: '720x1280' });
  const answer = await fetch(`${sim.url}/openai/v1/videos`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sora-2', prompt: 'A kite', seconds: 8, size: '720x1280' }),
  });
  t.is(answer.status, 200);
  t.like(await answer.json(), { object: 'video', status: 'queued', seconds: '8', size: '720x1280' });
});

test('videos are listed newest first a page at a time, walked by the SDK, and deleted once finished', async (t) => {
  const sim = await start(t);
  const client = v1Client(sim);
  const ids: string[] = [];
  for (const prompt of ['one', 'two', 'three']) ids.push((await client.videos.create({ model: 'sora-2-pro', prompt })).id);

  const first = await client.videos.list({ limit: 2 });
  t.deepEqual(
    first.data.map((video) => video.id),
    [ids[2], ids[1]],
  );
  t.true(first.has_more);
  const walked: string[] = [];
  for await (const video of client.videos.list({ limit: 1, order: 'asc' })) walked.push(video.id);
  t.deepEqual(walked, ids);

  const running = await t.throwsAsync(client.videos.delete(ids[0]!));
  t.is(statusOf(running), 400, 'a job still rendering is not deleted');
  await advance(sim, 1000);
  t.deepEqual(await client.videos.delete(ids[0]!), { id: ids[0]!, object: 'video.deleted', deleted: true });
  t.is(statusOf(await t.throwsAsync(client.videos.retrieve(ids[0]!))), 404);
  t.is(statusOf(await t.throwsAsync(client.videos.downloadContent(ids[0]!))), 404);
  t.is(statusOf(await t.throwsAsync(client.videos.delete(ids[0]!))), 404);
  t.deepEqual(
    (await client.videos.list()).data.map((video) => video.id),
    [ids[2], ids[1]],
  );
});

test('a completed video is remixed into a new job of the same size and length', async (t) => {
  const sim = await start(t);
  const client = v1Client(sim);
  const source = await client.videos.create({ model: 'sora-2-pro', prompt: 'A fox', seconds: '8', size: '1792x1024' });
  t.is(statusOf(await t.throwsAsync(client.videos.remix(source.id, { prompt: 'A fox in snow' }))), 400, 'not before it completes');
  await advance(sim, 1000);
  const remix = await client.videos.remix(source.id, { prompt: 'A fox in snow' });
  t.like(remix, { status: 'in_progress', remixed_from_video_id: source.id, prompt: 'A fox in snow', seconds: '8', size: '1792x1024' });
  await advance(sim, 1000);
  const content = await client.videos.downloadContent(remix.id);
  t.like(videoTrackOf(parseMp4(new Uint8Array(await content.arrayBuffer()))), { width: 1792, height: 1024, seconds: 8 });
});

test('a fault on operation videos fails the job with the error it scripts; content_filter is moderation_blocked', async (t) => {
  const sim = await start(t, {
    deployments: DEPLOYMENTS,
    faults: [
      {
        name: 'blocked',
        match: { operation: 'videos', body: [{ path: 'prompt', contains: 'forbidden' }] },
        fault: { kind: 'status', error: 'content_filter' },
      },
      { name: 'outage', match: { operation: 'videos', deployment: 'sora-2-pro' }, fault: { kind: 'status', status: 500 } },
    ],
  });
  const client = v1Client(sim);
  const blocked = await client.videos.create({ model: 'sora-2', prompt: 'Something forbidden' });
  t.is(blocked.status, 'queued', 'the request is accepted: the job fails later');
  await advance(sim, 3000);
  t.like(await client.videos.retrieve(blocked.id), {
    status: 'failed',
    progress: 50,
    completed_at: null,
    error: { code: 'moderation_blocked', message: 'Your request was blocked by our moderation system.' },
  });
  t.like(errorOf(await t.throwsAsync(client.videos.downloadContent(blocked.id))), { code: 'video_not_ready' });

  const crashed = await client.videos.create({ model: 'sora-2-pro', prompt: 'A calm sea' });
  await advance(sim, 1000);
  const failed = await client.videos.retrieve(crashed.id);
  t.is(failed.status, 'failed');
  t.like(failed.error, { code: 'server_error' });
  t.like(await client.videos.create({ model: 'sora-2', prompt: 'A calm sea' }), { status: 'queued' }, 'other jobs go on');
});

test('bad input gets the service errors: prompt, seconds, size, model, id and variant', async (t) => {
  const sim = await start(t);
  const client = v1Client(sim);
  const refused = async (call: Promise<unknown>) => {
    const error = await t.throwsAsync(call);
    return { status: statusOf(error), ...errorOf(error) };
  };
  t.like(await refused(client.videos.create({ model: 'sora-2', prompt: '' })), {
    status: 400,
    param: 'prompt',
    code: 'missing_required_parameter',
  });
  t.like(await refused(client.videos.create({ model: 'sora-2', prompt: 'x', seconds: '5' as '4' })), {
    status: 400,
    param: 'seconds',
    code: 'invalid_value',
    message: "Invalid value: '5'. Supported values are: '4', '8' and '12'.",
  });
  t.like(await refused(client.videos.create({ model: 'sora-2', prompt: 'x', size: '1792x1024' })), {
    status: 400,
    param: 'size',
    message: "Invalid value: '1792x1024'. Supported values are: '720x1280' and '1280x720'.",
  });
  t.like(await refused(client.videos.create({ model: 'sora-3', prompt: 'x' })), { status: 404, code: 'DeploymentNotFound' });
  t.like(await refused(client.videos.create({ model: 'gpt-4o', prompt: 'x' })), { status: 400, code: 'OperationNotSupported' });
  t.like(await refused(client.videos.retrieve('video_missing')), { status: 404, code: 'video_not_found' });
  const video = await client.videos.create({ model: 'sora-2-pro', prompt: 'x' });
  await advance(sim, 1000);
  t.like(await refused(client.videos.downloadContent(video.id, { variant: 'poster' as 'video' })), { status: 400, param: 'variant' });
  const unauthorized = await fetch(`${sim.url}/openai/v1/videos`);
  t.is(unauthorized.status, 401);
});

test('past server.memory.videoJobs.maxEntries the least recently used job is forgotten and answers 404', async (t) => {
  const sim = await start(t, { deployments: DEPLOYMENTS, server: { memory: { videoJobs: { maxEntries: 2 } } } });
  const client = v1Client(sim);
  const [first, second, third] = [
    await client.videos.create({ model: 'sora-2', prompt: 'one' }),
    await client.videos.create({ model: 'sora-2', prompt: 'two' }),
    await client.videos.create({ model: 'sora-2', prompt: 'three' }),
  ];
  t.is(statusOf(await t.throwsAsync(client.videos.retrieve(first.id))), 404);
  t.deepEqual(
    (await client.videos.list()).data.map((video) => video.id),
    [third.id, second.id],
  );
  const clock = (await (await fetch(`${sim.url}/__sim/clock`)).json()) as { pendingJobs: number };
  t.is(clock.pendingJobs, 2, "the forgotten job's timer went with it");
});

test('the embedded default scenarios have a sora-2 deployment', async (t) => {
  const sim = await startTestSimulator(t, { clock: new ManualClock() });
  t.like(await v1Client(sim).videos.create({ model: 'sora-2', prompt: 'x' }), { status: 'queued', model: 'sora-2' });
});
