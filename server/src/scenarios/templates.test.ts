import test from 'ava';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { resolveTemplateLimits } from '../config/resolve-config.ts';
import { CompiledTemplate, type TemplateContext } from './templates.ts';
import { realClock } from '../clock/index.ts';

const context: TemplateContext = {
  request: { body: {}, headers: {}, query: {}, deployment: 'gpt-4o', operation: 'chat', path: '/', testId: null },
  captures: [],
  capturesBy: {},
  callCount: 1,
  seed: 'seed',
};
const render = (source: string) => new CompiledTemplate(source, resolveTemplateLimits()).render(context, realClock.epochMs());

test('date names are English, and %% stays a percent sign', (t) => {
  t.is(render(`{{ '2024-03-05T10:00:00Z' | date: '%A %a %B %b %h, %%A %Y-%m-%d' }}`), 'Tuesday Tue March Mar Mar, %A 2024-03-05');
  t.is(render(`{{ '2024-12-29T10:00:00Z' | date: '%A %B' }}`), 'Sunday December');
});

test('the day named is the one in the time zone asked for', (t) => {
  // 23:30 UTC on a Tuesday is already Wednesday at UTC+2 (an offset of -120 minutes, as LiquidJS takes it)
  t.is(render(`{{ '2024-03-05T23:30:00Z' | date: '%A %H:%M', -120 }}`), 'Wednesday 01:30');
  t.is(render(`{{ '2024-03-05T23:30:00Z' | date: '%A %H:%M', 600 }}`), 'Tuesday 13:30');
});

test('the default format names the day and month; flags and values that are not dates go to LiquidJS as they are', (t) => {
  t.is(render(`{{ '2024-03-05T10:00:00Z' | date }}`), 'Tuesday, March 5, 2024 at 10:00 am +0000');
  t.is(render(`{{ '2024-03-05T10:00:00Z' | date: '%^A' }}`), 'TUESDAY');
  t.is(render(`{{ 'not a date' | date: '%A' }}`), 'not a date');
});

test('a rule that names the day answers with it, through the SDK', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
      scenarios: [
        { name: 'day', match: { lastUserMessage: 'when' }, respond: { template: `On {{ '2024-03-05T10:00:00Z' | date: '%A, %B %-d' }}.` } },
      ],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'when' }] });
  t.is(completion.choices[0]?.message.content, 'On Tuesday, March 5.');
});
