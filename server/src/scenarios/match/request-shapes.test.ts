import test from 'ava';
import { lastUserText, offersTools, systemText, toolNames, toolResultIds, turnCount } from './request-shapes.ts';

const chat = {
  messages: [
    { role: 'system', content: 'You classify tickets.' },
    { role: 'developer', content: [{ type: 'text', text: 'Answer in JSON.' }] },
    { role: 'user', content: 'first question' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp":20}' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And tomorrow?' },
        { type: 'image_url', image_url: { url: 'x' } },
        { type: 'text', text: 'In Paris.' },
      ],
    },
  ],
  tools: [
    { type: 'function', function: { name: 'get_weather' } },
    { type: 'custom', custom: { name: 'run_sql' } },
  ],
};

const responses = {
  instructions: 'Be brief.',
  input: [
    { role: 'system', content: 'ignored while instructions are given' },
    { role: 'user', content: 'first' },
    { type: 'function_call', call_id: 'call_9', name: 'get_weather', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_9', output: '20C' },
    {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'and now?' },
        { type: 'input_image', image_url: 'x' },
      ],
    },
  ],
  tools: [{ type: 'function', name: 'get_weather' }, { type: 'web_search_preview' }],
};

test('chat: the last user message, string or text parts', (t) => {
  t.is(lastUserText(chat, false), 'And tomorrow?\nIn Paris.');
  t.is(
    lastUserText(
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
      false,
    ),
    'hi',
  );
  t.is(lastUserText({ messages: [{ role: 'system', content: 'x' }] }, false), undefined);
});

test('Responses: a string input, or the last user item', (t) => {
  t.is(lastUserText({ input: 'Tell me a joke' }, true), 'Tell me a joke');
  t.is(lastUserText(responses, true), 'and now?');
  t.is(lastUserText({ input: [{ type: 'function_call_output', call_id: 'c', output: 'x' }] }, true), undefined);
});

test('the shape follows the flag, not whatever fields happen to be there', (t) => {
  t.is(lastUserText({ input: 'embed me' }, false), undefined);
  t.is(lastUserText({ messages: [{ role: 'user', content: 'hi' }] }, true), undefined);
});

test('chat: system and developer messages joined by lines', (t) => {
  t.is(systemText(chat, false), 'You classify tickets.\nAnswer in JSON.');
  t.is(systemText({ messages: [{ role: 'user', content: 'hi' }] }, false), undefined);
});

test('Responses: instructions, else system and developer input items', (t) => {
  t.is(systemText(responses, true), 'Be brief.');
  t.is(
    systemText(
      {
        input: [
          { role: 'developer', content: [{ type: 'input_text', text: 'Rules.' }] },
          { role: 'user', content: 'x' },
        ],
      },
      true,
    ),
    'Rules.',
  );
  t.is(systemText({ input: 'hi' }, true), undefined);
});

test('tools offered and their names, in both shapes', (t) => {
  t.true(offersTools(chat));
  t.false(offersTools({ tools: [] }));
  t.false(offersTools({ tools: 'get_weather' }));
  t.false(offersTools({}));
  t.deepEqual(toolNames(chat), ['get_weather', 'run_sql']);
  t.deepEqual(toolNames(responses), ['get_weather']);
  t.deepEqual(toolNames({ tools: [null, 3, { function: { name: 7 } }, { function: 'x', name: 'direct' }] }), ['direct']);
});

test('tool results by call id, in both shapes', (t) => {
  t.deepEqual(toolResultIds(chat, false), ['call_1']);
  t.deepEqual(toolResultIds(responses, true), ['call_9']);
  t.deepEqual(toolResultIds({ messages: [{ role: 'tool', content: 'no id' }] }, false), ['']);
  t.deepEqual(toolResultIds({ input: [{ type: 'custom_tool_call_output', call_id: 'c2', output: '' }] }, true), ['c2']);
  t.deepEqual(toolResultIds({ input: 'hi' }, true), []);
});

test('turns: chat messages, Responses input items, a string input counting one', (t) => {
  t.is(turnCount(chat, false), 6);
  t.is(turnCount(responses, true), 5);
  t.is(turnCount({ input: 'hi' }, true), 1);
  t.is(turnCount({}, false), undefined);
  t.is(turnCount({ messages: 'hi' }, false), undefined);
});

test('malformed bodies give absent values, never errors', (t) => {
  for (const body of [{}, { messages: null }, { messages: [null, 1, 'x', { role: 'user' }] }, { input: 42, instructions: 7, tools: {} }]) {
    for (const responsesShape of [false, true]) {
      t.notThrows(() => {
        lastUserText(body, responsesShape);
        systemText(body, responsesShape);
        toolNames(body);
        toolResultIds(body, responsesShape);
        turnCount(body, responsesShape);
      });
    }
  }
  t.is(lastUserText({ messages: [{ role: 'user' }] }, false), '', 'a user message without content is present but empty');
});
