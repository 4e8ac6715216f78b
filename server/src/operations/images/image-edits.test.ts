import test from 'ava';
import { toFile } from 'openai';
import { PNG } from 'pngjs';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A real PNG of the given size, as a user would upload. */
function pngOf(width: number, height: number): Buffer {
  return PNG.sync.write(new PNG({ width, height }));
}

function decoded(b64: string | undefined): PNG {
  const bytes = Buffer.from(b64 ?? '', 'base64');
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  return PNG.sync.read(bytes);
}

test('image edits: the Azure client gets a real PNG of the asked size, deterministic, with usage', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-image-1', apiVersion: PREVIEW_API_VERSION });
  const edit = async () =>
    client.images.edit({
      model: 'gpt-image-1',
      image: await toFile(pngOf(1024, 1024), 'photo.png', { type: 'image/png' }),
      prompt: 'Add a red hat to the cat',
      size: '1536x1024',
    });
  const [a, b] = await Promise.all([edit(), edit()]);
  const png = decoded(a.data?.[0]?.b64_json);
  t.is(png.width, 1536);
  t.is(png.height, 1024);
  t.is(a.data?.[0]?.url, undefined);
  t.is(a.data?.[0]?.b64_json, b.data?.[0]?.b64_json);
  t.true(Number.isInteger(a.created));
  const usage = a.usage!;
  t.true(usage.input_tokens_details.text_tokens > 0);
  // a 1024×1024 input is one 512 tile once its shorter side is 512: 65 + 129
  t.is(usage.input_tokens_details.image_tokens, 194);
  t.is(usage.input_tokens, usage.input_tokens_details.text_tokens + 194);
  // a landscape image at auto (medium) quality
  t.is(usage.output_tokens, 1568);
  t.is(usage.total_tokens, usage.input_tokens + usage.output_tokens);
});

test('image edits: the v1 client sends several images and a mask; auto size follows the image', async (t) => {
  const sim = await startTestSimulator(t);
  const client = v1Client(sim);
  const result = await client.images.edit({
    model: 'gpt-image-1',
    image: [
      await toFile(pngOf(512, 768), 'one.png', { type: 'image/png' }),
      await toFile(pngOf(1024, 1024), 'two.png', { type: 'image/png' }),
    ],
    mask: await toFile(pngOf(512, 768), 'mask.png', { type: 'image/png' }),
    prompt: 'Put both in one picture',
    n: 2,
    quality: 'low',
  });
  t.is(result.data?.length, 2);
  const first = decoded(result.data?.[0]?.b64_json);
  t.deepEqual([first.width, first.height], [1024, 1536]);
  t.not(result.data?.[0]?.b64_json, result.data?.[1]?.b64_json);
  // 512×768 stays one column of two tiles: 65 + 2 × 129; 1024×1024 is 194
  t.is(result.usage?.input_tokens_details.image_tokens, 65 + 2 * 129 + 194);
  t.is(result.usage?.output_tokens, 2 * 408);
});

async function postEdit(url: string, form: FormData) {
  const response = await fetch(url, { method: 'POST', headers: { 'api-key': 'k' }, body: form });
  return { status: response.status, body: (await response.json()) as { error: { message: string; code?: string; param?: string } } };
}

function editForm(parts: { image?: Blob | string; mask?: Blob; prompt?: string }): FormData {
  const form = new FormData();
  if (typeof parts.image === 'string') form.append('image', parts.image);
  else if (parts.image) form.append('image', parts.image, 'photo.png');
  if (parts.mask) form.append('mask', parts.mask, 'mask.png');
  if (parts.prompt !== undefined) form.append('prompt', parts.prompt);
  return form;
}

const png = (width: number, height: number) => new Blob([pngOf(width, height)], { type: 'image/png' });

test('image edits: the service’s refusals for what an edit lacks or gets wrong', async (t) => {
  const sim = await startTestSimulator(t);
  const url = `${sim.url}/openai/deployments/gpt-image-1/images/edits?api-version=${PREVIEW_API_VERSION}`;

  const noImage = await postEdit(url, editForm({ prompt: 'x' }));
  t.is(noImage.status, 400);
  t.deepEqual(noImage.body.error, {
    message: "Missing required parameter: 'image'.",
    type: 'invalid_request_error',
    param: 'image',
    code: 'missing_required_parameter',
  });

  const text = await postEdit(url, editForm({ image: new Blob(['hello'], { type: 'text/plain' }), prompt: 'x' }));
  t.is(text.status, 400);
  t.is(
    text.body.error.message,
    "Invalid file 'image': unsupported mimetype ('text/plain'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
  );
  t.is(text.body.error.code, 'unsupported_file_mimetype');

  const untyped = await postEdit(url, editForm({ image: new Blob([pngOf(8, 8)]), prompt: 'x' }));
  t.is(untyped.body.error.code, 'unsupported_file_mimetype', 'a file sent without a type is application/octet-stream');

  const notPng = await postEdit(url, editForm({ image: new Blob(['not a picture'], { type: 'image/png' }), prompt: 'x' }));
  t.is(notPng.status, 400);
  t.is(notPng.body.error.param, 'image');
  t.is(notPng.body.error.code, 'invalid_image_file');

  const asText = await postEdit(url, editForm({ image: 'iVBORw0KGgo=', prompt: 'x' }));
  t.is(asText.body.error.message, "Invalid type for 'image': expected one of an array of files or file, but got a string instead.");

  const noPrompt = await postEdit(url, editForm({ image: png(16, 16) }));
  t.is(noPrompt.body.error.message, "Missing required parameter: 'prompt'.");

  const mask = await postEdit(url, editForm({ image: png(1024, 1024), mask: png(512, 512), prompt: 'x' }));
  t.is(mask.status, 400);
  t.is(mask.body.error.param, 'mask');
  t.regex(mask.body.error.message, /same dimensions/);
});

test('image edits: DALL-E 3 does not edit, and api-versions before 2025-04-01-preview have no edits route', async (t) => {
  const sim = await startTestSimulator(t);
  const form = () => editForm({ image: png(64, 64), prompt: 'x' });
  const dallE = await postEdit(`${sim.url}/openai/deployments/dall-e-3/images/edits?api-version=${PREVIEW_API_VERSION}`, form());
  t.is(dallE.status, 400);
  t.is(dallE.body.error.code, 'OperationNotSupported');
  t.regex(dallE.body.error.message, /^The imageEdit operation does not work with the specified model, dall-e-3\./);

  for (const version of ['2025-03-01-preview', '2024-10-21']) {
    const old = await fetch(`${sim.url}/openai/deployments/gpt-image-1/images/edits?api-version=${version}`, {
      method: 'POST',
      headers: { 'api-key': 'k' },
      body: form(),
    });
    t.is(old.status, 404, version);
    t.is(await old.text(), '{"error":{"code":"404","message": "Resource not found"}}');
  }
});
