import test from 'ava';
import { factsOf } from './request-facts.ts';
import { chatRequest, responsesRequest } from './test-requests.ts';

test('the facts of a body are read once and shared by every rule', (t) => {
  const body = { messages: [{ role: 'user', content: 'hi' }] };
  const facts = factsOf(chatRequest(body));
  t.is(facts.lastUserMessage, 'hi');
  t.is(factsOf(chatRequest(body, { deployment: 'other' })), facts);
  t.is(facts.turns, 1);
  t.deepEqual(facts.toolNames, []);
  t.is(facts.toolNames, facts.toolNames);
});

test('the same body read as another shape gets fresh facts', (t) => {
  const body = { input: 'hello', messages: [{ role: 'user', content: 'chat text' }] };
  t.is(factsOf(chatRequest(body)).lastUserMessage, 'chat text');
  t.is(factsOf(responsesRequest(body)).lastUserMessage, 'hello');
});

test('a body that is not an object reads as empty', (t) => {
  for (const body of [null, undefined, 'text', [1, 2]]) {
    const facts = factsOf(chatRequest(body as unknown as Record<string, unknown>));
    t.is(facts.lastUserMessage, undefined);
    t.is(facts.turns, undefined);
  }
});
