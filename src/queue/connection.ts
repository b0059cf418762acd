import { Redis } from 'ioredis';

/** Workers block on Redis: they must never give up on a command (BullMQ requires it). */
export function workerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Producers and CLI commands fail fast when Redis is down instead of queueing commands. */
export function producerRedis(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
}

/** The connection, once Redis answers; else it is dropped and a RedisUnavailableError says how to fix it. */
export async function connectRedis(redis: Redis, url: string): Promise<Redis> {
  redis.on('error', () => undefined); // reported once by ensureRedisReachable, then by the command or BullMQ that needed Redis
  try {
    await ensureRedisReachable(redis, url);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

const REFUSED_CREDENTIALS = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

/** Resolves when Redis answers PING, or rejects with one sentence saying how to fix it. */
async function ensureRedisReachable(redis: Redis, url: string, timeoutMs = 3000): Promise<void> {
  const safeUrl = url.replace(/\/\/[^@/]*@/, '//');
  const errors: Error[] = [];
  const remember = (error: Error) => errors.push(error);
  redis.on('error', remember);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('timed out')), timeoutMs).unref(),
  );
  try {
    if (redis.status === 'wait') await Promise.race([redis.connect(), timeout]);
    await Promise.race([redis.ping(), timeout]);
  } catch (error) {
    if ([error, ...errors].some((cause) => REFUSED_CREDENTIALS.test((cause as Error).message))) {
      throw new RedisUnavailableError(
        `Redis at ${safeUrl} refused the credentials: authentication failed. Check the user and password in REDIS_URL (redis://user:password@host:port).`,
      );
    }
    throw new RedisUnavailableError(
      `Redis is not reachable at ${safeUrl}: start it (redis-server --daemonize yes) or point REDIS_URL at a running Redis.`,
    );
  } finally {
    redis.off('error', remember);
  }
}

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/** BullMQ job ids may not contain ':' nor be all digits. */
export function jobIdOf(...parts: (string | number)[]): string {
  return parts
    .map((part) => String(part).replace(/[^A-Za-z0-9_.-]+/g, '_'))
    .join('-');
}

/** Removes every key under a prefix (the demo starts from a clean slate). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
