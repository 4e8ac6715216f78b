// Crafted cases for the security items of issue 15 (1-6): every configuration runs each once.
import type { Answer } from '../send/answer.ts';
import type { CaseContext, FuzzCase } from './case.ts';
import { restoreBaseline } from './control-cases.ts';
import { writeJson } from './raw-json.ts';

type Crafted = Omit<FuzzCase, 'id'> & { name: string };

const CHAT = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
const ok = (answer: Answer) => answer.status >= 200 && answer.status < 300;

function pushedChat(context: CaseContext, testId: string, faulted = false): Promise<Answer> {
  return context.http(
    {
      method: 'POST',
      target: CHAT,
      headers: { 'api-key': context.env.apiKey, 'content-type': 'application/json', 'x-sim-test-id': testId },
      body: writeJson({ messages: [{ role: 'user', content: 'hello' }] }),
      timeoutMs: 5_000,
    },
    { target: { kind: 'operation', operation: 'chat' }, ...(faulted ? { faulted: true } : {}) },
  );
}

function putScenarios(context: CaseContext, yaml: string): Promise<Answer> {
  return context.http(
    {
      method: 'PUT',
      target: '/__sim/scenarios',
      headers: { ...context.adminHeaders(), 'content-type': 'application/yaml' },
      body: Buffer.from(yaml),
    },
    { target: { kind: 'control', route: 'scenarios' } },
  );
}

function patchScenarios(context: CaseContext, patch: unknown): Promise<Answer> {
  return context.http(
    {
      method: 'PATCH',
      target: '/__sim/scenarios',
      headers: { ...context.adminHeaders(), 'content-type': 'application/json' },
      body: writeJson(patch),
    },
    { target: { kind: 'control', route: 'scenarios' } },
  );
}

/** An error's message with `paths` taken out: what an answer says beyond the path the caller gave. */
function gist(answer: Answer, paths: readonly string[]): string {
  let text = answer.body.toString('utf8');
  for (const path of paths) text = text.split(path).join('<path>');
  return `${answer.status} ${text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')}`;
}

/** A rule whose answer is the given text, in a document the control API receives. */
function ruleDocument(content: string): string {
  return `version: 1\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\nscenarios:\n  - name: fuzz-pushed\n    match: { testId: fuzz-pushed }\n    respond: { content: "${content}" }\n`;
}

export function securityCases(): Crafted[] {
  return [
    // items 1 and 2: protected routes spelled another way, without their keys
    ...[
      ['GET', '/__SIM/journal', 'control', 'journal'],
      ['GET', '/__Sim/config', 'control', 'config'],
      ['POST', '/__SIM/reset', 'control', 'reset'],
      ['DELETE', '/%5F%5Fsim/journal', 'control', 'journal'],
      ['GET', '/x/../__sim/limits', 'control', 'limits'],
      ['GET', '/OPENAI/models?api-version=2024-10-21', 'listing', 'models'],
      ['GET', '/OpenAI/v1/models', 'listing', 'v1-models'],
      ['GET', '/OPENAI/deployments?api-version=2022-12-01', 'listing', 'deployments'],
    ].map(([method, target, kind, name]) => ({
      name: `spelled-${method}-${target}`,
      family: 'crafted path spelling',
      exclusive: false,
      run: async (c: CaseContext) => {
        const expect =
          kind === 'control'
            ? { kind: 'control' as const, route: name as 'journal' }
            : { kind: 'listing' as const, listing: name as 'models' };
        await c.http({ method: method!, target: target!, headers: {} }, { target: expect });
      },
    })),
    {
      name: 'stored-response-by-another-spelling',
      family: 'crafted path spelling',
      exclusive: false,
      run: async (c) => {
        const created = await c.http(
          {
            method: 'POST',
            target: '/openai/v1/responses',
            headers: { 'api-key': c.env.apiKey, 'content-type': 'application/json' },
            body: writeJson({ model: 'gpt-4o', input: 'keep this' }),
          },
          { target: { kind: 'operation', operation: 'responses' } },
        );
        const id = /"id":"(resp_[A-Za-z0-9]+)"/.exec(created.body.toString('utf8'))?.[1];
        if (!id) return;
        for (const method of ['GET', 'DELETE'])
          await c.http({ method, target: `/OPENAI/v1/responses/${id}`, headers: {} }, { target: { kind: 'stored-response' } });
      },
    },
    // item 6: a template that reads the request's headers must not hand back the caller's credential
    {
      name: 'template-reads-headers',
      family: 'crafted templates',
      exclusive: false,
      run: async (c) => void (await pushedChat(c, 'fuzz-echo')),
    },
    // item 3: a pushed document is taken literally; an unset name answers like a set one
    {
      name: 'environment-in-pushed-scenarios',
      family: 'crafted control',
      exclusive: true,
      run: async (c) => {
        const set = await putScenarios(c, ruleDocument('${AZURE_OPENAI_KEY}'));
        if (ok(set)) {
          await c.http(
            { method: 'GET', target: '/__sim/config', headers: c.adminHeaders() },
            { target: { kind: 'control', route: 'config' } },
          );
          await pushedChat(c, 'fuzz-pushed');
          await restoreBaseline(c);
        }
        const unset = await putScenarios(c, ruleDocument('${FUZZ_UNSET_VARIABLE_7Q}'));
        if (ok(unset)) await restoreBaseline(c);
        if (ok(set) !== ok(unset))
          c.fail(
            'existence-oracle',
            `a pushed \${SET} answered ${set.status} and a pushed \${UNSET} ${unset.status}: the control API tells which variables exist`,
          );
      },
    },
    // item 4: recording and its upstream cannot be switched on, or pointed elsewhere, through the control API
    {
      name: 'record-to-another-upstream',
      family: 'crafted control',
      exclusive: true,
      run: async (c) => {
        const patched = await patchScenarios(c, { server: { mode: 'record' }, record: { upstream: c.env.trapUrl, dir: c.env.outsideDir } });
        if (!ok(patched)) return;
        const config = await c.http(
          { method: 'GET', target: '/__sim/config', headers: c.adminHeaders() },
          { target: { kind: 'control', route: 'config' } },
        );
        if (/"mode":"record"/.test(config.body.toString('utf8')))
          c.fail('upstream-redirect', 'PATCH /__sim/scenarios switched the mode to record');
        // whatever answers now may come from the trap: its 503 is the fuzzer's own doing
        await pushedChat(c, 'fuzz-record', true);
        await restoreBaseline(c);
      },
    },
    // item 4: replay cassettes and includes from the control API stay inside the configured directories
    {
      name: 'cassettes-outside',
      family: 'crafted control',
      exclusive: true,
      run: async (c) => {
        const missing = `${c.env.outsideDir}/no-such-cassette.yaml`;
        const existing = await patchScenarios(c, {
          server: { mode: 'replay' },
          replay: { cassettes: [c.env.plantedFile], onMiss: 'generate' },
        });
        if (ok(existing)) {
          c.fail(
            'read-outside',
            `PATCH /__sim/scenarios accepted replay.cassettes = ${c.env.plantedFile}, outside every configured directory`,
          );
          await pushedChat(c, 'fuzz-replay');
          await restoreBaseline(c);
        }
        const absent = await patchScenarios(c, { server: { mode: 'replay' }, replay: { cassettes: [missing], onMiss: 'generate' } });
        if (ok(absent)) await restoreBaseline(c);
        const [one, other] = [gist(existing, [c.env.plantedFile]), gist(absent, [missing])];
        if (one !== other)
          c.fail(
            'existence-oracle',
            `replay.cassettes answers differ for a file that exists and one that does not: "${one.slice(0, 160)}" vs "${other.slice(0, 160)}"`,
          );
      },
    },
    {
      name: 'include-outside',
      family: 'crafted control',
      exclusive: true,
      run: async (c) => {
        const answer = await putScenarios(
          c,
          `version: 1\ninclude: ["${c.env.plantedFile}"]\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n`,
        );
        if (ok(answer)) {
          c.fail('read-outside', `PUT /__sim/scenarios accepted include: ${c.env.plantedFile}, outside every configured directory`);
          await restoreBaseline(c);
        }
      },
    },
  ];
}
