import test from 'ava';
import { decideAdmission } from './admission-decision.ts';
import { limitSettings, type LimitSettings } from './limit-settings.ts';
import type { LimitState } from './limit-state.ts';
import { LIMITS_UNDER_TEST, limitedDeployment } from '../test-support/limit-deployment.ts';

/** A small seeded generator (mulberry32), so every run replays the same traffic. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An oracle written from the definitions, by brute force over every admission so far: whether admitting
 * `estimate` tokens at `at` would break a standard window.
 */
function breaksAWindow(settings: LimitSettings, admitted: ReadonlyArray<readonly [number, number]>, at: number, estimate: number): boolean {
  const minuteStart = Math.floor(at / 60_000) * 60_000;
  const inMinute = admitted.filter(([time]) => (settings.perMinute ? time >= minuteStart : time > at - 60_000));
  const tokens = inMinute.reduce((sum, [, charged]) => sum + charged, 0);
  const burst = admitted.filter(([time]) => time > at - settings.burstMs).length;
  return (
    (settings.tpm !== undefined && tokens + estimate > settings.tpm) ||
    (settings.rpm !== undefined && inMinute.length + 1 > settings.rpm) ||
    (settings.burstLimit !== undefined && burst + 1 > settings.burstLimit)
  );
}

const LIMITS = LIMITS_UNDER_TEST;

// The claim behind retry-after-ms: with no other admission meanwhile, the request is refused 1 ms before
// the wait ends and admitted when it ends. Checked on every refusal of seeded random traffic, against the
// limiter itself and, for standard windows, against the brute-force oracle.
/**
 * How far apart requests come: spread out, or in bursts where most land in the same millisecond as the one
 * before (admissions in one millisecond share a log entry, so this checks that sharing changes nothing).
 */
const TRAFFIC: ReadonlyArray<[string, (next: () => number) => number]> = [
  ['spread', (next) => Math.floor(next() * next() * 3000)],
  ['bursty', (next) => (next() < 0.6 ? 0 : Math.floor(next() * next() * 3000))],
];

for (const [shape, step] of TRAFFIC)
  for (const [index, rateLimit] of LIMITS.entries()) {
    test(`retry-after is exact for ${shape} random traffic: ${JSON.stringify(rateLimit)}`, (t) => {
      const settings = limitSettings(limitedDeployment(rateLimit));
      if (!settings) return t.fail();
      const next = random(index + 1);
      let state: LimitState | undefined;
      let now = 1_700_000_000_000 + Math.floor(next() * 60_000);
      let refusals = 0;
      const admitted: Array<[number, number]> = [];
      const standard = settings.ptuCapacity === undefined;
      for (let i = 0; i < 2000; i++) {
        now += step(next);
        const estimate = 1 + Math.floor(next() * next() * 900);
        const { state: after, result } = decideAdmission(settings, state, now, estimate);
        state = after;
        const refusal = result.refusal;
        if (standard && !refusal === breaksAWindow(settings, admitted, now, estimate)) {
          return t.fail(`request ${i} at ${now} (${estimate} tokens): the limiter says ${!refusal}, the oracle disagrees`);
        }
        if (!refusal) admitted.push([now, estimate]);
        if (!refusal || refusal.retryAfterMs >= 86_400_000) continue;
        refusals++;
        const wait = refusal.retryAfterMs;
        const early = { admitted: !decideAdmission(settings, structuredClone(state), now + wait - 1, estimate).result.refusal };
        const onTime = { admitted: !decideAdmission(settings, structuredClone(state), now + wait, estimate).result.refusal };
        const oracleAgrees =
          !standard ||
          (breaksAWindow(settings, admitted, now + wait - 1, estimate) && !breaksAWindow(settings, admitted, now + wait, estimate));
        if (early.admitted || !onTime.admitted || !oracleAgrees) {
          return t.fail(
            `request ${i} at ${now} (${estimate} tokens), retry after ${wait} ms: admitted ${wait - 1} ms later: ${early.admitted}; ${wait} ms later: ${onTime.admitted}`,
          );
        }
      }
      t.true(refusals > 50, `only ${refusals} refusals: the traffic does not test much`);
    });
  }
