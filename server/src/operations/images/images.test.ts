import test from 'ava';
import { PNG } from 'pngjs';
import { azureClient, PREVIEW_API_VERSION } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

test('images: a url response points at a real PNG the simulator serves, of the requested size', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'dall-e-3', apiVersion: PREVIEW_API_VERSION });
  const result = await client.images.generate({ model: 'dall-e-3', prompt: 'A lighthouse at dusk', size: '1792x1024' });
  const image = result.data?.[0];
  t.true((image?.revised_prompt ?? '').includes('lighthouse at dusk'));
  t.true(image?.url?.startsWith(`${sim.url}/__sim/images/`), image?.url);
  const download = await fetch(image!.url!);
  t.is(download.headers.get('content-type'), 'image/png');
  const png = PNG.sync.read(Buffer.from(await download.arrayBuffer()));
  t.is(png.width, 1792);
  t.is(png.height, 1024);
});

test('images: b64_json carries the same deterministic PNG inline', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'dall-e-3', apiVersion: PREVIEW_API_VERSION });
  const ask = () => client.images.generate({ model: 'dall-e-3', prompt: 'A red bicycle', response_format: 'b64_json' });
  const [a, b] = await Promise.all([ask(), ask()]);
  const bytes = Buffer.from(a.data?.[0]?.b64_json ?? '', 'base64');
  t.is(PNG.sync.read(bytes).width, 1024);
  t.is(a.data?.[0]?.b64_json, b.data?.[0]?.b64_json);
});

test('images: dall-e-3 refuses n > 1 and sizes it does not make', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'dall-e-3', apiVersion: PREVIEW_API_VERSION });
  const many = await t.throwsAsync(client.images.generate({ model: 'dall-e-3', prompt: 'x', n: 2 }));
  t.is((many as { status?: number }).status, 400);
  const small = await t.throwsAsync(client.images.generate({ model: 'dall-e-3', prompt: 'x', size: '256x256' }));
  t.is((small as { param?: string }).param, 'size');
});

test('images: the image files route draws only the service’s sizes and seeds, and a url serves the b64_json bytes', async (t) => {
  const sim = await startTestSimulator(t);
  for (const path of ['4096x4096/1.png', '2048x2048/1.png', '100x100/1.png', '1024x1024/4294967295.png', '1024x1024/x.png']) {
    const refused = await fetch(`${sim.url}/__sim/images/${path}`);
    t.is(refused.status, 404, path);
    await refused.arrayBuffer();
  }
  const client = azureClient(sim, { deployment: 'dall-e-3', apiVersion: PREVIEW_API_VERSION });
  const ask = (format: 'url' | 'b64_json') =>
    client.images.generate({ model: 'dall-e-3', prompt: 'A lighthouse at dusk', size: '1024x1792', response_format: format });
  const [byUrl, inline] = await Promise.all([ask('url'), ask('b64_json')]);
  const downloads = await Promise.all([1, 2].map(() => fetch(byUrl.data![0]!.url!).then(async (r) => Buffer.from(await r.arrayBuffer()))));
  t.deepEqual(downloads[0], Buffer.from(inline.data![0]!.b64_json!, 'base64'));
  t.deepEqual(downloads[1], downloads[0]);
  t.is(PNG.sync.read(downloads[0]!).height, 1792);
});

test('images: gpt-image-1 generations answer b64_json with usage; DALL-E 3 has none', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-image-1', apiVersion: PREVIEW_API_VERSION });
  const result = await client.images.generate({ model: 'gpt-image-1', prompt: 'A lighthouse at dusk', quality: 'high', size: '1024x1536' });
  t.is(PNG.sync.read(Buffer.from(result.data?.[0]?.b64_json ?? '', 'base64')).height, 1536);
  const usage = result.usage!;
  t.true(usage.input_tokens_details.text_tokens > 0);
  t.is(usage.input_tokens_details.image_tokens, 0);
  t.is(usage.input_tokens, usage.input_tokens_details.text_tokens);
  t.is(usage.output_tokens, 6240, 'a portrait image at high quality');
  t.is(usage.total_tokens, usage.input_tokens + 6240);

  const dallE = azureClient(sim, { deployment: 'dall-e-3', apiVersion: PREVIEW_API_VERSION });
  const plain = await dallE.images.generate({ model: 'dall-e-3', prompt: 'A lighthouse at dusk' });
  t.is(plain.usage, undefined);
});
