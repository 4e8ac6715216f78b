import test from 'ava';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

// Answers are rendered once per body and handed out again (see renderings.ts): what a client sees must be what a
// fresh rendering would give, with an id and a created time of its own.

const ADMIN = 'admin-secret';
const messages = [{ role: 'user' as const, content: 'Tell me about the history of the bicycle.' }];

test('the same chat body twice: the same answer, each with its own id', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } } });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const first = await client.chat.completions.create({ model: 'gpt-4o', messages });
  const second = await client.chat.completions.create({ model: 'gpt-4o', messages });
  t.is(second.choices[0]?.message.content, first.choices[0]?.message.content);
  t.deepEqual(second.usage, first.usage);
  t.regex(second.id, /^chatcmpl-[A-Za-z0-9]{29}$/);
  t.not(second.id, first.id);
  t.true(second.created >= first.created);
});

test('long chat bodies of one length: each its own answer, the same as a fresh simulator gives, and again when repeated', async (t) => {
  // a long body is kept by its digest (ParsedJson.key): two that differ in one character must not share an answer
  const scenarios = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } };
  const long = (last: string) => [{ role: 'user' as const, content: `${'Tell me about bicycles. '.repeat(1_000)}${last}` }];
  const ask = (sim: Awaited<ReturnType<typeof startTestSimulator>>, last: string) =>
    azureClient(sim, { deployment: 'gpt-4o' })
      .chat.completions.create({ model: 'gpt-4o', messages: long(last) })
      // (the usage's cached tokens differ: the prompt cache saw the first prompt's prefix)
      .then(({ choices, usage }) => ({ content: choices[0]?.message.content, tokens: [usage?.prompt_tokens, usage?.completion_tokens] }));
  const sim = await startTestSimulator(t, { scenarios });
  const a = await ask(sim, 'A');
  const b = await ask(sim, 'B');
  const again = await ask(sim, 'A');
  const fresh = await ask(await startTestSimulator(t, { scenarios }), 'B');
  t.true(JSON.stringify(long('A')).length > 16_383);
  t.not(b.content, a.content);
  t.deepEqual(b, fresh);
  t.deepEqual(again, a);
});

test('the same streamed body twice: the same chunks, each stream with one id of its own in every chunk', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } } });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const streamed = async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const ids = new Set<string>();
    let text = '';
    let usage;
    for await (const chunk of stream) {
      if (chunk.id) ids.add(chunk.id);
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    return { ids: [...ids], text, usage };
  };
  const first = await streamed();
  const second = await streamed();
  t.true(first.text.length > 0);
  t.is(second.text, first.text);
  t.deepEqual(second.usage, first.usage);
  t.is(first.ids.length, 1);
  t.is(second.ids.length, 1);
  t.not(second.ids[0], first.ids[0]);
});

test('a stream sent at once carries the same chunks as the same stream paced, usage and several choices included', async (t) => {
  // an unpaced stream is sent as text joined from a rendering, a paced one frame by frame from its events
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: {
        instant: { model: 'gpt-4o-2024-08-06' },
        paced: { model: 'gpt-4o-2024-08-06', latency: { ttft: 1, itl: 1 } },
      },
    },
  });
  const chunksOf = async (deployment: string) => {
    const client = azureClient(sim, { deployment });
    const stream = await client.chat.completions.create({
      model: deployment,
      messages,
      max_tokens: 12,
      n: 2,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push({ ...chunk, id: 'same', created: 0 });
    return chunks;
  };
  const instant = await chunksOf('instant');
  const paced = await chunksOf('paced');
  t.true(instant.length > 20, `${instant.length} chunks`);
  t.truthy(instant.at(-1)?.usage);
  t.deepEqual(instant, paced);
});

test('the same embeddings body twice: the same vectors; another input gets its own', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: { embed: { model: 'text-embedding-3-small' } } } });
  const client = azureClient(sim, { deployment: 'embed' });
  const input = ['reset my password', 'weather in Paris'];
  const first = await client.embeddings.create({ model: 'embed', input });
  const second = await client.embeddings.create({ model: 'embed', input });
  t.deepEqual(second.data, first.data);
  const other = await client.embeddings.create({ model: 'embed', input: ['reset my password', 'password reset instructions'] });
  t.deepEqual(other.data[0]?.embedding, first.data[0]?.embedding);
  t.notDeepEqual(other.data[1]?.embedding, first.data[1]?.embedding);
});

test('after the scenarios change, the same body is answered from the new deployment, not from what was kept', async (t) => {
  const scenarios = (model: string) => ({ server: { admin: { apiKey: ADMIN } }, deployments: { 'gpt-4o': { model } } });
  const sim = await startTestSimulator(t, { scenarios: scenarios('gpt-4o-2024-08-06') });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  t.is((await client.chat.completions.create({ model: 'gpt-4o', messages })).model, 'gpt-4o-2024-08-06');
  const put = await fetch(`${sim.url}/__sim/scenarios`, {
    method: 'PUT',
    headers: { 'x-sim-admin-key': ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify(scenarios('gpt-4o-mini-2024-07-18')),
  });
  t.is(put.status, 200);
  t.is((await client.chat.completions.create({ model: 'gpt-4o', messages })).model, 'gpt-4o-mini-2024-07-18');
});

test('answers are whole byte for byte, with content-length their UTF-8 size, ASCII or not, streamed or not', async (t) => {
  // an ASCII answer is counted by its length and written as latin1 (write-result.ts); any other goes out as UTF-8
  const beyondAscii = 'Café ☕, naïve 日本語 🚲 done.';
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
      scenarios: [{ name: 'unicode', match: { lastUserMessage: { contains: 'unicode' } }, respond: { content: beyondAscii } }],
    },
  });
  const url = `${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`;
  const ask = (content: string, stream: boolean) =>
    fetch(url, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content }], stream }),
    });
  for (const content of ['Tell me about bicycles.', 'unicode, please']) {
    const whole = await ask(content, false);
    const bytes = Buffer.from(await whole.arrayBuffer());
    t.is(Number(whole.headers.get('content-length')), bytes.length, content);
    const answer = (JSON.parse(bytes.toString('utf8')) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content;
    if (content.startsWith('unicode')) t.is(answer, beyondAscii);
    else t.regex(answer, /^[\x20-\x7e]+$/);

    const streamed = await ask(content, true);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await streamed.arrayBuffer());
    const deltas = text
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => (JSON.parse(event.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '')
      .join('');
    t.is(deltas, answer, `${content}: the stream says what the answer says`);
    t.true(text.endsWith('data: [DONE]\n\n'));
  }
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const viaSdk = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'unicode' }] });
  t.is(viaSdk.choices[0]?.message.content, beyondAscii);
});
