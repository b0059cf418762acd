import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, WINDOW_MS } from '../../src/connectwise/rate-limit.js';
import type { RateLimiterOptions } from '../../src/connectwise/rate-limit.js';
import { testRedis } from './helpers.js';

const redis = testRedis();

beforeAll(async () => {
  await redis.redis.connect();
});
afterAll(async () => {
  await redis.close();
});

function limiter(tenant: string, options: Partial<RateLimiterOptions> = {}) {
  return new RateLimiter({ redis: redis.redis, keyPrefix: redis.keyPrefix, tenant, requestsPerMinute: 10, ...options });
}

/** A sleep that remembers every wait it was asked for, then really waits. */
function recordingSleep() {
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    await new Promise((resolve) => setTimeout(resolve, ms));
  };
  return { slept, sleep };
}

/** A sleep a request within the budget must never reach. */
const noSleep = (ms: number) => Promise.reject(new Error(`asked to wait ${ms} ms`));

async function redisNow(): Promise<number> {
  const [seconds, micros] = await redis.redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

const windowKey = (tenant: string) => `${redis.keyPrefix}:ratelimit:${tenant}:window`;

describe('RateLimiter', () => {
  it('spends the budget over a minute unless told otherwise', async () => {
    await limiter('wayne').tryAcquire();

    const ttl = await redis.redis.pttl(windowKey('wayne'));
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('shares one budget per tenant between instances', async () => {
    const first = limiter('acme');
    const second = limiter('acme');

    const waits = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).tryAcquire()));

    expect(waits.filter((wait) => wait === 0)).toHaveLength(10);
    for (const wait of waits.filter((wait) => wait > 0)) expect(wait).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('keeps each tenant in its own budget', async () => {
    const waits = await Promise.all([...Array.from({ length: 10 }, () => limiter('globex').tryAcquire()), limiter('initech').tryAcquire()]);

    expect(waits.at(-1)).toBe(0);
  });

  it('lets a burst up to the budget through at once', async () => {
    const first = limiter('stark', { requestsPerMinute: 50, sleep: noSleep });
    const second = limiter('stark', { requestsPerMinute: 50, sleep: noSleep });

    await Promise.all(Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? first : second).acquire()));

    expect(await redis.redis.zcard(windowKey('stark'))).toBe(50);
  });

  it('makes the request over the budget wait until the oldest leaves the window', async () => {
    const windowMs = 1500;
    const { slept, sleep } = recordingSleep();
    const budget = limiter('hooli', { requestsPerMinute: 3, windowMs, sleep });
    await Promise.all([budget.acquire(), budget.acquire(), budget.acquire()]);
    const [, oldest] = await redis.redis.zrange(windowKey('hooli'), 0, 0, 'WITHSCORES');
    const before = await redisNow();

    const wait = await budget.tryAcquire();

    const after = await redisNow();
    expect(wait).toBeGreaterThanOrEqual(Number(oldest) + windowMs - after);
    expect(wait).toBeLessThanOrEqual(Number(oldest) + windowMs - before);

    await budget.acquire();

    expect(slept.length).toBeGreaterThan(0);
    const granted = await redis.redis.zrange(windowKey('hooli'), 0, -1, 'WITHSCORES');
    const times = granted.filter((_, index) => index % 2 === 1).map(Number);
    expect(times.length).toBeLessThanOrEqual(3);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(Number(oldest) + windowMs);
  });

  it("pauses every instance of the tenant for a 429's Retry-After, then resumes", async () => {
    const { slept, sleep } = recordingSleep();
    const throttled = limiter('umbrella');
    const other = limiter('umbrella', { sleep });

    await throttled.pause(300);

    const [ownWait, otherWait] = await Promise.all([throttled.tryAcquire(), other.tryAcquire()]);
    for (const wait of [ownWait, otherWait]) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(300);
    }
    expect(await redis.redis.zcard(windowKey('umbrella'))).toBe(0);

    await other.acquire();

    expect(slept.length).toBeGreaterThan(0);
    expect(await redis.redis.zcard(windowKey('umbrella'))).toBe(1);
    expect(await limiter('umbrella').tryAcquire()).toBe(0);
  });

  it('keeps the longer of two pauses', async () => {
    const budget = limiter('cyberdyne');

    await budget.pause(30_000);
    await budget.pause(100);

    expect(await budget.tryAcquire()).toBeGreaterThan(100);
  });

  it('refuses a budget that is not a whole number of requests', () => {
    expect(() => limiter('tyrell', { requestsPerMinute: 0 })).toThrow(RangeError);
    expect(() => limiter('tyrell', { requestsPerMinute: 2.5 })).toThrow(RangeError);
  });
});
