import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';

type Refusal = { error: { code: string; message: string; issues?: Array<{ message: string }> } };

async function send(url: string, method: string, contentType: string, body: string) {
  const response = await fetch(url, { method, headers: { 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as Refusal };
}

/** A YAML billion-laughs: nine levels of anchors, each a list of nine aliases to the one before. */
function aliasBomb(): string {
  const lines = ['version: 1', 'x:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const [previous, name] = [String.fromCharCode(96 + level), String.fromCharCode(97 + level)];
    lines.push(`  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

test('a YAML alias bomb sent to PUT /__sim/scenarios is a 400 with the reason, and the running set is kept', async (t) => {
  const sim = await startTestSimulator(t);
  const refused = await send(`${sim.url}/__sim/scenarios`, 'PUT', 'application/yaml', aliasBomb());
  t.is(refused.status, 400);
  t.is(refused.body.error.code, 'InvalidControlRequest');
  t.regex(refused.body.error.issues?.[0]?.message ?? '', /^YAML: Excessive alias count .*: its aliases expand to too much data$/);
  t.is((await fetch(`${sim.url}/__sim/config`)).status, 200);
});

test('scenarios nesting thousands of levels are refused whole, as YAML, JSON or a merge patch; the configuration stays readable', async (t) => {
  const sim = await startTestSimulator(t);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const rule = (body: string) =>
    `{"version":1,"deployments":{"chat":{"model":"gpt-4o-2024-08-06"}},"scenarios":[{"name":"deep","respond":{"raw":{"status":200,"body":${body}}}}]}`;
  const asJson = await send(`${sim.url}/__sim/scenarios`, 'PUT', 'application/json', rule(deep));
  t.is(asJson.status, 400);
  t.is(asJson.body.error.message, 'The body nests objects and arrays more than 272 levels deep.');
  const patch = await send(
    `${sim.url}/__sim/scenarios`,
    'PATCH',
    'application/json',
    `{"server":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
  );
  t.is(patch.status, 400);
  const yamlDeep = `${'['.repeat(400)}${']'.repeat(400)}`;
  const asYaml = await send(`${sim.url}/__sim/scenarios`, 'PUT', 'application/yaml', rule(yamlDeep));
  t.is(asYaml.status, 400);
  t.is(asYaml.body.error.issues?.[0]?.message, 'YAML: nests more than 272 levels deep');
  t.is((await fetch(`${sim.url}/__sim/config`)).status, 200);
  // within the bound, the same rule is taken
  t.is((await send(`${sim.url}/__sim/scenarios`, 'PUT', 'application/json', rule('[[["ok"]]]'))).status, 200);
});
