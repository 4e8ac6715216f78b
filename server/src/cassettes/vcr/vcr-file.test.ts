import test from 'ava';
import { join } from 'node:path';
import { CassetteError, loadCassettes } from '../index.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';
import { readVcrCassette } from './vcr-file.ts';

test('a cassette of ours is not taken for a VCR one, even when a body mentions a uri', async (t) => {
  const dir = await tempTree(t, {
    'ours.yaml': yaml`
      version: 1
      name: ours
      interactions:
        - recordedAt: "2025-01-01T00:00:00.000Z"
          request:
            method: POST
            operation: chat
            deployment: gpt-4o
            apiVersion: "2024-10-21"
            body: { messages: [{ role: user, content: "uri: https://example.com" }] }
          response: { status: 200, headers: {}, body: { ok: true } }
    `,
  });
  const { index } = await loadCassettes([join(dir, 'ours.yaml')]);
  t.is(index.size, 1);
});

test('every problem of a VCR cassette, each with its line and column', (t) => {
  const text = yaml`
    interactions:
    - request:
        body: '{}'
        method: POST
        uri: 42
      response:
        status: { code: 200 }
    - request:
        body: { not: text }
        method: POST
        uri: http://localhost/openai/deployments/gpt-4o/chat/completions
      response:
        body: { string: '{}' }
        duration_ms: soon
        status: { code: 200 }
    version: 1
  `;
  const error = t.throws(() => readVcrCassette(text, 'rec.yaml', 'yaml'), { instanceOf: CassetteError });
  t.deepEqual(
    error?.issues.map((issue) => `${issue.line}:${issue.col} ${issue.pointer} ${issue.message}`),
    [
      '5:10 /interactions/0/request/uri must be a string, the URL the request went to',
      '9:11 /interactions/1/request/body must be text, !!binary bytes or null',
      '14:18 /interactions/1/response/duration_ms must be a number of milliseconds',
    ],
  );
  t.is(readVcrCassette('{"version": 1, "name": "x", "interactions": []}', 'x.json', 'json'), undefined, 'ours, in JSON');
});
