import test from 'ava';
import { resolveTemplateLimits } from '../config/resolve-config.ts';
import type { ScenarioRule } from '../generated/scenarios.ts';
import { decide, type DecisionContext } from './engine.ts';
import { chatRequest } from './match/test-requests.ts';
import { compileRules } from './rule-set.ts';
import { RuleState } from './rule-state.ts';
import type { RuleCounters } from './rule-counters.ts';

/** The rule state, with every call the engine makes on it counted: what a shared store would pay in round trips. */
function countedState() {
  const state = new RuleState({ maxEntries: 100, maxBytes: 1 << 20 });
  const counted = { calls: 0 };
  const proxy = new Proxy(state, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counted.calls++;
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { proxy, counted };
}

const CONTEXT: DecisionContext = { requestId: 'r', apiVersion: undefined, contextWindow: 128_000, promptTokens: () => 1, time: 0 };
const hello = (content: string) => chatRequest({ messages: [{ role: 'user', content }] }, { testId: 'counted' });

const RULES: ScenarioRule[] = [
  { name: 'once', times: 1, match: { lastUserMessage: { contains: 'hello' } }, respond: { content: 'first time' } },
  { name: 'twice', times: 2, match: { lastUserMessage: { contains: 'hello' } }, respond: { content: 'two more' } },
  { name: 'always', match: { lastUserMessage: { contains: 'hello' } }, sequence: { responses: [{ content: 'a' }, { content: 'b' }] } },
  { name: 'other', match: { lastUserMessage: { contains: 'other' } }, respond: { content: 'other' } },
];

test('a request costs the rule counters at most one call, however many rules match or have spent their budgets', (t) => {
  const rules = compileRules(RULES, resolveTemplateLimits());
  const { proxy, counted } = countedState();
  const answers: Array<[string | undefined, number]> = [];
  for (const content of ['hello', 'hello', 'hello', 'hello', 'hello', 'nothing']) {
    counted.calls = 0;
    const decision = decide(rules, proxy, hello(content), CONTEXT, 'generate');
    answers.push([decision.answer?.text ?? undefined, counted.calls]);
  }
  t.deepEqual(answers, [
    ['first time', 1],
    ['two more', 1],
    ['two more', 1],
    ['a', 1],
    ['b', 1],
    [undefined, 0],
  ]);
});

/** Counters that answer later, as a store across the network does: each claim resolves after other work has run. */
function waitingCounters(): RuleCounters & { calls: number } {
  const state = new RuleState({ maxEntries: 100, maxBytes: 1 << 20 });
  return {
    waits: true,
    calls: 0,
    async claim(testId, candidates, claimed) {
      this.calls++;
      await new Promise((resolve) => setImmediate(resolve));
      return state.claim(testId, candidates, claimed);
    },
    reset: (testId) => state.reset(testId),
    retain: (names) => state.retain(names),
  };
}

test('counters that answer later: each waiting request keeps its own candidates and claim while others decide', async (t) => {
  const rules = compileRules(RULES, resolveTemplateLimits());
  const waiting = waitingCounters();
  const atOnce = new RuleState({ maxEntries: 100, maxBytes: 1 << 20 });
  const pending = ['hello', 'hello', 'hello', 'hello', 'hello'].map((content) =>
    decide(rules, waiting, hello(content), CONTEXT, 'generate'),
  );
  // requests decided at once in between use the shared arrays and claim: they must not disturb the waiting ones
  const between = decide(rules, atOnce, hello('other'), CONTEXT, 'generate');
  t.is(between.answer?.text, 'other');
  t.true(pending.every((decision) => decision instanceof Promise));
  const answers = (await Promise.all(pending)).map((decision) => decision.answer?.text);
  t.deepEqual(answers, ['first time', 'two more', 'two more', 'a', 'b']);
  t.is(waiting.calls, 5, 'one claim per request');
  t.deepEqual(await decide(rules, waiting, hello('nothing'), CONTEXT, 'generate'), {}, 'no candidate: no call, no answer');
  t.is(waiting.calls, 5);
});
