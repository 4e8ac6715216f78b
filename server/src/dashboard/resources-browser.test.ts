import { APIError } from 'openai';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { browserSuite, screenshot, seriousViolations, watchedPage } from './test-browser.ts';

/*
 * The resources panel in headless Chromium: a drill started from the page acts on the data plane as the control
 * API promises, and the page follows the resource's status. Skipped where chromium is absent, as the other
 * browser tests are (dashboard-browser.test.ts fails CI for it).
 */

const { test, browserTest, chromiumPath: CHROMIUM } = browserSuite();
const SCENARIOS = {
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
  scenarios: [{ name: 'greeting', respond: { content: 'Hello from the simulator.' } }],
};
const SHOWN_WITHIN_MS = 30_000;

browserTest('taken down from the page, a resource answers the drill’s 503; brought up from it, it answers again', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  // bypassCSP: for axe, injected by the test
  const { page, context, consoleErrors } = await watchedPage(t.context.browser, { bypassCSP: true });
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  const status = page.locator('[data-resource="default"] .resource-status');
  await status.filter({ hasText: 'up' }).waitFor({ timeout: SHOWN_WITHIN_MS });

  // by label and by keyboard alone: the fields are found by their labels, and Enter in one submits the form
  const down = page.getByRole('form', { name: 'Take a resource down' });
  await down.getByLabel('Resource').selectOption('default');
  await down.getByLabel('Mode').selectOption('status');
  await down.getByLabel('Status').fill('503');
  await down.getByLabel('Duration (ms)').press('Enter');
  await page.locator('#resources-outcome', { hasText: 'default taken down: down.' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.is(await status.innerText(), 'down');
  t.regex(await page.locator('[data-resource="default"]').innerText(), /answers 503 · until brought up/);

  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  const refused = await t.throwsAsync(ask(), { instanceOf: APIError });
  t.is(refused.status, 503);
  t.regex(refused.message, /currently overloaded/);

  t.deepEqual(await seriousViolations(page), [], 'the panel with a resource down is accessible');
  await screenshot(page, 'dashboard-resource-down');

  const up = page.getByRole('button', { name: 'Bring up default' });
  await up.focus();
  await page.keyboard.press('Enter');
  await status.filter({ hasText: 'up' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await page.locator('#resources-outcome').innerText(), /default brought up: up\./);
  // its button disabled now, the keyboard's focus is on what happened, not lost to the page's top
  t.is(
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
    'resources-outcome',
  );
  t.is((await ask()).choices[0]?.message.content, 'Hello from the simulator.');
  t.deepEqual(consoleErrors, []);
});

browserTest('a degrade from the page shows its factors, and the control API’s refusals are shown, not swallowed', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const { page, context } = await watchedPage(t.context.browser);
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('[data-resource="default"]').waitFor({ timeout: SHOWN_WITHIN_MS });
  const degrade = page.getByRole('form', { name: 'Degrade a resource' });
  const outcome = page.locator('#resources-outcome');

  // nothing said: the control API refuses, and its reason is on the page
  await degrade.getByRole('button', { name: 'Degrade' }).click();
  await outcome.filter({ hasText: '400' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await outcome.innerText(), /give at least one of/);
  t.is(await outcome.getAttribute('class'), 'failed');
  // a value out of range: refused with the field named
  await degrade.getByLabel('Quota factor').fill('2');
  await degrade.getByRole('button', { name: 'Degrade' }).click();
  await outcome.filter({ hasText: 'quotaFactor' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.is(await page.locator('[data-resource="default"] .resource-status').innerText(), 'up');

  await degrade.getByLabel('Quota factor').fill('0.5');
  await degrade.getByLabel('Latency factor').fill('3');
  await degrade.getByLabel('PTU saturated').check();
  await degrade.getByRole('button', { name: 'Degrade' }).click();
  await outcome.filter({ hasText: 'default degraded: degraded.' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.is(await outcome.getAttribute('class'), '');
  t.regex(await page.locator('[data-resource="default"]').innerText(), /latency × 3 · quota × 0\.5 · PTU saturated · until brought up/);

  // another client lifts it: the page follows
  t.is((await fetch(`${sim.url}/__sim/resources/default/up`, { method: 'POST' })).status, 200);
  await page.locator('[data-resource="default"] .resource-status', { hasText: 'up' }).waitFor({ timeout: SHOWN_WITHIN_MS });
});

browserTest('with a read-only control API, the page shows the resources and the refusal of a drill', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, adminAccess: 'read-only' });
  const { page, context } = await watchedPage(t.context.browser);
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('[data-resource="default"] .resource-status', { hasText: 'up' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await page.getByRole('form', { name: 'Take a resource down' }).getByRole('button', { name: 'Take down' }).click();
  const outcome = page.locator('#resources-outcome.failed');
  await outcome.waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await outcome.innerText(), /^403: The control API is read-only/);
  t.is(await page.locator('[data-resource="default"] .resource-status').innerText(), 'up');
  const answer = await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hello' }],
  });
  t.is(answer.choices[0]?.message.content, 'Hello from the simulator.');
});
