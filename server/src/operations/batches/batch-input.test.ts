import test from 'ava';
import { resolveConfig } from '../../config/resolve-config.ts';
import { validateScenariosObject } from '../../config/validate-object.ts';
import { defaultEnqueuedTokens } from '../../config/batch-quota-defaults.ts';
import { validateBatchInput } from './batch-input.ts';
import { compact } from './batch-errors.ts';

const config = resolveConfig(
  validateScenariosObject({
    deployments: {
      batch: { model: 'gpt-4o-2024-08-06', sku: 'GlobalBatch' },
      embed: { model: 'text-embedding-3-small', sku: 'GlobalBatch' },
    },
  }),
  { file: 'test', files: [], embeddedDefault: false },
);
const named = (name: string) => config.deployments.get(name);
const line = (id: string, body: Record<string, unknown> = {}) =>
  JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'batch', messages: [], ...body } });

test('blank lines are skipped, lines keep their numbers in the file, and a line’s stream settings are dropped', (t) => {
  const validation = validateBatchInput(
    `\n${line('a', { stream: true, stream_options: { include_usage: true } })}\n\n${line('b')}\n`,
    '/chat/completions',
    10,
    named,
  );
  t.true(validation.ok);
  if (!validation.ok) return;
  t.deepEqual(
    validation.input.lines.map((each) => [each.line, each.customId]),
    [
      [2, 'a'],
      [4, 'b'],
    ],
  );
  t.deepEqual(validation.input.lines[0]!.body, { model: 'batch', messages: [] });
  t.is(validation.input.deployment.name, 'batch');
  t.is(validation.input.operation, 'chat');
});

test('every bad line is reported, each with its number, up to a bound', (t) => {
  const rows = Array.from({ length: 150 }, () => '{not json');
  const validation = validateBatchInput(rows.join('\n'), '/chat/completions', 1000, named);
  t.false(validation.ok);
  if (validation.ok) return;
  t.is(validation.errors.length, 100);
  t.deepEqual(
    validation.errors.slice(0, 2).map((error) => error.line),
    [1, 2],
  );
});

test('a batch deployment whose model does not serve the endpoint is refused as the service refuses a deployment of the wrong SKU', (t) => {
  const validation = validateBatchInput(line('a', { model: 'embed' }), '/chat/completions', 10, named);
  t.false(validation.ok);
  if (!validation.ok) t.like(validation.errors[0], { code: 'invalid_request', line: 1, param: 'body.model' });
});

test('token limits are written as the service writes them, and the default quota follows the quotas page', (t) => {
  t.deepEqual([30_000, 90_000, 200_000_000, 1_000_000_000, 1_500_000_000, 999].map(compact), ['30K', '90K', '200M', '1B', '1.5B', '999']);
  t.is(defaultEnqueuedTokens('GlobalBatch', 'gpt-4o-2024-08-06'), 200_000_000);
  t.is(defaultEnqueuedTokens('GlobalBatch', 'gpt-4o-mini-2024-07-18'), 1_000_000_000);
  t.is(defaultEnqueuedTokens('DataZoneBatch', 'gpt-4.1-2025-04-14'), 30_000_000);
  t.is(config.deployments.get('batch')?.batch?.enqueuedTokens, 200_000_000);
});
