import test from 'ava';
import { APIError } from 'openai';
import { azureClient } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { structuredOutput } from './structured-output.ts';

const KEY = `${'a'.repeat(40)}!`;

test("a request schema's catastrophic patterns are tried in linear time: the answer comes back", async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  // the required key is tried against the patternProperties key, then validated against it: 2^40 steps each in JavaScript
  const schema = { type: 'object', required: [KEY], patternProperties: { '^(a+)+$': { type: 'string' } } };
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Answer in JSON.' }],
    response_format: { type: 'json_schema', json_schema: { name: 'keys', schema } },
  });
  const value = JSON.parse(completion.choices[0]?.message.content ?? '{}') as Record<string, unknown>;
  t.deepEqual(Object.keys(value), [KEY]);
});

test('a string pattern with a nested repeat is sampled and checked in linear time', (t) => {
  const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(?:(a+)+$|a{40}b)' } }, required: ['s'] };
  for (const seed of ['one', 'two', 'three']) {
    const { s } = structuredOutput(schema, seed).value as { s: string };
    t.regex(s, /^a+b?$/);
  }
});

test('a pattern of nested repeats generates a bounded string: randexp multiplies the repeats', (t) => {
  // each `+` may repeat up to 1,800 times here: over a million characters before the bound, and `((a+)+)+` ran out of heap
  const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+b$', minLength: 600 } }, required: ['s'] };
  const { s } = structuredOutput(schema, 'one').value as { s: string };
  t.regex(s, /^a+b$/);
  t.true(s.length >= 600 && s.length <= 10_000, `${s.length} characters`);
});

test('a pattern that compiles to a large RE2 program is refused, since matching grows with the program', (t) => {
  const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^((a+){1000})+b$' } }, required: ['s'] };
  t.throws(() => structuredOutput(schema, 'one'), { message: /compiles to \d+ RE2 instructions, more than the 2000 allowed/ });
});

test('lookaround and backreferences in a pattern are the 400 the service gives', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const refused = async (pattern: string) => {
    const schema = { type: 'object', properties: { email: { type: 'string', pattern } }, required: ['email'] };
    const error = await t.throwsAsync(
      client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'Answer in JSON.' }],
        response_format: { type: 'json_schema', json_schema: { name: 'contact', schema } },
      }),
    );
    t.true(error instanceof APIError && error.status === 400);
    return error!.message;
  };
  t.regex(await refused('^(?!\\.)[^@]+@[^@]+$'), /regex lookaround is not supported, found at \/properties\/email\/pattern/);
  t.regex(await refused('^(\\w)\\1$'), /regex backreferences are not supported, found at \/properties\/email\/pattern/);
});
