import test from 'ava';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Scenarios } from '../generated/scenarios.ts';
import { onPath } from '../dashboard/test-browser.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

/*
 * A page in headless Chromium calls the simulator from another origin, as a browser app calls the service: the
 * browser sends the preflight, then the chat request, reads the stream and an exposed rate-limit header. It
 * runs wherever Debian's chromium is on the PATH (CI's prepare step installs it) and fails in CI without it.
 */

const CHROMIUM = onPath('chromium');
const SCENARIOS: Scenarios = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 100000 } } } };

/** The page: its script streams a chat answer from the simulator at `simUrl` with fetch. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>chat</title><script>
async function streamChat(simUrl) {
  try {
    const response = await fetch(simUrl + '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', {
      method: 'POST',
      headers: { 'api-key': 'browser-key', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello from a page' }], stream: true }),
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const events = text.split('\\n').filter((line) => line.startsWith('data: '));
    const content = events
      .filter((line) => line !== 'data: [DONE]')
      .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');
    return {
      status: response.status,
      content,
      finished: events[events.length - 1] === 'data: [DONE]',
      remainingRequests: response.headers.get('x-ratelimit-remaining-requests'),
      requestId: response.headers.get('apim-request-id'),
    };
  } catch (error) {
    return { failed: String(error) };
  }
}
</script></head><body></body></html>`;

if (CHROMIUM === undefined && process.env.CI) {
  test('chromium is on the PATH in CI', (t) => t.fail('chromium is not on the PATH: the browser test cannot run'));
}
const browserTest = CHROMIUM === undefined ? test.skip : test;

browserTest('a page on another origin streams a chat answer and reads the rate-limit headers', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: ['browser-key'] });
  const corsOff = await startTestSimulator(t, { scenarios: { ...SCENARIOS, server: { cors: { allowedOrigins: [] } } } });
  const page = await servePage(t);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM!, headless: true, timeout: 30_000 });
  t.teardown(() => browser.close());
  const tab = await browser.newPage();
  await tab.goto(page, { timeout: 30_000 });

  const answer = await tab.evaluate(
    (simUrl) => (globalThis as unknown as { streamChat: (url: string) => Promise<unknown> }).streamChat(simUrl),
    sim.url,
  );
  t.is((answer as { failed?: string }).failed, undefined);
  t.like(answer, { status: 200, finished: true });
  const { content, remainingRequests, requestId } = answer as {
    content: string;
    remainingRequests: string | null;
    requestId: string | null;
  };
  t.true(content.length > 0);
  t.regex(remainingRequests ?? '', /^\d+$/);
  t.regex(requestId ?? '', /^[0-9a-f-]{36}$/);

  // the same page against a simulator with CORS off: the browser refuses the answer to the page
  const refused = await tab.evaluate(
    (simUrl) => (globalThis as unknown as { streamChat: (url: string) => Promise<unknown> }).streamChat(simUrl),
    corsOff.url,
  );
  t.regex((refused as { failed?: string }).failed ?? '', /TypeError: Failed to fetch/);
});

/** Serves PAGE on its own loopback port, another origin than the simulator's; closed when the test ends. */
async function servePage(t: import('ava').ExecutionContext): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
