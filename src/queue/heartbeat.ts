import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Every process running workers says so in its own prefix and Redis database, with a heartbeat
 * that lapses unless renewed: a command tells from it whether a live worker will pick its job up.
 * BullMQ's worker count reads CLIENT LIST, which spans every database of the server (and which
 * managed Redis services may refuse), so it can count a worker that listens elsewhere.
 *
 * The heartbeats of a prefix are the members of one sorted set, each scored with the time it
 * lapses, so one command answers whether any is live. Both sides read the time from Redis, so
 * the processes' clocks need not agree.
 */

/** A worker killed without a word still counts as live this long. */
export const HEARTBEAT_TTL_MS = 15_000;
const BEAT_EVERY_MS = 5_000;

const heartbeatsKey = (prefix: string) => `${prefix}:worker-heartbeats`;

// the set itself lapses with its last heartbeat, so a prefix nobody runs leaves nothing behind
const BEAT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
`;

const LIVE_COUNT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
`;

export interface Heartbeat {
  stop(): Promise<void>;
}

export async function startHeartbeat(redis: Redis, prefix: string, everyMs = BEAT_EVERY_MS, ttlMs = HEARTBEAT_TTL_MS): Promise<Heartbeat> {
  const key = heartbeatsKey(prefix);
  const id = randomUUID();
  const beat = () => redis.eval(BEAT, 1, key, id, String(ttlMs));
  await beat();
  const timer = setInterval(() => {
    beat().catch(() => undefined); // Redis down: the heartbeat lapses, and readiness says so
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis.zrem(key, id).catch(() => undefined);
    },
  };
}

/** Whether some process runs workers for this prefix on this Redis database right now. */
export async function hasLiveWorker(redis: Redis, prefix: string): Promise<boolean> {
  return Number(await redis.eval(LIVE_COUNT, 1, heartbeatsKey(prefix))) > 0;
}
