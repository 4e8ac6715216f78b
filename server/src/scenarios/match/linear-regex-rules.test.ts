import test from 'ava';
import { join } from 'node:path';
import { azureClient } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';
import { loadProblems } from '../../test-support/load-problems.ts';

test('a catastrophic rule regex does not stall the server: the request is answered', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
      scenarios: [
        // JavaScript's RegExp takes 2^n steps on n a's and a mismatch: about 9 s at 31, years at 50
        { name: 'nested', match: { lastUserMessage: { regex: '^(a+)+$' } }, respond: { content: 'all a' } },
        { name: 'other', respond: { content: 'something else' } },
      ],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const ask = async (content: string) =>
    (await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] })).choices[0]?.message.content;
  t.is(await ask(`${'a'.repeat(50)}!`), 'something else');
  t.is(await ask('a'.repeat(50)), 'all a');
});

test('numbered and named groups, case folding and JavaScript escapes reach templates as before', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
      scenarios: [
        {
          name: 'weather',
          match: { lastUserMessage: { regex: 'weather in (?<city>[A-Z][a-z]+)(?: on (\\w+))?(x)?\\u0021', ignoreCase: true } },
          respond: {
            template:
              '{{ captures[0] }}|{{ captures[1] }}|{{ captures[2] }}|{{ captures[3] }}|{{ captures.groups.city }}|{{ capturesBy.lastUserMessage[1] }}',
          },
        },
      ],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'What is the WEATHER in Paris!' }],
  });
  t.is(completion.choices[0]?.message.content, 'WEATHER in Paris!|Paris|||Paris|Paris');
});

async function problems(files: Record<string, string>, t: Parameters<typeof tempTree>[0]): Promise<string[]> {
  const dir = await tempTree(t, files);
  return loadProblems(join(dir, 'scenarios.yaml'), {}, dir);
}

test('lookaround and backreferences are refused at load, at their position, naming RE2', async (t) => {
  const found = await problems(
    {
      'scenarios.yaml': yaml`
        deployments:
          gpt-4o: { model: gpt-4o-2024-08-06 }
        scenarios:
          - name: ahead
            match:
              lastUserMessage: { regex: "order (?!cancelled)" }
            respond: { content: ok }
          - name: again
            match:
              body: [{ path: user, regex: "(\\\\w)\\\\1" }]
            respond: { content: ok }
        record:
          sanitize:
            patterns: [{ regex: "(?<=key=)\\\\w+" }]
      `,
    },
    t,
  );
  t.is(found.length, 3, found.join('\n'));
  t.regex(found[0]!, /^scenarios\.yaml:6:33: \/scenarios\/0\/match\/lastUserMessage\/regex .*lookahead or lookbehind.*RE2/);
  t.regex(found[1]!, /^scenarios\.yaml:10:35: \/scenarios\/1\/match\/body\/0\/regex .*backreference.*RE2/);
  t.regex(found[2]!, /^scenarios\.yaml:14:25: \/record\/sanitize\/patterns\/0\/regex .*lookahead or lookbehind.*RE2/);
});
