import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep as defaultSleep } from './retry.js';
import type { Sleep } from './retry.js';

/** ConnectWise states its throttle per minute: the budget is spent over a sliding window this long. */
export const WINDOW_MS = 60_000;

/**
 * A sliding window in one sorted set of grant times (KEYS[1]), behind a tenant-wide pause
 * (KEYS[2], the time it ends). Redis TIME is the clock, so every worker process shares it.
 * ARGV: the budget, the window in ms, a member unique to this request.
 * Returns 0 when the request was granted, else how many ms to wait before asking again.
 */
const TAKE_FROM_WINDOW = `
local budget = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local pausedUntil = tonumber(redis.call('GET', KEYS[2]))
if pausedUntil and pausedUntil > now then
  return pausedUntil - now
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < budget then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** Pauses the tenant for ARGV[1] ms from Redis TIME, unless a pause already set lasts longer. */
const PAUSE = `
local ms = tonumber(ARGV[1])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local current = tonumber(redis.call('GET', KEYS[1]))
if current == nil or current < now + ms then
  redis.call('SET', KEYS[1], now + ms, 'PX', ms)
end
return 0
`;

export interface RateLimiterOptions {
  redis: Redis;
  keyPrefix: string;
  tenant: string;
  requestsPerMinute: number;
  /** the window the budget is spent over; ConnectWise's is a minute */
  windowMs?: number;
  sleep?: Sleep;
}

/**
 * One request budget per tenant, shared by every worker through Redis: at most
 * `requestsPerMinute` requests in any window, granted at once while the window has room.
 * A 429 pauses every worker of the tenant until its Retry-After has passed.
 */
export class RateLimiter {
  private readonly windowKey: string;
  private readonly pauseKey: string;
  private readonly redis: Redis;
  private readonly budget: number;
  private readonly windowMs: number;
  private readonly sleep: Sleep;

  constructor(options: RateLimiterOptions) {
    if (!Number.isInteger(options.requestsPerMinute) || options.requestsPerMinute < 1) {
      throw new RangeError('requestsPerMinute must be a whole number of at least 1');
    }
    this.redis = options.redis;
    this.windowKey = `${options.keyPrefix}:ratelimit:${options.tenant}:window`;
    this.pauseKey = `${options.keyPrefix}:ratelimit:${options.tenant}:pause`;
    this.budget = options.requestsPerMinute;
    this.windowMs = options.windowMs ?? WINDOW_MS;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Takes a place in the window if there is one: 0 when granted, else the wait in ms before asking again. */
  async tryAcquire(): Promise<number> {
    const wait = await this.redis.eval(TAKE_FROM_WINDOW, 2, this.windowKey, this.pauseKey, this.budget, this.windowMs, randomUUID());
    return Number(wait);
  }

  /** Waits until the request is granted. */
  async acquire(): Promise<void> {
    for (let wait = await this.tryAcquire(); wait > 0; wait = await this.tryAcquire()) {
      await this.sleep(wait);
    }
  }

  /** Holds back every worker of the tenant for `ms` (a 429's Retry-After); a longer pause already set stands. */
  async pause(ms: number): Promise<void> {
    const whole = Math.ceil(ms);
    if (whole > 0) await this.redis.eval(PAUSE, 1, this.pauseKey, whole);
  }
}
