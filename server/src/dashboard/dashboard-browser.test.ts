import { APIError } from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { withinOneMinute } from '../test-support/one-minute.ts';
import { browserSuite, screenshot, seriousViolations, watchedPage } from './test-browser.ts';

/*
 * The dashboard in headless Chromium (Debian's, on the PATH; nothing is downloaded), driven by playwright-core as
 * server/src/http/cors-browser.test.ts drives it. Skipped with a message where chromium is absent, failed in CI.
 */

const { test, browserTest, chromiumPath: CHROMIUM } = browserSuite();
const ADMIN = 'dashboard-admin-key';
const SCENARIOS: Scenarios = {
  deployments: {
    'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 100_000, rpm: 600, window: 'per-minute' } },
    // one request of 800 max_tokens takes most of this minute's tokens: the next is refused for tokens
    tight: { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000, rpm: 600, window: 'per-minute' } },
  },
  scenarios: [{ name: 'greeting', respond: { content: 'Hello from the simulator.' } }],
  // started from the page only
  incidents: [{ name: 'outage', start: 'trigger', phases: [{ from: '0s', to: '10m', fault: { kind: 'status', status: 500 } }] }],
};

if (CHROMIUM === undefined) {
  if (process.env.CI) test('chromium is on the PATH in CI', (t) => t.fail('chromium is not on the PATH: the dashboard tests cannot run'));
  else console.log('dashboard-browser: chromium is not on the PATH; the dashboard browser tests are skipped');
}

/** Waits for the page to show what `selector` matches; bounded, and failing with the selector on a timeout. */
const SHOWN_WITHIN_MS = 30_000;

browserTest('the page loads clean, and a chat request shows in the feed and moves the quota', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const { page, consoleErrors, requests, blocked, context } = await watchedPage(t.context.browser);
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  const card = page.locator('[data-deployment="default/gpt-4o"] .remaining');
  await card.filter({ hasText: 'tokens 0 of 100,000' }).waitFor({ timeout: SHOWN_WITHIN_MS });

  const client = azureClient(sim, { deployment: 'gpt-4o' });
  // the quota the request uses shows until its per-minute window ends
  await withinOneMinute();
  await client.chat.completions.create(
    { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] },
    { headers: { 'x-sim-test-id': 'browser-feed' } },
  );
  // the feed pushes once a second; the bound is wider for a busy machine
  const row = page.locator('ol.feed details', { hasText: 'browser-feed' });
  await row.waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await row.locator('summary').innerText(), /200[\s\S]*gpt-4o[\s\S]*rule greeting/);
  await card.filter({ hasNotText: 'tokens 0 of' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await card.innerText(), /tokens [1-9][\d,]* of 100,000, [\d,]+ remaining/);

  // expanded, the row shows the bodies the journal keeps, and the api-key redacted
  await row.locator('summary').click();
  const body = row.locator('.entry-body pre').first();
  await body.filter({ hasText: 'hello' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await body.innerText(), /"api-key": "REDACTED"/);

  // filtered to another test id, the row is hidden
  await page.fill('#filter-test-id', 'someone-else');
  t.false(await row.isVisible());
  await page.fill('#filter-test-id', '');

  await screenshot(page, 'dashboard-feed');
  t.deepEqual(consoleErrors, []);
  const origin = new URL(sim.url).origin;
  for (const path of ['/__sim/ui', '/__sim/ui/assets/dashboard.js', '/__sim/ui/events', '/__sim/config'])
    t.true(requests.includes(`${origin}${path}`), `the page asked for ${path}`);
  t.deepEqual(
    requests.filter((url) => new URL(url).origin !== origin),
    [],
    'no request leaves the simulator',
  );
  t.deepEqual(blocked, [], 'nor tries to');
  // the watch sees a page that tries: another origin on this very machine, which the policy refuses
  const elsewhere = `${sim.url.replace('127.0.0.1', 'localhost')}/__sim/limits`;
  await page.evaluate((url) => fetch(url).catch(() => undefined), elsewhere);
  // the page tells of it by an event, which comes a moment after the fetch fails (bounded: 5 s)
  for (let i = 0; i < 100 && blocked.length === 0; i++) await page.waitForTimeout(50);
  t.deepEqual(blocked, [elsewhere], String(consoleErrors));
});

browserTest('pushing a deployment past its quota shows its 429s by reason', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const { page, context } = await watchedPage(t.context.browser);
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('#rate-limited-tokens').waitFor({ timeout: SHOWN_WITHIN_MS });
  const client = azureClient(sim, { deployment: 'tight' });
  let refused = 0;
  // the four requests are counted in one per-minute window
  await withinOneMinute();
  for (let i = 0; i < 4; i++) {
    await client.chat.completions
      .create({ model: 'tight', max_tokens: 800, messages: [{ role: 'user', content: 'hello' }] })
      .catch((error: unknown) => (refused += error instanceof APIError && error.status === 429 ? 1 : 0));
  }
  t.true(refused >= 3);
  await page.locator('#rate-limited-tokens', { hasText: String(refused) }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.is(await page.locator('#rate-limited-requests').innerText(), '0');
  await page.locator('ol.feed summary', { hasText: 'refused: token limit' }).first().waitFor({ timeout: SHOWN_WITHIN_MS });
  await screenshot(page, 'dashboard-429s');
});

browserTest('a fault armed or an incident started from the page fails the next request as armed; reset clears them', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const { page, context } = await watchedPage(t.context.browser);
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('#arm-fault').waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.selectOption('#fault-kind', 'status');
  await page.fill('#fault-status', '503');
  await page.fill('#fault-deployment', 'gpt-4o');
  await page.click('#arm-fault button[type=submit]');
  await page.locator('#faults-outcome', { hasText: 'Armed.' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.locator('#armed-faults', { hasText: 'status 503' }).waitFor({ timeout: SHOWN_WITHIN_MS });

  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const failed = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }));
  t.is((failed as APIError).status, 503);
  const next = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  t.is(next.choices[0]?.message.content, 'Hello from the simulator.');
  // the feed names the fault that answered, and the totals count the 503 by its status
  await page
    .locator('ol.feed summary', { hasText: /503[\s\S]*fault/ })
    .first()
    .waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.locator('#status-503', { hasText: '1' }).waitFor({ timeout: SHOWN_WITHIN_MS });

  // an incident started from the page: its clock shows, and its phase fails the next request
  await page.getByRole('button', { name: 'Start outage' }).click();
  await page.locator('#faults-outcome', { hasText: 'Started outage.' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.locator('#incidents', { hasText: /outage: \d+ s in, .+ now/ }).waitFor({ timeout: SHOWN_WITHIN_MS });
  const inIncident = await t.throwsAsync(
    client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }),
  );
  t.is((inIncident as APIError).status, 500);

  // reset from the page: the armed faults and the incident's clock are cleared
  await page.selectOption('#fault-kind', 'status');
  await page.click('#arm-fault button[type=submit]');
  await page.locator('#armed-faults', { hasText: 'status 503' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.click('#reset');
  await page.locator('#faults-outcome', { hasText: 'Reset:' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.locator('#armed-faults', { hasText: 'none' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.locator('#incidents', { hasText: 'outage: not started' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  const afterReset = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  t.is(afterReset.choices[0]?.message.content, 'Hello from the simulator.');
});

browserTest('with an admin key set, the page shows no data until it is given the key', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, adminApiKey: ADMIN });
  // bypassCSP: for axe, injected by the test
  const { page, context, consoleErrors } = await watchedPage(t.context.browser, { bypassCSP: true });
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('#key-form').waitFor({ timeout: SHOWN_WITHIN_MS });
  t.false(await page.locator('#dashboard').isVisible());
  t.is(await page.locator('[data-deployment]').count(), 0, 'no deployment is shown');
  t.deepEqual(await seriousViolations(page), [], 'the admin-key prompt is accessible');

  await page.fill('#admin-key', 'a guess');
  await page.click('#key-form button');
  await page.locator('#key-error', { hasText: 'refused' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.is(await page.locator('[data-deployment]').count(), 0);
  t.deepEqual(await seriousViolations(page), [], 'the prompt with its error is accessible');

  await page.fill('#admin-key', ADMIN);
  await page.click('#key-form button');
  await page.locator('[data-deployment="default/gpt-4o"]').waitFor({ timeout: SHOWN_WITHIN_MS });
  t.false(await page.locator('#key-form').isVisible());
  // the browser logs each 401 it got as a console error: those, and nothing else
  t.deepEqual(
    consoleErrors.filter((text) => !text.includes('401')),
    [],
  );
});

browserTest('axe-core finds no serious or critical accessibility violations, with a feed row expanded', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  // axe is injected by the test, not served: the page's own CSP would (rightly) refuse it
  const { page, context } = await watchedPage(t.context.browser, { bypassCSP: true });
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('[data-deployment="default/gpt-4o"]').waitFor({ timeout: SHOWN_WITHIN_MS });
  t.deepEqual(await seriousViolations(page), [], 'the page as it opens');
  await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hello' }],
  });
  const row = page.locator('ol.feed details').first();
  await row.waitFor({ timeout: SHOWN_WITHIN_MS });
  // opened from the keyboard, as a person without a mouse would
  await row.locator('summary').focus();
  await page.keyboard.press('Enter');
  await row.locator('.entry-body pre').first().waitFor({ timeout: SHOWN_WITHIN_MS });
  t.deepEqual(await seriousViolations(page), [], 'with a request opened to its bodies');
  await screenshot(page, 'dashboard-axe');
});
