import test from 'ava';
import { upstreamTarget } from './upstream-target.ts';

test('the upstream is dialled on the same path and query, wss for https, with the upstream key in a header', (t) => {
  const target = upstreamTarget(
    { endpoint: 'https://r.openai.azure.com', apiKey: 'upstream-key-123' },
    '/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-4o-realtime-preview&api-key=caller-key-456',
    { 'api-key': 'caller-key-456', 'openai-beta': 'realtime=v1', cookie: 'x=1' },
  );
  t.is(target.url, 'wss://r.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-4o-realtime-preview');
  t.deepEqual(target.headers, { 'openai-beta': 'realtime=v1', 'api-key': 'upstream-key-123' });
  t.true(target.secrets.includes('upstream-key-123') && target.secrets.includes('caller-key-456'));
});

test('without an upstream key the caller’s own credential goes on; an http endpoint is dialled with ws', (t) => {
  const bearer = upstreamTarget({ endpoint: 'http://127.0.0.1:9000/' }, '/openai/v1/realtime?model=gpt-realtime', {
    authorization: 'Bearer token-abcdefgh',
  });
  t.is(bearer.url, 'ws://127.0.0.1:9000/openai/v1/realtime?model=gpt-realtime');
  t.deepEqual(bearer.headers, { authorization: 'Bearer token-abcdefgh' });
  t.true(bearer.secrets.includes('token-abcdefgh'));
  const queryKey = upstreamTarget({ endpoint: 'https://r.openai.azure.com' }, '/openai/v1/realtime?model=m&api-key=caller-key-456', {});
  t.is(queryKey.url, 'wss://r.openai.azure.com/openai/v1/realtime?model=m');
  t.deepEqual(queryKey.headers, { 'api-key': 'caller-key-456' });
});
