import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Every process running workers says so in its own prefix and Redis database, with a key that
 * expires unless renewed: a command tells from it whether a live worker will pick its job up.
 * BullMQ's worker count reads CLIENT LIST, which spans every database of the server (and which
 * managed Redis services may refuse), so it can count a worker that listens elsewhere.
 */

/** A worker killed without a word still counts as live this long. */
export const HEARTBEAT_TTL_MS = 15_000;
const BEAT_EVERY_MS = 5_000;

const heartbeatPattern = (prefix: string) => `${prefix}:worker-heartbeat:*`;

export interface Heartbeat {
  stop(): Promise<void>;
}

export async function startHeartbeat(redis: Redis, prefix: string, everyMs = BEAT_EVERY_MS, ttlMs = HEARTBEAT_TTL_MS): Promise<Heartbeat> {
  const key = `${prefix}:worker-heartbeat:${randomUUID()}`;
  const beat = () => redis.set(key, String(Date.now()), 'PX', ttlMs);
  await beat();
  const timer = setInterval(() => {
    beat().catch(() => undefined); // Redis down: the key expires, and readiness says so
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await redis.del(key).catch(() => undefined);
    },
  };
}

/** Whether some process runs workers for this prefix on this Redis database right now. */
export async function hasLiveWorker(redis: Redis, prefix: string): Promise<boolean> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', heartbeatPattern(prefix), 'COUNT', 100);
    if (keys.length > 0) return true;
    cursor = next;
  } while (cursor !== '0');
  return false;
}
