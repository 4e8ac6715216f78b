/**
 * deploy/helm/aoai-sim: what can be checked without helm, which neither npm nor Debian carries. Chart.yaml and
 * values.yaml parse and hold what Helm needs; values.yaml passes values.schema.json (the schema Helm itself applies
 * at install, lint and template), which refuses misspelt and mistyped settings; the templates read only values that
 * values.yaml declares and include only templates that _helpers.tpl defines; and the chart sets the environment the
 * image reads. The templates are not rendered here (see docs/scaling-out.md#kubernetes-the-helm-chart).
 */
import test from 'ava';
import { Ajv } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from './consumer/pack-workspaces.ts';

const CHART = join(REPO, 'deploy/helm/aoai-sim');
const read = (path: string) => readFileSync(join(CHART, path), 'utf8');
const TEMPLATES = readdirSync(join(CHART, 'templates')).map((name) => ({ name, text: read(join('templates', name)) }));
const VALUES = parse(read('values.yaml')) as Record<string, unknown>;
const validate = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true }).compile(JSON.parse(read('values.schema.json')));

/** The errors values.schema.json finds in values.yaml with `overrides` merged in, as `helm install --set` would. */
function schemaErrors(overrides: Record<string, unknown>): string[] {
  const merged = mergeValues(VALUES, overrides);
  return validate(merged) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

function mergeValues(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = isMapping(current) && isMapping(value) ? mergeValues(current, value) : value;
  }
  return merged;
}

test('Chart.yaml: an application chart (apiVersion v2) named after its folder, running the simulator version as its image tag', (t) => {
  const chart = parse(read('Chart.yaml')) as Record<string, unknown>;
  const server = JSON.parse(readFileSync(join(REPO, 'server/package.json'), 'utf8')) as { version: string };
  t.is(chart.apiVersion, 'v2');
  t.is(chart.name, 'aoai-sim');
  t.is(chart.type, 'application');
  t.regex(String(chart.version), /^\d+\.\d+\.\d+(-[\w.]+)?$/, 'a SemVer 2 version, which helm package requires');
  t.is(chart.appVersion, server.version, 'the default image tag is the version this repository builds');
});

test('values.yaml passes values.schema.json: three replicas, the chart Redis on, the HPA off', (t) => {
  t.deepEqual(schemaErrors({}), []);
  t.is(VALUES.replicaCount, 3);
  t.like(VALUES, { redis: { enabled: true, url: '' }, autoscaling: { enabled: false } });
});

test('values.schema.json takes the settings users give: scenarios as a mapping or as text, an external Redis, the HPA', (t) => {
  t.deepEqual(schemaErrors({ scenarios: { deployments: { chat: { model: 'gpt-4o' } } } }), []);
  t.deepEqual(schemaErrors({ scenarios: 'deployments:\n  chat: { model: gpt-4o }\n' }), []);
  t.deepEqual(schemaErrors({ redis: { enabled: false, url: 'rediss://user:secret@cache.example:6380/0' } }), []);
  t.deepEqual(schemaErrors({ autoscaling: { enabled: true, maxReplicas: 20 }, adminKey: 'k', mode: 'replay' }), []);
});

test('values.schema.json refuses misspelt and mistyped settings, which Helm would otherwise ignore or render', (t) => {
  t.deepEqual(schemaErrors({ replicas: 5 }), [' must NOT have additional properties']);
  t.deepEqual(schemaErrors({ replicaCount: '3' }), ['/replicaCount must be integer']);
  t.deepEqual(schemaErrors({ autoscaling: { enabeld: true } }), ['/autoscaling must NOT have additional properties']);
  t.deepEqual(schemaErrors({ redis: { url: 'cache:6379' } }), ['/redis/url must match pattern "^(rediss?://.+)?$"']);
  t.deepEqual(schemaErrors({ logLevel: 'verbose' }), ['/logLevel must be equal to one of the allowed values']);
  t.deepEqual(schemaErrors({ mode: 'playback' }), ['/mode must be equal to one of the allowed values']);
});

test('the templates read only values that values.yaml declares', (t) => {
  const has = (path: string[]) =>
    path.reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null && key in node ? (node as Record<string, unknown>)[key] : undefined),
      VALUES,
    ) !== undefined;
  const references = TEMPLATES.flatMap(({ name, text }) =>
    [...text.matchAll(/\.Values((?:\.\w+)+)/g)].map(([, path]) => ({ name, path: path!.slice(1) })),
  );
  t.true(references.length > 30);
  t.deepEqual(
    references.filter(({ path }) => !has(path.split('.'))),
    [],
  );
});

test('the templates include only what _helpers.tpl defines, and close every block they open', (t) => {
  const defined = new Set(TEMPLATES.flatMap(({ text }) => [...text.matchAll(/\{\{-?\s*define\s+"([^"]+)"/g)].map(([, name]) => name)));
  const included = TEMPLATES.flatMap(({ name, text }) =>
    [...text.matchAll(/include\s+"([^"]+)"/g)].map(([, helper]) => ({ name, helper })),
  );
  t.deepEqual(
    included.filter(({ helper }) => !defined.has(helper)),
    [],
  );
  for (const { name, text } of TEMPLATES) {
    const opened = text.match(/\{\{-?\s*(if|with|range|define)\b/g)?.length ?? 0;
    const closed = text.match(/\{\{-?\s*end\s*-?\}\}/g)?.length ?? 0;
    t.is(opened, closed, `${name}: every if, with, range and define has its end`);
  }
});

test('the chart sets every variable of the image environment table in docs/docker.md, and only variables the simulator reads', (t) => {
  const docker = readFileSync(join(REPO, 'docs/docker.md'), 'utf8');
  const table = docker.slice(docker.indexOf('## Environment'), docker.indexOf('\n## ', docker.indexOf('## Environment') + 1));
  const documented = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap(([, cell]) =>
    [...cell!.matchAll(/`([A-Z_]+)`/g)].map(([, name]) => name!),
  );
  t.true(documented.length >= 8);
  const deployment = TEMPLATES.find(({ name }) => name === 'deployment.yaml')!.text;
  const secret = TEMPLATES.find(({ name }) => name === 'secret.yaml')!.text;
  const set = new Set([
    ...[...deployment.matchAll(/- name: ([A-Z_]+)$/gm)].map(([, name]) => name!),
    ...[...secret.matchAll(/^\s+([A-Z_]+): /gm)].map(([, name]) => name!),
  ]);
  t.deepEqual(
    documented.filter((name) => !set.has(name)),
    [],
  );
  const usage = readFileSync(join(REPO, 'server/src/cli.ts'), 'utf8');
  t.deepEqual(
    [...set].filter((name) => !usage.includes(name)),
    [],
  );
  t.true(set.has('AOAI_SIM_REDIS_URL'));
});

test('the simulator pods are probed on /healthz, and Redis runs with the flags that let the pods in', (t) => {
  const deployment = TEMPLATES.find(({ name }) => name === 'deployment.yaml')!.text;
  t.regex(deployment, /livenessProbe:\s+httpGet:\s+path: \/healthz/);
  t.regex(deployment, /readinessProbe:\s+httpGet:\s+path: \/healthz/);
  t.regex(deployment, /mountPath: \/scenarios\b/);
  const redis = TEMPLATES.find(({ name }) => name === 'redis.yaml')!.text;
  t.true(redis.includes('args: ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]'));
  const hpa = TEMPLATES.find(({ name }) => name === 'hpa.yaml')!.text;
  t.regex(hpa, /^\{\{- if \.Values\.autoscaling\.enabled \}\}\napiVersion: autoscaling\/v2\n/);
});
