/**
 * The limiter's decision as one Redis script, so that every simulator sharing a quota decides against the same
 * windows in one atomic round trip. It is the in-memory limiter (limits/admission-decision.ts, window-usage.ts,
 * settle-admission.ts) over Redis structures, and redis-limiter-store.test.ts holds the two to the same answers
 * on seeded random traffic.
 *
 * A quota is four keys: a hash (epoch, last time seen, the totals forgotten, the provisioned bucket's level)
 * and three sorted sets over the same members, one per millisecond with admissions (the time, zero-padded so
 * that members sort by time): by time, by the running total of tokens charged, by the running total of
 * admissions. A window's count is then two lookups and a subtraction, and each wait one range query, whatever
 * the traffic: the same exact log as in memory, at O(log n) a request.
 *
 * ARGV: op (decide | counts | settle), now, tokens (the estimate; settle: the actual use), tpm, rpm, burstMs,
 * burstLimit, perMinute (1|0), ptuCapacity, epoch (decide: the one a new state takes; settle: the admission's),
 * settle's estimate. A limit that does not apply is -1.
 */
export const ADMISSION_SCRIPT = String.raw`
local MINUTE = 60000
local NEVER_FITS = 86400000
local H, T, C, N = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local op = ARGV[1]
local now, tokensArg = tonumber(ARGV[2]), tonumber(ARGV[3])
local tpm, rpm = tonumber(ARGV[4]), tonumber(ARGV[5])
local burstMs, burstLimit = tonumber(ARGV[6]), tonumber(ARGV[7])
local perMinute, capacity = ARGV[8] == '1', tonumber(ARGV[9])
local keepsLog = tpm >= 0 or rpm >= 0

local state = redis.call('HMGET', H, 'epoch', 'last', 'ft', 'fc', 'level', 'levelAt')
local epoch = state[1]
if not epoch then
  if op ~= 'decide' then return false end
  redis.call('DEL', T, C, N)
  epoch = ARGV[10]
end
local last = tonumber(state[2] or now)
local ft, fc = tonumber(state[3] or 0), tonumber(state[4] or 0)
local level, levelAt = tonumber(state[5] or 0), tonumber(state[6] or now)
local at = math.max(now, last)

local function drained()
  if capacity < 0 then return level end
  return math.max(0, level - math.max(0, at - levelAt) * capacity)
end

local function keep(ttl)
  redis.call('HSET', H, 'epoch', epoch, 'last', string.format('%.17g', at), 'ft', string.format('%.17g', ft),
    'fc', string.format('%.17g', fc), 'level', string.format('%.17g', level), 'levelAt', string.format('%.17g', levelAt))
  for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ttl) end
end

if op == 'settle' then
  if epoch ~= ARGV[10] or capacity < 0 then return false end
  level = math.max(0, drained() + (tokensArg - tonumber(ARGV[11])) * MINUTE)
  levelAt = at
  keep(600000 + math.ceil(level / capacity))
  return true
end

-- the running totals of the last admission at or before a bound (a score, '(' for exclusive), or those forgotten
local function totalsUpTo(bound)
  local found = redis.call('ZREVRANGEBYSCORE', T, bound, '-inf', 'LIMIT', 0, 1)
  if #found == 0 then return ft, fc end
  return tonumber(redis.call('ZSCORE', C, found[1])), tonumber(redis.call('ZSCORE', N, found[1]))
end

if op == 'decide' then
  -- forget what has left the 60 s window: the three sets sort alike, so the oldest k of each are the same members
  local gone = redis.call('ZCOUNT', T, '-inf', at - MINUTE)
  if gone > 0 then
    ft, fc = totalsUpTo(at - MINUTE)
    redis.call('ZREMRANGEBYRANK', T, 0, gone - 1)
    redis.call('ZREMRANGEBYRANK', C, 0, gone - 1)
    redis.call('ZREMRANGEBYRANK', N, 0, gone - 1)
  end
  level = drained()
  levelAt = at
end

local newest = redis.call('ZRANGE', T, -1, -1, 'WITHSCORES')
local lastTime, lastTokens, lastCalls = nil, ft, fc
if #newest > 0 then
  lastTime = tonumber(newest[2])
  lastTokens, lastCalls = tonumber(redis.call('ZSCORE', C, newest[1])), tonumber(redis.call('ZSCORE', N, newest[1]))
end
local minuteStart = math.floor(at / MINUTE) * MINUTE
local minuteEnd = minuteStart + MINUTE
local beforeTokens, beforeCalls
if perMinute then beforeTokens, beforeCalls = totalsUpTo('(' .. minuteStart) else beforeTokens, beforeCalls = totalsUpTo(at - MINUTE) end
local _, beforeBurst = totalsUpTo(at - burstMs)
local tokens, requests, burstRequests = lastTokens - beforeTokens, lastCalls - beforeCalls, lastCalls - beforeBurst

if op == 'counts' then return { tokens, requests, burstRequests, string.format('%.17g', drained()) } end

local tokensNow = tokensArg
-- the wait until the admission ordinal places after the window's first has left a window of windowMs
local function slideOut(before, ordinal, windowMs)
  local found = redis.call('ZRANGEBYSCORE', N, '(' .. (before + ordinal), '+inf', 'LIMIT', 0, 1)
  local time = at
  if #found > 0 then time = tonumber(found[1]) end
  return time + windowMs - at
end
local limit, wait = nil, 0
local function consider(name, ms) if ms > wait then limit, wait = name, ms end end
if tpm >= 0 and tokensNow > tpm then
  limit, wait = 'token', NEVER_FITS
else
  if tpm >= 0 and tokens + tokensNow - tpm > 0 then
    local excess = tokens + tokensNow - tpm
    if perMinute then
      consider('token', minuteEnd - at)
    else
      local found = redis.call('ZRANGEBYSCORE', C, beforeTokens + excess, '+inf', 'LIMIT', 0, 1)
      if #found == 0 then consider('token', minuteEnd - at) else consider('token', tonumber(found[1]) + MINUTE - at) end
    end
  end
  if capacity >= 0 and level - capacity * MINUTE >= 0 then
    consider('token', math.floor((level - capacity * MINUTE) / capacity) + 1)
  end
  if burstLimit >= 0 and burstRequests >= burstLimit then consider('call', slideOut(beforeBurst, burstRequests - burstLimit, burstMs)) end
  if rpm >= 0 and requests >= rpm then
    if perMinute then consider('call', minuteEnd - at) else consider('call', slideOut(beforeCalls, requests - rpm, MINUTE)) end
  end
end

if not limit then
  if keepsLog then
    local member = string.format('%017.0f', at)
    if lastTime ~= at then redis.call('ZADD', T, at, member) end
    redis.call('ZADD', C, lastTokens + tokensNow, member)
    redis.call('ZADD', N, lastCalls + 1, member)
  end
  if capacity >= 0 then level = level + tokensNow * MINUTE end
  tokens, requests, burstRequests = tokens + tokensNow, requests + 1, burstRequests + 1
end
local drainMs = 0
if capacity > 0 then drainMs = math.ceil(level / capacity) end
keep(600000 + drainMs)
return { limit or '', wait, tokens, requests, burstRequests, string.format('%.17g', level), string.format('%.17g', at), epoch }
`;
