import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/connectwise/rate-limit.js';
import { testRedis } from './helpers.js';

const redis = testRedis();

beforeAll(async () => {
  await redis.redis.connect();
});
afterAll(async () => {
  await redis.close();
});

function limiter(tenant: string, sleep?: (ms: number) => Promise<void>) {
  return new RateLimiter({ redis: redis.redis, keyPrefix: redis.keyPrefix, tenant, requestsPerSecond: 10, ...(sleep ? { sleep } : {}) });
}

describe('RateLimiter', () => {
  it('shares one bucket per tenant between instances: a fresh bucket grants one second of requests in all', async () => {
    const first = limiter('acme');
    const second = limiter('acme');

    const waits = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).tryAcquire()));

    const denied = waits.filter((wait) => wait > 0);
    expect(waits.filter((wait) => wait === 0)).toHaveLength(10);
    expect(denied).toHaveLength(10);
    // an empty bucket at 10/s refills one token every 100 ms
    expect(Math.min(...denied)).toBeGreaterThan(50);
    expect(Math.max(...denied)).toBeLessThanOrEqual(100);
  });

  it('keeps each tenant in its own bucket', async () => {
    const waits = await Promise.all([...Array.from({ length: 10 }, () => limiter('globex').tryAcquire()), limiter('initech').tryAcquire()]);

    expect(waits.at(-1)).toBe(0);
  });

  it('stores the bucket under <prefix>:ratelimit:<tenant> with an expiry', async () => {
    await limiter('umbrella').tryAcquire();

    const ttl = await redis.redis.pttl(`${redis.keyPrefix}:ratelimit:umbrella`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2000);
  });

  it('acquire sleeps for the wait the bucket names, then takes the token', async () => {
    const slept: number[] = [];
    const emptied = limiter('hooli');
    await Promise.all(Array.from({ length: 10 }, () => emptied.tryAcquire()));
    const waiting = limiter('hooli', async (ms) => {
      slept.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    });

    await waiting.acquire();

    expect(slept.length).toBeGreaterThan(0);
    expect(slept[0]).toBeGreaterThan(0);
    expect(slept[0]).toBeLessThanOrEqual(100);
  });
});
