/**
 * The cost of matching a request against scenario rules with regex conditions, in µs per request: the same five
 * rules (four regexes, one contains) and chat requests of 200, 2,000 and 20,000 characters, missing every rule,
 * hitting the first with its captures read, and hitting it without. Run it on two checkouts to compare engines.
 *
 *   taskset -c 1 node bench/rule-match.ts
 */
import type { Match } from '../server/src/generated/scenarios.ts';
import { requestMatches } from '../server/src/scenarios/match/index.ts';

const RULES: Match[] = [
  { deployment: 'gpt-4o', lastUserMessage: { regex: 'order (\\d+)' } },
  { lastUserMessage: { regex: '^(hello|hi)\\b', ignoreCase: true } },
  { headers: { 'x-tenant': { regex: '^acme-(\\d+)$' } } },
  { systemMessage: { regex: 'You are (?<persona>\\w+) the pirate' } },
  { lastUserMessage: { contains: 'weather', ignoreCase: true } },
];
const FILLER = 'Please help me plan the week: meetings on Monday, a report due Wednesday, and travel on Friday. ';
const CASES = [
  ['miss every regex', 'what is the weather like', false],
  ['hit the first, captures read', 'where is my order 12345', true],
  ['hit the first, captures unread', 'where is my order 12345', false],
] as const;

for (const size of [200, 2000, 20_000]) {
  for (const [label, ask, readCaptures] of CASES) {
    // distinct bodies, as distinct requests have: each is read for its messages once, then matched every round
    const views = Array.from({ length: 500 }, (_, i) => ({
      deployment: 'gpt-4o',
      operation: 'chat' as const,
      path: '/openai/deployments/gpt-4o/chat/completions',
      headers: { 'x-tenant': 'globex-1' },
      query: {},
      body: {
        messages: [
          { role: 'system', content: 'You are a helpful assistant.' },
          { role: 'user', content: `${FILLER.repeat(Math.ceil(size / FILLER.length)).slice(0, size)} ${ask} #${i}` },
        ],
      },
    }));
    const run = (requests: number) => {
      let seen = 0;
      for (let i = 0; i < requests; i++) {
        for (const rule of RULES) {
          const result = requestMatches(rule, views[i % views.length]!);
          if (result.matched) {
            seen += readCaptures ? result.captures.length : 1;
            break;
          }
        }
      }
      return seen;
    };
    const requests = Math.max(2000, Math.floor(4e6 / size));
    run(requests / 4);
    const samples: number[] = [];
    for (let round = 0; round < 7; round++) {
      const started = performance.now();
      run(requests);
      samples.push(((performance.now() - started) * 1000) / requests);
    }
    samples.sort((a, b) => a - b);
    console.log(`${String(size).padStart(6)} characters, ${label}: median ${samples[3]!.toFixed(2)} µs, best ${samples[0]!.toFixed(2)} µs`);
  }
}
