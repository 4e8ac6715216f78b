import { accessSync, constants } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import anyTest, { type TestFn } from 'ava';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildUiIfStale } from '../../ui/build.ts';

/** Where the browser tests leave their screenshots: ignored by git, kept by CI as artifacts. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../../.test-artifacts/dashboard/', import.meta.url));

/** Chromium's flags for a machine with no network beyond loopback (it would try Google's hosts at every start). */
export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** What a page did that the tests watch: its console errors and every request it made. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  requests: string[];
  /** What the page's content security policy refused to load or connect to, as the page saw it. */
  blocked: string[];
}

/** A fresh page (its own sessionStorage) that records console errors, page errors and requests. */
export async function watchedPage(browser: Browser, options: { bypassCSP?: boolean } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 }, ...options });
  const page = await context.newPage();
  const watched: WatchedPage = { page, context, consoleErrors: [], requests: [], blocked: [] };
  // a request the policy refuses never reaches the network, so it is not among `requests`: the page reports it
  await context.exposeFunction('reportBlocked', (uri: string) => watched.blocked.push(uri));
  await context.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (event) => reportBlocked(event.blockedURI));",
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.consoleErrors.push(String(error)));
  page.on('request', (request) => watched.requests.push(request.url()));
  return watched;
}

/** Saves a screenshot of the page as a test artifact; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The executable `name` on the PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** An accessibility violation axe-core found: its rule, its impact and how many elements have it. */
export interface Violation {
  id: string;
  impact: string;
  nodes: number;
  /** The first element's selector and axe's summary of what to fix. */
  first: string;
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now. axe is injected by
 * the test, not served, so the page must be in a context made with `bypassCSP` (its own policy would refuse it).
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const violations = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> };
    const result = await (globalThis as unknown as { axe: { run(): Promise<Result> } }).axe.run();
    return result.violations.map(({ id, impact, nodes }) => ({
      id,
      impact,
      nodes: nodes.length,
      first: `${JSON.stringify(nodes[0]?.target)}: ${nodes[0]?.failureSummary ?? ''}`,
    }));
  });
  return violations.filter(({ impact }) => impact === 'serious' || impact === 'critical');
}

/** A browser test file's tests: each gets the Chromium launched once for the file. */
export interface BrowserSuite {
  test: TestFn<{ browser: Browser }>;
  /** A serial test that runs in Chromium, or is skipped where chromium is not on the PATH. */
  browserTest: TestFn<{ browser: Browser }>['serial'] | TestFn<{ browser: Browser }>['serial']['skip'];
  /** Chromium's path, or undefined where it is absent. */
  chromiumPath: string | undefined;
}

/**
 * Registers the hooks every dashboard browser test file needs: the page built once, Debian's chromium launched
 * once (headless, nothing downloaded) and closed at the end. Call it once at the top of a test file.
 */
export function browserSuite(): BrowserSuite {
  const test = anyTest as TestFn<{ browser: Browser }>;
  const chromiumPath = onPath('chromium');
  test.before(async (t) => {
    if (chromiumPath === undefined) return;
    await buildUiIfStale();
    t.context.browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  });
  test.after.always(async (t) => t.context.browser?.close());
  return { test, browserTest: chromiumPath === undefined ? test.serial.skip : test.serial, chromiumPath };
}
