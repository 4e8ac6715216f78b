import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';
import { rawRequest } from '../test-support/raw-request.ts';
import type { StartOptions } from '../server.ts';

const ADMIN = 'admin-secret';
const SCENARIOS = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
  scenarios: [{ name: 'hi', respond: { content: 'hello' } }],
};

/** Every control route, as [method, path, body]. */
const ROUTES: ReadonlyArray<[string, string, string?]> = [
  ['GET', '/config'],
  ['GET', '/journal'],
  ['GET', '/journal?count=1'],
  ['DELETE', '/journal'],
  ['GET', '/limits'],
  ['POST', '/reset', '{}'],
  ['POST', '/faults', '{"fault":{"kind":"status","status":503}}'],
  ['PUT', '/scenarios', JSON.stringify(SCENARIOS)],
  ['PATCH', '/scenarios', '{"server":{"unmatched":"error"}}'],
];

/** The same path spelt the ways a guard could miss: case, percent-encoding, dot segments, absolute form. */
function spellings(path: string): string[] {
  return [
    `/__sim${path}`,
    `/__SIM${path}`,
    `/__Sim${path.toUpperCase()}`,
    `/%5F%5Fsim${path}`,
    `/%5f%5fSIM${path}`,
    `/x/../__sim${path}`,
    `/__sim/.${path}`,
    `/%2e%2e/__sim${path}`,
    `http://elsewhere/__SIM${path}`,
  ];
}

async function simulator(t: import('ava').ExecutionContext, options: StartOptions = {}) {
  return startTestSimulator(t, { scenarios: SCENARIOS, ...options });
}

const json = { 'content-type': 'application/json' };

test('with an admin key, every control route in every spelling needs it', async (t) => {
  const sim = await simulator(t, { adminApiKey: ADMIN });
  for (const [method, path, body] of ROUTES) {
    for (const target of spellings(path)) {
      const response = await rawRequest(sim.url, method, target, { headers: json, ...(body ? { body } : {}) });
      t.is(response.status, 401, `${method} ${target}`);
      t.is(JSON.parse(response.text).error.code, 'AdminKeyRequired', `${method} ${target}`);
    }
  }
  // nothing was changed on the way: the journal still has nothing the probe deleted, the scenarios still answer
  const journal = await rawRequest(sim.url, 'GET', '/__sim/journal?count=1', { headers: { 'x-sim-admin-key': ADMIN } });
  t.is(journal.status, 200);
  const config = JSON.parse((await rawRequest(sim.url, 'GET', '/__SIM/config', { headers: { 'x-sim-admin-key': ADMIN } })).text);
  t.is(config.server.unmatched, 'generate');
});

test('with the admin key, the spellings reach the same routes', async (t) => {
  const sim = await simulator(t, { adminApiKey: ADMIN });
  for (const target of spellings('/config')) {
    const response = await rawRequest(sim.url, 'GET', target, { headers: { 'x-sim-admin-key': ADMIN } });
    t.is(response.status, 200, target);
    t.is(JSON.parse(response.text).server.adminApiKey, '***');
  }
});

test('on loopback without an admin key the control API is open, and the startup settings say so', async (t) => {
  const sim = await simulator(t);
  t.is(sim.config.server.controlAccess, 'open');
  const reset = await rawRequest(sim.url, 'POST', '/__sim/reset', { headers: json, body: '{}' });
  t.is(reset.status, 200);
});

test('beyond loopback without an admin key the control API reads but refuses every change', async (t) => {
  const sim = await simulator(t, { host: '0.0.0.0' });
  t.is(sim.config.server.controlAccess, 'read-only');
  t.is((await rawRequest(sim.url, 'GET', '/__sim/config')).status, 200);
  t.is((await rawRequest(sim.url, 'GET', '/__sim/journal')).status, 200);
  for (const [method, path, body] of ROUTES.filter(([method]) => method !== 'GET')) {
    for (const target of spellings(path)) {
      const response = await rawRequest(sim.url, method, target, { headers: json, ...(body ? { body } : {}) });
      t.is(response.status, 403, `${method} ${target}`);
      t.regex(JSON.parse(response.text).error.message, /AOAI_SIM_ADMIN_KEY.*AOAI_SIM_ADMIN_ACCESS=open/s);
    }
  }
});

test('server.admin.access opens it beyond loopback on purpose, or turns it off', async (t) => {
  const open = await simulator(t, { host: '0.0.0.0', adminAccess: 'open' });
  t.is((await rawRequest(open.url, 'POST', '/__sim/reset', { headers: json, body: '{}' })).status, 200);

  const off = await simulator(t, { adminApiKey: ADMIN, adminAccess: 'off' });
  const config = await rawRequest(off.url, 'GET', '/__sim/config', { headers: { 'x-sim-admin-key': ADMIN } });
  t.is(config.status, 404);
  t.is(JSON.parse(config.text).error.message, 'Resource not found');

  const fromFile = await startTestSimulator(t, { scenarios: { ...SCENARIOS, server: { admin: { access: 'read-only' } } } });
  t.is((await rawRequest(fromFile.url, 'GET', '/__sim/limits')).status, 200);
  t.is((await rawRequest(fromFile.url, 'DELETE', '/__sim/journal')).status, 403);
});

test('generated image files stay public: a url answer must be fetchable without the admin key', async (t) => {
  const sim = await simulator(t, { adminApiKey: ADMIN, host: '0.0.0.0' });
  const image = await rawRequest(sim.url, 'GET', '/__SIM/images/64x64/seed.png');
  t.not(image.status, 401);
  t.not(image.status, 403);
});
