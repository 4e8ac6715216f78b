import type { Redis } from 'ioredis';
import type { Claim, RuleBudget, RuleCounters } from '../../scenarios/rule-counters.ts';
import type { StoreKeys } from './store-keys.ts';

/** Counts the first candidate whose budget is not spent, in one atomic step: { index, count }, or nil when all are. */
const CLAIM_SCRIPT = `
for i = 2, #ARGV, 2 do
  local times = tonumber(ARGV[i + 1])
  local count = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if times < 0 or count < times then
    count = redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    return { (i - 2) / 2, count }
  end
end
return false
`;

/** A test id's counts are forgotten a day after its last match, as the memory store forgets the least recently used. */
const TEST_ID_TTL_MS = 86_400_000;

type ScriptedRedis = Redis & { aoaiSimClaim(...args: Array<string | number>): Promise<[number, number] | null> };

/**
 * Rule counts on a Redis server shared by several simulators: one hash per test id (rule name → count), so a
 * sequence advances as one sequence and a `times` budget is spent once, whichever simulator matches.
 */
export class RedisRuleCounters implements RuleCounters {
  readonly waits = true;
  private readonly redis: ScriptedRedis;
  private readonly keys: StoreKeys;

  constructor(redis: Redis, keys: StoreKeys) {
    redis.defineCommand('aoaiSimClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT });
    this.redis = redis as ScriptedRedis;
    this.keys = keys;
  }

  async claim(testId: string | undefined, candidates: readonly RuleBudget[], claimed: Claim): Promise<boolean> {
    const budgets = candidates.flatMap(({ name, times }) => [name, times ?? -1]);
    const reply = await this.redis.aoaiSimClaim(this.keys.ruleCounts(testId), TEST_ID_TTL_MS, ...budgets);
    if (!reply) return false;
    claimed.index = Number(reply[0]);
    claimed.count = Number(reply[1]);
    return true;
  }

  async reset(testId?: string): Promise<void> {
    if (testId === undefined) await this.keys.unlinkMatching(this.redis, this.keys.allRuleCounts());
    else await this.redis.unlink(this.keys.ruleCounts(testId));
  }

  /** Counts of rules no longer defined are left to expire: a reload on one replica must not reset the others' rules. */
  retain(): void {}
}
