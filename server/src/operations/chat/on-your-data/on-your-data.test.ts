import test from 'ava';
import type { AzureOpenAI } from 'openai';
import { join } from 'node:path';
import { azureClient, PREVIEW_API_VERSION } from '../../../test-support/clients.ts';
import { recountO200k } from '../../../test-support/recount.ts';
import { startTestSimulator } from '../../../test-support/simulator.ts';
import { tempTree, yaml } from '../../../test-support/temp-tree.ts';

interface Context {
  citations?: Array<{ content: string; title?: string; url?: string; filepath?: string; chunk_id?: string }>;
  intent?: string;
  all_retrieved_documents?: Array<Record<string, unknown>>;
}

const AZURE_SEARCH = {
  type: 'azure_search',
  parameters: {
    endpoint: 'https://contoso.search.windows.net',
    index_name: 'pet-care',
    authentication: { type: 'api_key', key: 'search-key' },
  },
};
const QUESTION = [{ role: 'user' as const, content: 'How should I care for a puppy in winter?' }];

/** `data_sources` is an Azure extension: the SDK sends it as an extra body field, untyped. */
function ask(client: AzureOpenAI, dataSources: unknown[], extra: Record<string, unknown> = {}) {
  return client.chat.completions.create({ model: 'gpt-4o', messages: QUESTION, data_sources: dataSources, ...extra } as never);
}

const contextOf = (message: unknown) => (message as { context?: Context }).context;

test('on your data: the answer carries citations and intent, cites them [docN], the same for the same request', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = (await ask(client, [AZURE_SEARCH])) as import('openai').OpenAI.ChatCompletion;
  const message = completion.choices[0]!.message;
  const context = contextOf(message);
  t.truthy(context?.citations?.length);
  for (const citation of context!.citations!) {
    t.deepEqual(Object.keys(citation), ['content', 'title', 'url', 'filepath', 'chunk_id']);
    t.true(citation.content.length > 0);
  }
  t.deepEqual(JSON.parse(context!.intent!)[0], QUESTION[0]!.content);
  t.is(context!.all_retrieved_documents, undefined);
  t.regex(message.content ?? '', /\[doc1\]/);
  const highest = Math.max(...[...(message.content ?? '').matchAll(/\[doc(\d+)\]/g)].map((match) => Number(match[1])));
  t.true(highest <= context!.citations!.length);
  t.is(completion.usage?.completion_tokens, recountO200k(message.content ?? ''));

  const again = (await ask(client, [AZURE_SEARCH])) as import('openai').OpenAI.ChatCompletion;
  t.deepEqual(contextOf(again.choices[0]!.message), context);
  t.is(again.choices[0]!.message.content, message.content);
  const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: QUESTION });
  t.is(contextOf(plain.choices[0]!.message), undefined);
});

test('on your data: the next turn sends the assistant message back with its context, as the spec example does', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const first = (await ask(client, [AZURE_SEARCH])) as import('openai').OpenAI.ChatCompletion;
  const { content, context } = first.choices[0]!.message as unknown as { content: string; context: Context };
  const messages = [
    ...QUESTION,
    { role: 'assistant', content, context: { intent: context.intent } },
    { role: 'user', content: 'And for a kitten?' },
  ];
  const next = (await client.chat.completions.create({
    model: 'gpt-4o',
    messages,
    data_sources: [AZURE_SEARCH],
  } as never)) as import('openai').OpenAI.ChatCompletion;
  t.is(JSON.parse(contextOf(next.choices[0]!.message)!.intent!)[0], 'And for a kitten?');
});

test('on your data: include_contexts asks for all retrieved documents, with their queries and scores', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const parameters = { ...AZURE_SEARCH.parameters, include_contexts: ['intent', 'all_retrieved_documents'], top_n_documents: 4 };
  const completion = (await ask(client, [{ ...AZURE_SEARCH, parameters }])) as import('openai').OpenAI.ChatCompletion;
  const context = contextOf(completion.choices[0]!.message)!;
  t.is(context.citations, undefined);
  t.is(context.all_retrieved_documents?.length, 4);
  const [first] = context.all_retrieved_documents!;
  t.deepEqual(first!.search_queries, JSON.parse(context.intent!));
  t.is(first!.data_source_index, 0);
  t.is(typeof first!.original_search_score, 'number');
});

test('on your data: a stream sends the context with the role, before any content', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const stream = (await ask(client, [AZURE_SEARCH], { stream: true })) as unknown as AsyncIterable<
    import('openai').OpenAI.ChatCompletionChunk
  >;
  const deltas: Array<Record<string, unknown>> = [];
  for await (const chunk of stream) if (chunk.choices[0]) deltas.push(chunk.choices[0].delta as Record<string, unknown>);
  const context = deltas[0]!.context as Context;
  t.is(deltas[0]!.role, 'assistant');
  t.truthy(context.citations?.length);
  t.truthy(context.intent);
  t.true(deltas.slice(1).every((delta) => delta.context === undefined));
  const text = deltas.map((delta) => delta.content ?? '').join('');
  t.regex(text, /\[doc1\]/);

  // the same on the wire: the first chunk with a choice has delta.context, the content comes after it
  const raw = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: QUESTION, data_sources: [AZURE_SEARCH], stream: true }),
  });
  const events = (await raw.text())
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice(6)) as { choices: Array<{ delta: Record<string, unknown> }> });
  const withChoice = events.filter((event) => event.choices.length > 0);
  t.deepEqual(withChoice[0]!.choices[0]!.delta.context, context);
  t.is(withChoice.map((event) => event.choices[0]!.delta.content ?? '').join(''), text);
});

test('on your data: a scenario rule scripts the citations and intent', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06 }
      scenarios:
        - name: puppy-policy
          match: { lastUserMessage: { contains: puppy } }
          respond:
            content: Keep puppies indoors when it is cold [doc1].
            intent: '["puppy winter care"]'
            citations:
              - content: Puppies lose heat quickly; keep walks short below 5 °C.
                title: Winter care
                url: https://contoso.example/winter.md
                filepath: winter.md
                chunk_id: "2"
    `,
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = (await ask(client, [AZURE_SEARCH])) as import('openai').OpenAI.ChatCompletion;
  const message = completion.choices[0]!.message;
  t.is(message.content, 'Keep puppies indoors when it is cold [doc1].');
  t.deepEqual(contextOf(message), {
    citations: [
      {
        content: 'Puppies lose heat quickly; keep walks short below 5 °C.',
        title: 'Winter care',
        url: 'https://contoso.example/winter.md',
        filepath: 'winter.md',
        chunk_id: '2',
      },
    ],
    intent: '["puppy winter care"]',
  });
  // without data_sources the service adds no context, scripted or not
  const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: QUESTION });
  t.is(contextOf(plain.choices[0]!.message), undefined);
});

test('on your data: invalid data_sources get On Your Data’s 400, every problem in one message', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const error = await t.throwsAsync(ask(client, [{ type: 'azure_search', parameters: { indexName: 'x' } }]));
  t.is((error as { status?: number }).status, 400);
  t.is(
    (error as Error).message,
    '400 Validation error at #/data_sources/0/azure_search/parameters/endpoint: Field required\n' +
      'Validation error at #/data_sources/0/azure_search/parameters/index_name: Field required\n' +
      'Validation error at #/data_sources/0/azure_search/parameters/authentication: Field required\n' +
      'Validation error at #/data_sources/0/azure_search/parameters/indexName: Extra inputs are not permitted',
  );

  const raw = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: QUESTION, data_sources: [{ type: 'pinecone', parameters: {} }] }),
  });
  t.is(raw.status, 400);
  t.is(raw.headers.get('content-type'), 'application/json');
  const body = await raw.text();
  // written as Python's json.dumps writes it
  t.regex(body, /^\{"error": \{"requestid": "[0-9a-f-]{36}", "code": 400, "message": "Validation error at #\/data_sources\/0: /);
  t.is(
    (JSON.parse(body) as { error: { message: string } }).error.message,
    "Validation error at #/data_sources/0: Input tag 'pinecone' found using 'type' does not match any of the expected tags: 'azure_search', 'azure_cosmos_db'",
  );
});
