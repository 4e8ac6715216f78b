import test from 'ava';
import { OpenAI } from 'openai';
import { AoaiSim } from '../index.ts';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

test('webhookDeliveries lists each attempt at a webhook endpoint: here a receiver that is not listening', async (t) => {
  await using sim = await AoaiSim.startInProcess({
    logLevel: 'silent',
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: 60_000, itl: 100 } } },
      webhooks: {
        endpoints: [{ name: 'nobody', url: 'http://127.0.0.1:1/webhook', secret: SECRET, events: ['response.completed'] }],
        retryDelaysSeconds: [],
      },
    },
  });
  const client = new OpenAI({ ...sim.getOpenAIV1Options(), maxRetries: 0 });
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Hello', background: true });
  await sim.control.advanceClock(3600_000);
  await sim.control.advanceClock(0);
  const [attempt, ...more] = await sim.control.webhookDeliveries({ id: created.id, outcome: 'failed' });
  t.like(attempt, { attempt: 1, endpoint: { name: 'nobody' }, event: { type: 'response.completed', dataId: created.id } });
  t.is(typeof attempt?.error, 'string');
  t.deepEqual(more, []);
  t.deepEqual(await sim.control.webhookDeliveries({ outcome: 'delivered' }), []);
});
