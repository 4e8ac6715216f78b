import test from 'ava';
import { join } from 'node:path';
import { APIError } from 'openai';
import type { Scenarios, TemplateSettings } from '../generated/scenarios.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { loadProblems } from '../test-support/load-problems.ts';

/** A billion loop steps over one small range: minutes of a blocked event loop without a render limit. */
const BILLION_STEPS = '{% assign r = (1..1000) %}{% for i in r %}{% for j in r %}{% for k in r %}{% endfor %}{% endfor %}{% endfor %}done';
/** An array doubled 24 times: 16.7 million elements, each doubling a copy. */
const DOUBLED_ARRAY = '{% assign a = "x" | split: "," %}{% for i in (1..24) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}';

function scenarios(template: string, templates?: TemplateSettings): Scenarios {
  return {
    ...(templates ? { templates } : {}),
    deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
    scenarios: [
      { name: 'runaway', match: { lastUserMessage: 'runaway' }, respond: { template } },
      { name: 'hello', respond: { content: 'hi' } },
    ],
  };
}

async function ask(t: Parameters<typeof startTestSimulator>[0], setup: Scenarios) {
  const sim = await startTestSimulator(t, { scenarios: setup });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  return (content: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
}

test('a billion-step loop is stopped at the render limit with a 500 naming the rule, and the next request is answered', async (t) => {
  const send = await ask(t, scenarios(BILLION_STEPS));
  // sent together: the normal request waits behind the runaway render, which must end
  const [runaway, normal] = await Promise.allSettled([send('runaway'), send('hello')]);
  t.is(runaway.status, 'rejected');
  const error = (runaway as PromiseRejectedResult).reason as unknown;
  t.true(error instanceof APIError && error.status === 500);
  t.regex((error as APIError).message, /Scenario rule "runaway": its template failed: it ran longer than 1000 ms, the render limit/);
  t.is((error as APIError).code, 'scenario_template_error');
  t.is(normal.status === 'fulfilled' ? normal.value.choices[0]?.message.content : normal.reason, 'hi');
});

test('an array doubled in a loop is stopped at the memory limit', async (t) => {
  const send = await ask(t, scenarios(DOUBLED_ARRAY));
  const error = await t.throwsAsync(send('runaway'));
  t.true(error instanceof APIError && error.status === 500);
  t.regex(error!.message, /Scenario rule "runaway": its template failed: it made more than 1000000 characters or array elements/);
  t.is((await send('hello')).choices[0]?.message.content, 'hi');
});

test("the limits are the scenarios file's own", async (t) => {
  for (const template of ['{{ "a few words" | append: " and more" }}', '{{ request.body | json }}']) {
    const send = await ask(t, scenarios(template, { memoryLimit: 10 }));
    const error = await t.throwsAsync(send('runaway'));
    t.regex(error!.message, /more than 10 characters or array elements, the memory limit \(templates\.memoryLimit\)/, template);
  }
});

const problemsIn = (dir: string) => loadProblems(join(dir, 'scenarios.yaml'), {}, dir);

test('a template over the parse limit is refused at load with its position, against the limit of the merged files', async (t) => {
  const long = `"${'x'.repeat(70_000)}"`;
  const included = yaml`
    scenarios:
      - name: long
        respond:
          template: ${long}
  `;
  const root = (templates: string) => yaml`
    include: [more.yaml]
    ${templates}
    deployments:
      gpt-4o: { model: gpt-4o-2024-08-06 }
  `;
  const atDefault = await tempTree(t, { 'scenarios.yaml': root(''), 'more.yaml': included });
  t.deepEqual(await problemsIn(atDefault), [
    'more.yaml:4:17: /scenarios/0/respond/template is not a valid template: it is 70000 characters long, over the parse limit of 65536 (templates.parseLimit)',
  ]);
  const raised = await tempTree(t, { 'scenarios.yaml': root('templates: { parseLimit: 100000 }'), 'more.yaml': included });
  t.deepEqual(await problemsIn(raised), []);
});
