import test from 'ava';
import { decodeResponseBody, encodeResponseBody, recordedHeaders } from './response-body.ts';

test('only the headers that matter are recorded, lower-cased', (t) => {
  const headers = recordedHeaders({
    'Content-Type': 'application/json',
    'x-ratelimit-remaining-tokens': '9000',
    'x-ratelimit-reset-requests': '1s',
    'retry-after-ms': '250',
    'x-ms-region': 'East US',
    'azure-openai-deployment-utilization': '47.5%',
    'apim-request-id': 'e0a2…',
    'x-request-id': 'a1…',
    'set-cookie': ['a=1', 'b=2'],
    date: 'Wed, 17 Sep 2025 14:32:53 GMT',
  });
  t.deepEqual(Object.keys(headers).sort(), [
    'azure-openai-deployment-utilization',
    'content-type',
    'retry-after-ms',
    'x-ms-region',
    'x-ratelimit-remaining-tokens',
    'x-ratelimit-reset-requests',
  ]);
});

test('JSON is kept parsed, text as text, anything else as base64, and each comes back byte for byte', (t) => {
  const json = Buffer.from('{"text":"Hello."}');
  t.deepEqual(encodeResponseBody('application/json; charset=utf-8', json), { text: 'Hello.' });
  t.is(encodeResponseBody('text/vtt', Buffer.from('WEBVTT\n')), 'WEBVTT\n');
  t.is(encodeResponseBody('application/json', Buffer.from('{oops')), '{oops');
  const audio = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00]);
  const body = encodeResponseBody('audio/mpeg', audio);
  t.deepEqual(body, { base64: 'SUQzBAA=', contentType: 'audio/mpeg' });
  t.deepEqual(decodeResponseBody({ status: 200, headers: {}, body }), { contentType: 'audio/mpeg', bytes: audio });
  t.deepEqual(decodeResponseBody({ status: 200, headers: { 'content-type': 'application/json' }, body: { text: 'Hello.' } }).bytes, json);
});
