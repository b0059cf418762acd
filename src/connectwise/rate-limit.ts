import type { Redis } from 'ioredis';
import { sleep as defaultSleep } from './retry.js';
import type { Sleep } from './retry.js';

/**
 * A token bucket in one Redis hash, refilled at ARGV[1] tokens per second up to ARGV[2].
 * Redis TIME is the clock, so every worker process shares it. Returns 0 when a token was
 * taken, else how many milliseconds until one will be available.
 */
const TAKE_TOKEN = `
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return wait
`;

export interface RateLimiterOptions {
  redis: Redis;
  keyPrefix: string;
  tenant: string;
  requestsPerSecond: number;
  sleep?: Sleep;
}

/** One token bucket per tenant, shared by every worker through Redis; the burst is one second's worth. */
export class RateLimiter {
  private readonly key: string;
  private readonly redis: Redis;
  private readonly requestsPerSecond: number;
  private readonly sleep: Sleep;

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be greater than 0');
    this.redis = options.redis;
    this.key = `${options.keyPrefix}:ratelimit:${options.tenant}`;
    this.requestsPerSecond = options.requestsPerSecond;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Takes a token if one is available: 0 when granted, else the wait in ms before one will be. */
  async tryAcquire(): Promise<number> {
    const rate = this.requestsPerSecond;
    const wait = await this.redis.eval(TAKE_TOKEN, 1, this.key, rate, Math.max(1, rate));
    return Number(wait);
  }

  /** Waits until a token is granted. */
  async acquire(): Promise<void> {
    for (let wait = await this.tryAcquire(); wait > 0; wait = await this.tryAcquire()) {
      await this.sleep(wait);
    }
  }
}
