import test from 'ava';
import { BadRequestError } from 'openai';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { closed, nested, wide } from '../test-support/strict-schemas.ts';

const ask = [{ role: 'user' as const, content: 'Fill it in.' }];

function strictFormat(name: string, schema: Record<string, unknown>) {
  return { type: 'json_schema' as const, json_schema: { name, strict: true, schema } };
}

const OPEN_ADDRESS = closed({
  name: { type: 'string' },
  address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
});

test('chat: a strict schema with an open object is refused with the service exact 400', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: ask, response_format: strictFormat('profile', OPEN_ADDRESS) }),
  });
  t.is(response.status, 400);
  t.is(
    await response.text(),
    JSON.stringify({
      error: {
        message:
          "Invalid schema for response_format 'profile': In context=('properties', 'address'), 'additionalProperties' is required to be supplied and to be false.",
        type: 'invalid_request_error',
        param: 'response_format',
        code: null,
      },
    }),
  );
  // without strict the service takes the same schema, and so does the simulator
  const loose = await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: ask,
    response_format: { type: 'json_schema', json_schema: { name: 'profile', schema: OPEN_ADDRESS } },
  });
  t.is(typeof (JSON.parse(loose.choices[0]?.message.content ?? '') as { name: unknown }).name, 'string');
});

test('chat: a strict schema with $defs, recursion and anyOf is answered with JSON that fits it', async (t) => {
  const sim = await startTestSimulator(t);
  const step = closed({ explanation: { type: 'string' }, next: { anyOf: [{ $ref: '#/$defs/step' }, { type: 'null' }] } });
  const schema = {
    ...closed({
      steps: { type: 'array', items: { $ref: '#/$defs/step' } },
      answer: { anyOf: [closed({ value: { type: 'number' } }), closed({ unknown: { type: 'string', enum: ['yes'] } })] },
    }),
    $defs: { step },
  };
  const completion = await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: ask,
    response_format: strictFormat('solution', schema),
  });
  const value = JSON.parse(completion.choices[0]?.message.content ?? '') as { steps: unknown[]; answer: Record<string, unknown> };
  t.true(Array.isArray(value.steps));
  t.true(typeof value.answer.value === 'number' || value.answer.unknown === 'yes');
});

test('chat: a strict function whose parameters leave one out of required is refused, naming the function', async (t) => {
  const sim = await startTestSimulator(t);
  const parameters = {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  };
  const error = await t.throwsAsync(
    v1Client(sim).chat.completions.create({
      model: 'gpt-4o',
      messages: ask,
      tools: [
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
        { type: 'function', function: { name: 'get_weather', strict: true, parameters } },
      ],
    }),
    { instanceOf: BadRequestError },
  );
  t.is(error.status, 400);
  t.is(
    error.message,
    "400 Invalid schema for function 'get_weather': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'unit'.",
  );
  t.is(error.param, 'tools[1].function.parameters');
  t.is(error.code, 'invalid_function_parameters');
  t.is(error.type, 'invalid_request_error');
});

test('responses: a strict text format and a strict function tool are held to the rules, a tool without strict is not', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const format = await t.throwsAsync(
    client.responses.create({
      model: 'gpt-4o',
      input: 'Plan it.',
      text: { format: { type: 'json_schema', name: 'plan', strict: true, schema: closed({ when: { type: 'string', format: 'date' } }) } },
    }),
    { instanceOf: BadRequestError },
  );
  t.is(format.message, "400 Invalid schema for response_format 'plan': In context=('properties', 'when'), 'format' is not permitted.");
  t.is(format.param, 'text.format.schema');
  t.is(format.code, 'invalid_json_schema');

  const open = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
  const tool = await t.throwsAsync(
    client.responses.create({
      model: 'gpt-4o',
      input: 'Search.',
      tools: [{ type: 'function', name: 'search', strict: true, parameters: open }],
    }),
    { instanceOf: BadRequestError },
  );
  t.is(
    tool.message,
    "400 Invalid schema for function 'search': In context=(), 'additionalProperties' is required to be supplied and to be false.",
  );
  t.is(tool.param, 'tools[0].parameters');
  t.is(tool.code, 'invalid_function_parameters');

  // strict left out: Responses falls back to non-strict for a schema strict mode would refuse
  const fallback = await client.responses.create({
    model: 'gpt-4o',
    input: 'Search.',
    tools: [{ type: 'function', name: 'search', parameters: open } as never],
  });
  t.is(fallback.status, 'completed');
});

/** Each limit at its edge: the schema at the limit is answered, one over is refused with the service's words. */
const EDGES: ReadonlyArray<[limit: string, atLimit: Record<string, unknown>, over: Record<string, unknown>, refusal: RegExp]> = [
  ['nesting', nested(5), nested(6), /: 6 levels of nesting exceeds limit of 5\.$/],
  ['properties', wide(100), wide(101), /: 101 parameters exceeds limit of 100\.$/],
  ['enum values', enumOf(500, 1), enumOf(501, 1), /Expected at most 500 enum values in total .* but received 501\./],
  [
    'large enum',
    enumOf(251, 29, 250),
    enumOf(251, 29, 251),
    /Expected at most 7500 total characters across enum values .* but received 7501\./,
  ],
  ['characters', enumOf(100, 150, 149), enumOf(100, 150, 150), /Expected at most 15000 total characters .* but received 15001\./],
];

/** One property `e` with `count` string values, all `length` long but the last, which is `last` long. */
function enumOf(count: number, length: number, last = length): Record<string, unknown> {
  const values = Array.from({ length: count }, (_, i) => (i === count - 1 ? 'z'.repeat(last) : `${i}`.padStart(length, 'x')));
  return closed({ e: { type: 'string', enum: values } });
}

for (const [limit, atLimit, over, refusal] of EDGES) {
  test(`chat limit at its edge: ${limit}`, async (t) => {
    const sim = await startTestSimulator(t);
    const client = azureClient(sim, { deployment: 'gpt-4o' });
    const answered = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: ask,
      response_format: strictFormat('edge', atLimit),
    });
    t.notThrows(() => JSON.parse(answered.choices[0]?.message.content ?? ''));
    const error = await t.throwsAsync(
      client.chat.completions.create({ model: 'gpt-4o', messages: ask, response_format: strictFormat('edge', over) }),
      { instanceOf: BadRequestError },
    );
    t.regex(error.message, /^400 Invalid schema for response_format 'edge': /);
    t.regex(error.message, refusal);
    t.is(error.param, 'response_format');
  });
}
