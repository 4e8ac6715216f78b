import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree } from '../test-support/temp-tree.ts';
import { browserSuite, screenshot, seriousViolations, watchedPage } from './test-browser.ts';

/*
 * The page in the states a load test puts it in: under load with 429s (screenshotted as a test artifact, and
 * checked for accessibility there too), and after a reload of the scenarios that failed and one that worked.
 * Skipped where chromium is absent, as the other browser tests are (dashboard-browser.test.ts fails CI for it).
 */

const { test, browserTest, chromiumPath: CHROMIUM } = browserSuite();
const SHOWN_WITHIN_MS = 30_000;
/**
 * The load's bound: it stops when the test has seen what it wanted, or after this many requests. Each worker
 * waits LOAD_PACE_MS between requests, so the bound lasts a minute or more however fast the machine is.
 */
const MAX_LOAD_REQUESTS = 20_000;
const LOAD_PACE_MS = 20;
const LOAD_CONCURRENCY = 6;
/** The 429s the page shows before its screenshot is taken. */
const LOAD_REFUSALS_SHOWN = 60;

browserTest('under load with 429s the page is screenshotted as an artifact, and stays accessible', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: {
        'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 2_000_000, rpm: 60_000, window: 'sliding' } },
        // a few requests fill its minute: the rest of the load is refused for tokens
        tight: { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 2_000, rpm: 6_000, window: 'per-minute' } },
        ptu: { model: 'gpt-4o-2024-08-06', rateLimit: { ptu: 1, tokensPerPtuPerMinute: 100 } },
      },
      scenarios: [{ name: 'greeting', respond: { content: 'Hello from the simulator.' } }],
    },
  });
  const { page, context, consoleErrors } = await watchedPage(t.context.browser, { bypassCSP: true });
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  await page.locator('[data-deployment="default/tight"]').waitFor({ timeout: SHOWN_WITHIN_MS });
  // a provisioned deployment shows its utilization
  await azureClient(sim, { deployment: 'ptu' }).chat.completions.create({
    model: 'ptu',
    max_tokens: 40,
    messages: [{ role: 'user', content: 'hello' }],
  });
  await page.locator('[data-deployment="default/ptu"] .remaining', { hasText: /utilization [1-9]/ }).waitFor({ timeout: SHOWN_WITHIN_MS });

  let sent = 0;
  let refused = 0;
  let stop = false;
  const worker = async (deployment: string) => {
    const client = azureClient(sim, { deployment });
    while (!stop && sent < MAX_LOAD_REQUESTS) {
      sent++;
      await client.chat.completions
        .create({ model: deployment, max_tokens: 200, messages: [{ role: 'user', content: `hello ${sent}` }] })
        .catch((error: { status?: number }) => (refused += error.status === 429 ? 1 : 0));
      await sleep(LOAD_PACE_MS);
    }
  };
  const load = Promise.all(Array.from({ length: LOAD_CONCURRENCY }, (_, i) => worker(i % 2 === 0 ? 'gpt-4o' : 'tight')));
  try {
    // while the load runs: the 429s shown, and the feed listing refusals
    // a few seconds of load, so that the charts have a history to show
    await page.waitForFunction(
      `Number(document.getElementById('rate-limited-tokens')?.textContent.replace(/,/g, '') ?? 0) >= ${LOAD_REFUSALS_SHOWN}`,
      undefined,
      { timeout: SHOWN_WITHIN_MS },
    );
    await page.locator('ol.feed summary', { hasText: 'refused: token limit' }).first().waitFor({ timeout: SHOWN_WITHIN_MS });
    await page
      .locator('[data-deployment="default/gpt-4o"] .remaining')
      .filter({ hasNotText: 'tokens 0 of' })
      .waitFor({ timeout: SHOWN_WITHIN_MS });
    const path = await screenshot(page, 'dashboard-under-load');
    const png = await readFile(path);
    t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    t.true(png.byteLength > 20_000, `a page with charts drawn, not a blank one (${png.byteLength} bytes)`);
    t.deepEqual(await seriousViolations(page), [], 'under load, with 429s');
    t.regex(await page.locator('#latency-now').innerText(), /TTFT p50 [\d.,]+ ms, p90 [\d.,]+ ms, p99 [\d.,]+ ms · total p50 [\d.,]+ ms/);
    t.false(stop || sent >= MAX_LOAD_REQUESTS, 'the load was still running');
  } finally {
    stop = true;
    await load;
  }
  t.true(refused > 0);

  // the feed filtered by status and by deployment shows those rows only, and some
  const visible = async () =>
    page.locator('ol.feed li:not([hidden]) summary').evaluateAll((rows) => rows.map((row) => (row as { innerText: string }).innerText));
  // the rows the filter leaves once some show and all match: a snapshot may land between the typing and the reading
  const shown = async (row: RegExp) => {
    const until = Date.now() + SHOWN_WITHIN_MS;
    let rows = await visible();
    while (!(rows.length > 0 && rows.every((text) => row.test(text))) && Date.now() < until) {
      await sleep(100);
      rows = await visible();
    }
    return rows;
  };
  await page.fill('#filter-status', '429');
  const refusals = await shown(/\b429\b/);
  t.true(refusals.length > 0 && refusals.every((row) => /\b429\b/.test(row)), refusals.slice(0, 3).join('\n'));
  await page.fill('#filter-status', '2xx');
  await page.fill('#filter-deployment', 'gpt-4o');
  const answered = await shown(/\b200\b[\s\S]*gpt-4o/);
  t.true(answered.length > 0 && answered.every((row) => /\b200\b[\s\S]*gpt-4o/.test(row)), answered.slice(0, 3).join('\n'));
  await page.fill('#filter-status', '4xx');
  await page.fill('#filter-deployment', 'tight');
  const tight = await shown(/\b429\b[\s\S]*tight/);
  t.true(tight.length > 0 && tight.every((row) => /\b429\b[\s\S]*tight/.test(row)), tight.slice(0, 3).join('\n'));
  t.deepEqual(consoleErrors, []);
});

const VALID = (deployment: string) => `deployments:\n  ${deployment}: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 1000 } }\n`;
const INVALID = 'deployments:\n  gpt-4o: { modell: gpt-4o-2024-08-06 }\n';

browserTest('the configuration panel shows what is in force and the last reload, with its problems by line and column', async (t) => {
  const dir = await tempTree(t, { 'scenarios.yaml': VALID('gpt-4o') });
  const file = join(dir, 'scenarios.yaml');
  const save = async (text: string) => {
    // as editors save: a new file renamed over the old one
    await writeFile(`${file}.saving`, text);
    await rename(`${file}.saving`, file);
  };
  const sim = await startTestSimulator(t, { scenarios: file });
  const { page, context } = await watchedPage(t.context.browser);
  t.teardown(() => context.close());
  await page.goto(`${sim.url}/__sim/ui`);
  const config = page.locator('#config');
  await config.locator('#last-reload', { hasText: 'No reload since the start.' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await config.innerText(), new RegExp(`From ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  t.regex(await config.locator('table').innerText(), /gpt-4o\s+gpt-4o-2024-08-06\s+\{"tpm":1000/);

  await save(INVALID);
  const failed = config.locator('#last-reload.failed');
  await failed.waitFor({ timeout: SHOWN_WITHIN_MS });
  t.regex(await failed.innerText(), /refused; the previous set stays in force/);
  const problems = await failed.getByRole('list', { name: 'Problems' }).innerText();
  t.regex(problems, /scenarios\.yaml:2:\d+/, 'a problem with its line and column');
  t.regex(problems, /modell/);
  t.regex(await config.locator('table').innerText(), /gpt-4o/, 'the set in force is still shown');
  await screenshot(page, 'dashboard-reload-refused');

  await save(VALID('gpt-4o-mini'));
  await config.locator('#last-reload.ok', { hasText: 'applied' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  await config.locator('table', { hasText: 'gpt-4o-mini' }).waitFor({ timeout: SHOWN_WITHIN_MS });
  t.is(await config.getByRole('list', { name: 'Problems' }).count(), 0);
});
