import test from 'ava';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

test('inputItems.list on the dated route: the conversation given, newest first, with the service ids', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const first = await client.responses.create({
    model: 'gpt-4o',
    input: [
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: 'Hello there.' },
    ],
  });
  const page = await client.responses.inputItems.list(first.id);
  t.deepEqual(
    page.data.map((item) => (item.type === 'message' ? [item.role, item.content[0]] : [item.type])),
    [
      ['user', { type: 'input_text', text: 'Hello there.' }],
      ['developer', { type: 'input_text', text: 'Answer in French.' }],
    ],
  );
  for (const item of page.data) t.regex(item.id, /^msg_/);
  t.false(page.has_more);

  // a turn continuing the first lists the whole conversation it answered, the earlier ids kept
  const second = await client.responses.create({ model: 'gpt-4o', previous_response_id: first.id, input: 'And then?' });
  const all = await client.responses.inputItems.list(second.id, { order: 'asc' });
  t.deepEqual(
    all.data.map((item) => item.id),
    [page.data[1]!.id, page.data[0]!.id, first.output[0]!.id, all.data[3]!.id],
  );
  t.is(all.data[2]?.type === 'message' ? all.data[2].role : '', 'assistant');
});

test('inputItems.list on the v1 route pages with after and limit, has_more telling when to go on', async (t) => {
  const sim = await startTestSimulator(t);
  const client = v1Client(sim);
  const input = Array.from({ length: 5 }, (_, i) => ({ role: 'user' as const, content: `line ${i}` }));
  const response = await client.responses.create({ model: 'gpt-4.1', input });
  const texts = (items: { type: string; content?: unknown }[]) => items.map((item) => (item.content as { text: string }[])[0]!.text);

  const first = await client.responses.inputItems.list(response.id, { limit: 2, order: 'asc' });
  t.deepEqual(texts(first.data), ['line 0', 'line 1']);
  t.true(first.has_more);
  const raw = await fetch(`${sim.url}/openai/v1/responses/${response.id}/input_items?limit=2&order=asc`, {
    headers: { authorization: 'Bearer test-key' },
  });
  t.like(await raw.json(), { object: 'list', first_id: first.data[0]!.id, last_id: first.data[1]!.id, has_more: true });
  const next = await client.responses.inputItems.list(response.id, { limit: 2, order: 'asc', after: first.data[1]!.id });
  t.deepEqual(texts(next.data), ['line 2', 'line 3']);

  // the SDK's auto-pagination follows has_more and last_id to the end
  const seen: string[] = [];
  for await (const item of client.responses.inputItems.list(response.id, { limit: 2 })) seen.push(texts([item])[0]!);
  t.deepEqual(seen, ['line 4', 'line 3', 'line 2', 'line 1', 'line 0']);
});

test('input_items refuses a bad limit or order with the service 400s, and an unknown id with its 404', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const { id } = await client.responses.create({ model: 'gpt-4o', input: 'Keep me.' });
  const get = async (path: string) => {
    const response = await fetch(`${sim.url}/openai/responses/${path}`, { headers: { 'api-key': 'k' } });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const invalid = (message: string, param: string, code: string) => ({
    status: 400,
    body: { error: { message, type: 'invalid_request_error', param, code } },
  });
  const version = `api-version=${PREVIEW_API_VERSION}`;
  t.deepEqual(
    await get(`${id}/input_items?${version}&limit=0`),
    invalid("Invalid 'limit': integer below minimum value. Expected a value >= 1, but got 0 instead.", 'limit', 'integer_below_min_value'),
  );
  t.deepEqual(
    await get(`${id}/input_items?${version}&limit=101`),
    invalid(
      "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.",
      'limit',
      'integer_above_max_value',
    ),
  );
  t.deepEqual(
    await get(`${id}/input_items?${version}&limit=ten`),
    invalid("Invalid type for 'limit': expected an integer, but got a string instead.", 'limit', 'invalid_type'),
  );
  t.deepEqual(
    await get(`${id}/input_items?${version}&order=newest`),
    invalid("Invalid value: 'newest'. Supported values are: 'asc', and 'desc'.", 'order', 'invalid_value'),
  );
  const notFound = {
    status: 404,
    body: { error: { message: "Response with id 'resp_nope' not found.", type: 'invalid_request_error', param: null, code: null } },
  };
  t.deepEqual(await get(`resp_nope/input_items?${version}`), notFound);
  t.deepEqual(await get(`resp_nope?${version}`), notFound);
  await client.responses.delete(id);
  const deleted = await t.throwsAsync(client.responses.inputItems.list(id));
  t.is((deleted as { status?: number }).status, 404);
});
