import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { realClock } from '../clock/index.ts';
import { routeMatcher } from '../routes/data-plane-routes.ts';
import { ROUTES } from '../routes/route-specs.ts';
import { Resource } from './resource.ts';
import { TargetTable } from './target-table.ts';

const resource = new Resource(
  'default',
  { region: 'eastus', maxBodyBytes: 1024, auth: { modes: ['api-key'], apiKeys: [], entra: { audiences: [], checkExpiry: true } } },
  realClock,
);
const table = new TargetTable(resource);
const matchers = ROUTES.map((spec) => ({ spec, match: routeMatcher(spec.path) }));

/** What the routes' own matchers, tried in turn, make of a path: the route's path and its parameters. */
function byMatchers(path: string): [string, Record<string, string>] | undefined {
  for (const { spec, match } of matchers) {
    const found = match(path);
    if (found) return [spec.path, { ...found.params }];
  }
  return undefined;
}

function byTable(path: string): [string, Record<string, string>] | undefined {
  const target = table.lookup(path);
  return target && [target.spec.path, { ...target.params }];
}

const SEGMENTS = [
  ...new Set(ROUTES.flatMap((spec) => spec.path.split('/')).filter((segment) => segment !== '' && !segment.startsWith(':'))),
  ...['OpenAI', 'V1', 'DEPLOYMENTS', 'Chat', 'COMPLETIONS', 'gpt-4o', 'a%20b', '%E0%A4%A', '%2F', 'x#y', 'İ', 'K', 'ſ', '', '.', 'v2'],
];

test('a path finds the route the routes’ own matchers find, with the same deployment', (t) => {
  for (const spec of ROUTES) {
    const path = spec.path.replace(':deployment', 'My%20Deployment');
    t.deepEqual(byTable(path), byMatchers(path), path);
    t.deepEqual(byTable(`${path.toUpperCase()}/`), byMatchers(`${path.toUpperCase()}/`), path);
  }
  // paths made of the routes' own segments and their near misses, in any case, with and without trailing slashes
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 7 }), fc.constantFrom('', '/', '//'), (segments, tail) => {
      const path = `/${segments.join('/')}${tail}`;
      return isDeepStrictEqual(byTable(path), byMatchers(path));
    }),
    { numRuns: 20_000, seed: 17 },
  );
  // the routes themselves, with any deployment, segments in upper case, and one segment dropped or doubled
  fc.assert(
    fc.property(
      fc.constantFrom(...ROUTES),
      fc.constantFrom(...SEGMENTS),
      fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      fc.integer({ min: -8, max: 8 }),
      fc.constantFrom('', '/', '//'),
      (spec, deployment, upper, edit, tail) => {
        const segments = spec.path
          .replace(':deployment', deployment)
          .split('/')
          .map((segment, i) => (upper[i] ? segment.toUpperCase() : segment));
        if (edit > 0 && edit < segments.length) segments.splice(edit, 1);
        if (edit < 0 && -edit < segments.length) segments.splice(-edit, 0, segments[-edit]!);
        const path = `${segments.join('/')}${tail}`;
        return isDeepStrictEqual(byTable(path), byMatchers(path));
      },
    ),
    { numRuns: 20_000, seed: 17 },
  );
  t.pass();
});

test('a path under a resource’s deployment gives that resource and the deployment decoded', (t) => {
  const target = table.lookup('/openai/deployments/gpt%2D4o/chat/completions');
  t.is(target?.resource, resource);
  t.is(target?.spec.operation, 'chat');
  t.deepEqual(target?.params, { deployment: 'gpt-4o' });
  t.is(table.lookup('/openai/deployments//chat/completions'), undefined);
  t.is(table.lookup('/openai/models'), undefined);
});
