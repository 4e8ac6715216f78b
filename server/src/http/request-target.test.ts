import test from 'ava';
import { isUnder, normalizeTarget } from './request-target.ts';

test('a plain path is kept as it is, query included', (t) => {
  t.is(
    normalizeTarget('/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21'),
    '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
  );
});

test('percent-encoded unreserved characters are decoded; reserved ones stay encoded, hex upper-cased', (t) => {
  t.is(normalizeTarget('/%5F%5Fsim/config'), '/__sim/config');
  t.is(normalizeTarget('/%6f%70%65%6e%61%69/models'), '/openai/models');
  t.is(normalizeTarget('/openai/deployments/a%2fb/chat'), '/openai/deployments/a%2Fb/chat');
  t.is(normalizeTarget('/openai/deployments/caf%c3%a9'), '/openai/deployments/caf%C3%A9');
});

test('dot segments are removed, never above the root', (t) => {
  t.is(normalizeTarget('/x/../__sim/config'), '/__sim/config');
  t.is(normalizeTarget('/__sim/./config'), '/__sim/config');
  t.is(normalizeTarget('/../../__sim/journal?count=1'), '/__sim/journal?count=1');
  t.is(normalizeTarget('/%2e%2e/__sim/config'), '/__sim/config');
  t.is(normalizeTarget('/openai/a/..'), '/openai/');
  // only the path is normalized: the query is the caller's
  t.is(normalizeTarget('/a/./b?x=/../%5F'), '/a/b?x=/../%5F');
});

test('an absolute-form target becomes its path', (t) => {
  t.is(normalizeTarget('http://elsewhere/__SIM/config?x=1'), '/__SIM/config?x=1');
  t.is(normalizeTarget('*'), '/*');
});

test('isUnder compares the prefix without regard to case, on segment boundaries', (t) => {
  t.true(isUnder('/__SIM/config', '/__sim'));
  t.true(isUnder('/__sim', '/__sim'));
  t.true(isUnder('/OpenAI/v1/models', '/openai/v1'));
  t.false(isUnder('/__simulator', '/__sim'));
  t.false(isUnder('/openaiX/models', '/openai'));
});
