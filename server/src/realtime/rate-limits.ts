/** One entry of `rate_limits.updated`. */
export interface RealtimeRateLimit {
  name: 'requests' | 'tokens';
  limit: number;
  remaining: number;
  reset_seconds: number;
}

/**
 * The `rate_limits` a session is told after each response, from the rate-limit headers the response's turn set
 * as an HTTP answer would carry them (x-ratelimit-limit-requests, x-ratelimit-remaining-tokens…). The windows
 * are the limiter's: a minute's quota refilled over the minute, so what is spent now is back within 60 s.
 */
export function rateLimits(headers: Readonly<Record<string, unknown>>): RealtimeRateLimit[] {
  const limits: RealtimeRateLimit[] = [];
  for (const name of ['requests', 'tokens'] as const) {
    const limit = Number(headers[`x-ratelimit-limit-${name}`]);
    const remaining = Number(headers[`x-ratelimit-remaining-${name}`]);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining)) continue;
    const reset = Number(headers[`x-ratelimit-reset-${name}`]);
    limits.push({ name, limit, remaining, reset_seconds: Number.isFinite(reset) ? reset : remaining < limit ? 60 : 0 });
  }
  return limits;
}
