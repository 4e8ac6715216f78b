// Scenario documents for PUT /__sim/scenarios: the fuzz scenarios mutated, and YAML that attacks the parser.
import { stringify } from 'yaml';
import type { Draw } from './draw.ts';
import { mutateFields } from './mutate-json.ts';
import { writeJson } from './raw-json.ts';

export interface ScenarioDocument {
  body: Buffer;
  contentType: string;
  note: string;
}

/** A rule a pushed document may add: it answers only requests with its own test id, so nothing else changes. */
export const PUSHED_RULE = { name: 'fuzz-pushed', match: { testId: 'fuzz-pushed' }, respond: { content: 'pushed' } };

/** `count` levels of aliases, each nine of the one before: nine to the `count` nodes once expanded. */
export function aliasBomb(count = 9): string {
  const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
  for (let level = 1; level < count; level++)
    lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(',')}]`);
  return `${lines.join('\n')}\nversion: 1\n`;
}

/** A document to PUT: the baseline (as JSON or YAML) with fields mutated, or YAML built to hurt. */
export function scenarioDocument(draw: Draw, baseline: Record<string, unknown>): ScenarioDocument {
  const withRule = { ...baseline, scenarios: [PUSHED_RULE, ...((baseline.scenarios as unknown[]) ?? [])] };
  return draw.weighted<() => ScenarioDocument>([
    [6, () => mutatedJson(draw, withRule)],
    [
      3,
      () => ({
        body: Buffer.from(stringify(mutateFields(draw, withRule).body ?? null)),
        contentType: 'application/yaml',
        note: 'mutated YAML',
      }),
    ],
    [
      2,
      () => ({
        body: Buffer.from(aliasBomb(draw.int(4, 10))),
        contentType: draw.pick(['application/yaml', 'text/yaml']),
        note: 'YAML alias bomb',
      }),
    ],
    [2, () => ({ body: Buffer.from(draw.pick(BROKEN_YAML)), contentType: 'application/yaml', note: 'broken or hostile YAML' })],
    [
      1,
      () => ({
        body: Buffer.from(`version: 1\nx: ${'['.repeat(draw.pick([100, 5_000, 50_000]))}`),
        contentType: 'application/yaml',
        note: 'deep YAML',
      }),
    ],
    [
      1,
      () => ({
        body: Buffer.from(stringify(withRule)),
        contentType: draw.pick(['text/plain', 'application/json', 'application/x-yaml', '']),
        note: 'YAML with another content-type',
      }),
    ],
    [
      1,
      () => ({
        body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stringify(withRule)), Buffer.from([0xff, 0x00])]),
        contentType: 'application/yaml',
        note: 'BOM, invalid UTF-8 and NUL',
      }),
    ],
  ])();
}

function mutatedJson(draw: Draw, document: Record<string, unknown>): ScenarioDocument {
  const { body, notes } = mutateFields(draw, document, []);
  return { body: writeJson(body), contentType: 'application/json', note: `mutated JSON: ${notes.join(', ')}` };
}

const BROKEN_YAML: readonly string[] = [
  'version: 1\ndeployments:\n\tgpt-4o: {model: x}\n',
  'version: 1\ndeployments: {gpt-4o: {model: "unclosed}\n',
  'version: 1\nversion: 1\n',
  'version: !!js/function "function () { return 1 }"\n',
  'version: !!binary aGVsbG8=\n',
  'version: !custom 1\n',
  'base: &base {model: gpt-4o-2024-08-06}\nversion: 1\ndeployments:\n  merged: {<<: *base}\n',
  'version: 1\ndeployments:\n  x:\n    model: *undefined_alias\n',
  '%YAML 1.1\n---\nversion: 1\n...\n---\nversion: 2\n',
  '? [a, b]\n: c\nversion: 1\n',
  'version: 1\nscenarios: [{name: a, match: {lastUserMessage: {regex: "(?<=a)b"}}, respond: {content: x}}]\n',
  'version: 1\nscenarios: [{name: a, respond: {template: "{% for x in (1..3) %}{{ x | nosuchfilter }}{% endfor %}"}}]\n',
  'version: 1\ninclude: ["/etc/*", "../../**/*.yaml"]\n',
];
