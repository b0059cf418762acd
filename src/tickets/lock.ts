import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * A lock per exception ticket key, so that two workers never reconcile one key at the same
 * time. It only keeps concurrent work apart: what a ticket already says is read from
 * ConnectWise right before every write, so a lock lost with Redis cannot make a duplicate
 * once the work is retried.
 */

export interface LockOptions {
  /** how long the lock lives without renewal; it is renewed while the work runs */
  ttlMs: number;
  /** how long to wait for a lock another worker holds */
  waitMs: number;
  /** the pause between two tries */
  retryMs: number;
}

// renewed every ttl/3 while held, so a short ttl only bounds how long a crashed worker blocks the key
export const DEFAULT_LOCK_OPTIONS: LockOptions = { ttlMs: 10_000, waitMs: 20_000, retryMs: 100 };

export interface HeldLock {
  /** Renews the lock, or throws when it is no longer ours: call it right before writing. */
  confirm(): Promise<void>;
}

/** Another worker holds the key's lock: the job fails and is retried later. */
export class TicketLockBusyError extends Error {
  override readonly name = 'TicketLockBusyError';
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export async function withTicketLock<T>(
  redis: Redis,
  lockKey: string,
  work: (lock: HeldLock) => Promise<T>,
  options: LockOptions = DEFAULT_LOCK_OPTIONS,
): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + options.waitMs;
  while ((await redis.set(lockKey, token, 'PX', options.ttlMs, 'NX')) !== 'OK') {
    if (Date.now() >= deadline) {
      throw new TicketLockBusyError(`Another worker is still working on ${lockKey}; try again later`);
    }
    await delay(options.retryMs * (0.5 + Math.random()));
  }
  const renew = () => redis.eval(RENEW, 1, lockKey, token, options.ttlMs) as Promise<number>;
  // a renewal that fails is noticed by confirm() before the next write
  const renewal = setInterval(() => void renew().catch(() => undefined), Math.max(1, Math.floor(options.ttlMs / 3)));
  renewal.unref();
  const lock: HeldLock = {
    async confirm() {
      if ((await renew()) !== 1) throw new TicketLockBusyError(`The lock on ${lockKey} expired before the work was done`);
    },
  };
  try {
    return await work(lock);
  } finally {
    clearInterval(renewal);
    // unreleased, the lock expires on its own after ttlMs
    await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
  }
}
