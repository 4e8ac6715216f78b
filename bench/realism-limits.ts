/**
 * How closely the rate limiter holds a deployment to its quota under sustained overload: two deployments, one
 * bound by TPM, one by RPM, each offered three times what it may admit for three minutes. Reports admitted tokens
 * per minute against the TPM and admitted requests per minute against the RPM, counted over the last two minutes
 * (the first minute fills the sliding window).
 */
import { request, Agent } from 'node:http';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimProcess } from './sim-process.ts';

const TPM = 60_000;
const RPM = 600;
const MAX_TOKENS = 90;
/** The first minute fills the sliding window; the two minutes after it are steady state. */
const WARMUP_MS = Number(process.env.REALISM_WARMUP_MS ?? 60_000);
const MEASURE_MS = Number(process.env.REALISM_MEASURE_MS ?? 120_000);
const RUN_MS = WARMUP_MS + MEASURE_MS;

const scenarios = `
deployments:
  by-tokens: { model: gpt-4o-2024-08-06, rateLimit: { tpm: ${TPM}, rpm: 1000000 } }
  by-calls: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000000, rpm: ${RPM}, burstWindow: 10s } }
`;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, deployment: string): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: 'Hello there' }] });
  return new Promise((resolve, reject) => {
    const req = request(`${url}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`, { method: 'POST', agent, headers: { 'api-key': 'bench', 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Offers `perSecond` requests a second until the deadline; records when each admitted one was admitted. */
async function offer(url: string, deployment: string, perSecond: number, until: number, admitted: number[], refused: { count: number }, estimate: { value: number }) {
  const gap = 1000 / perSecond;
  let next = Date.now();
  const pending: Promise<void>[] = [];
  while (Date.now() < until) {
    const sentAt = Date.now();
    pending.push(
      post(url, deployment).then(({ status, body }) => {
        if (status === 200) {
          admitted.push(sentAt);
          if (estimate.value === 0) estimate.value = (JSON.parse(body) as { usage: { prompt_tokens: number } }).usage.prompt_tokens + MAX_TOKENS;
        } else if (status === 429) refused.count++;
        else throw new Error(`unexpected ${status}: ${body.slice(0, 200)}`);
      }),
    );
    next += gap;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(pending);
}

export async function realismLimits(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aoai-sim-bench-'));
  writeFileSync(join(dir, 'scenarios.yaml'), scenarios);
  const sim = await startSimProcess(join(dir, 'scenarios.yaml'), '0');
  try {
    const start = Date.now();
    const until = start + RUN_MS;
    const tokens = { admitted: [] as number[], refused: { count: 0 }, estimate: { value: 0 } };
    const calls = { admitted: [] as number[], refused: { count: 0 }, estimate: { value: 0 } };
    const estimatePerRequest = 8 + MAX_TOKENS; // about; the real estimate is read from the first answer
    await Promise.all([
      offer(sim.url, 'by-tokens', ((TPM / estimatePerRequest) * 3) / 60, until, tokens.admitted, tokens.refused, tokens.estimate),
      offer(sim.url, 'by-calls', ((RPM * 3) / 60), until, calls.admitted, calls.refused, calls.estimate),
    ]);
    const from = start + WARMUP_MS;
    const minutes = MEASURE_MS / 60_000;
    const counted = (times: number[]) => times.filter((at) => at >= from && at < until).length;
    const admittedTokens = counted(tokens.admitted) * tokens.estimate.value;
    const admittedCalls = counted(calls.admitted);
    const tpm = admittedTokens / minutes;
    const rpm = admittedCalls / minutes;
    const row = (what: string, limit: number, measured: number, refusedCount: number) =>
      `| ${what} | ${limit} | ${measured.toFixed(0)} | ${((measured / limit - 1) * 100).toFixed(2)}% | ${refusedCount} |`;
    return [
      `Rate limits under 3x overload for ${(RUN_MS / 1000).toFixed(0)} s, counted over the last ${(minutes * 60).toFixed(0)} s (estimate per request: ${tokens.estimate.value} tokens)`,
      '',
      '| limit | configured | admitted per minute | error | 429s |',
      '|---|---|---|---|---|',
      row('tokens per minute', TPM, tpm, tokens.refused.count),
      row('requests per minute', RPM, rpm, calls.refused.count),
    ].join('\n');
  } finally {
    await sim.stop();
    agent.destroy();
  }
}

if (import.meta.main) console.log(await realismLimits());
