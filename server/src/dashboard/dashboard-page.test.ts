import test from 'ava';
import { buildUiIfStale } from '../../ui/build.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

const SCENARIOS = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } };

test.before(async () => {
  await buildUiIfStale();
});

test('GET /__sim/ui serves the built page and its assets from the simulator itself, without the admin key', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, adminApiKey: 'admin' });
  const page = await fetch(`${sim.url}/__sim/ui`);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-type') ?? '', /^text\/html/);
  // nothing from elsewhere may load: the policy says so to the browser
  t.regex(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  const html = await page.text();
  const assets = [...html.matchAll(/(?:src|href)="(\/__sim\/ui\/assets\/[^"]+)"/g)].map((match) => match[1]!);
  t.deepEqual(assets.sort(), ['/__sim/ui/assets/dashboard.css', '/__sim/ui/assets/dashboard.js']);
  t.notRegex(html, /https?:\/\//, 'no address beyond the simulator');
  for (const asset of assets) {
    const response = await fetch(`${sim.url}${asset}`);
    t.is(response.status, 200, asset);
    t.true((await response.arrayBuffer()).byteLength > 1000, asset);
  }
  const missing = await fetch(`${sim.url}/__sim/ui/assets/..%2F..%2Fpackage.json`);
  t.is(missing.status, 404);
  await missing.body?.cancel();
});

test('with the control API off, the page is off too', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, adminApiKey: 'admin', adminAccess: 'off' });
  const page = await fetch(`${sim.url}/__sim/ui`);
  t.is(page.status, 404);
  await page.body?.cancel();
});
