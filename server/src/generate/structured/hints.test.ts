import test from 'ava';
import { hintTokens, stringKind, type Hint, type StringKind } from './hints.ts';

test('identifiers split into singular lower-case words', (t) => {
  t.deepEqual(hintTokens('createdAt'), ['created', 'at']);
  t.deepEqual(hintTokens('user_IDs'), ['user', 'id']);
  t.deepEqual(hintTokens('HTTPStatusCode'), ['http', 'status', 'code']);
  t.deepEqual(hintTokens('categories addresses status'), ['category', 'address', 'status']);
  t.deepEqual(hintTokens(undefined), []);
});

test('property names map to the kind of value a model would write', (t) => {
  const cases: Array<[Hint, StringKind]> = [
    [{ key: 'email' }, 'email'],
    [{ key: 'contactEmail' }, 'email'],
    [{ key: 'participants' }, 'fullName'],
    [{ key: 'first_name' }, 'firstName'],
    [{ key: 'lastName' }, 'lastName'],
    [{ key: 'username' }, 'username'],
    [{ key: 'city' }, 'city'],
    [{ key: 'location' }, 'city'],
    [{ key: 'country' }, 'country'],
    [{ key: 'country_code' }, 'countryCode'],
    [{ key: 'phone_number' }, 'phone'],
    [{ key: 'order_id' }, 'id'],
    [{ key: 'created_at' }, 'dateTime'],
    [{ key: 'due_date' }, 'date'],
    [{ key: 'description' }, 'sentence'],
    [{ key: 'final_answer' }, 'sentence'],
    [{ key: 'title' }, 'title'],
    [{ key: 'website' }, 'url'],
    [{ key: 'company_name' }, 'company'],
    [{ key: 'event_name' }, 'title'],
    [{ key: 'tags' }, 'word'],
    [{ key: 'whatever' }, 'phrase'],
  ];
  for (const [hint, kind] of cases) t.is(stringKind(hint), kind, JSON.stringify(hint));
});

test('a bare "name" takes its meaning from the parent', (t) => {
  t.is(stringKind({ key: 'name' }), 'fullName');
  t.is(stringKind({ key: 'name', parent: 'author' }), 'fullName');
  t.is(stringKind({ key: 'name', parent: 'calendar_event' }), 'title');
  t.is(stringKind({ key: 'name', parent: 'city' }), 'city');
  t.is(stringKind({ key: 'name', parent: 'employer' }), 'company');
});

test('descriptions help only when the name says nothing', (t) => {
  t.is(stringKind({ key: 'where', description: 'The city and state, e.g. San Francisco, CA' }), 'city');
  t.is(stringKind({ key: 'email', description: 'The city of the user' }), 'email');
  t.is(stringKind({ key: 'x', description: 'Some text about it' }), 'phrase');
});
