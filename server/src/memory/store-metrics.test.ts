import test from 'ava';
import { join } from 'node:path';
import { AzureOpenAI } from 'openai';
import { parseExposition, sampleValue } from '../metrics/index.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

const SCENARIOS = yaml`
  server: { memory: { answerCache: { maxEntries: 2 }, storedResponses: { maxEntries: 5 } } }
  deployments:
    gpt-4o: { model: gpt-4o-2024-08-06 }
`;

test('/metrics reports what each bounded store holds, in entries and bytes, within its bound', async (t) => {
  const dir = await tempTree(t, { 'scenarios.yaml': SCENARIOS });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  const client = new AzureOpenAI({ endpoint: sim.url, apiKey: 'k', apiVersion: '2025-04-01-preview', deployment: 'gpt-4o', maxRetries: 0 });
  const scrape = async () => parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const stores = ['answer_cache', 'prompt_cache', 'stored_responses', 'test_ids', 'replay_cursors', 'video_jobs'];

  const before = await scrape();
  for (const store of stores) {
    t.is(sampleValue(before, 'aoai_sim_store_entries', { store }), 0, `${store} starts empty`);
    t.is(sampleValue(before, 'aoai_sim_store_bytes', { store }), 0, `${store} starts at 0 bytes`);
  }

  for (const content of ['one', 'two', 'three'])
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
  await client.responses.create({ model: 'gpt-4o', input: 'remember this' });

  const after = await scrape();
  t.is(sampleValue(after, 'aoai_sim_store_entries', { store: 'answer_cache' }), 2, 'three answers made, two kept: its bound');
  const answerBytes = sampleValue(after, 'aoai_sim_store_bytes', { store: 'answer_cache' }) ?? 0;
  t.true(answerBytes > 2 * 'three'.length, `the answers' bytes are counted (${answerBytes})`);
  t.is(sampleValue(after, 'aoai_sim_store_entries', { store: 'stored_responses' }), 1);
  t.true((sampleValue(after, 'aoai_sim_store_bytes', { store: 'stored_responses' }) ?? 0) > 0);
});
