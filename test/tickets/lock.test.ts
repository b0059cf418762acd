import { afterAll, describe, expect, it } from 'vitest';
import { TicketLockBusyError, withTicketLock } from '../../src/tickets/lock.js';
import { testRedis } from '../connectwise/helpers.js';

const context = testRedis();
afterAll(() => context.close());

const SHORT_WAIT = { ttlMs: 10_000, waitMs: 50, retryMs: 10 };
const LONG_WAIT = { ttlMs: 10_000, waitMs: 10_000, retryMs: 10 };

function lockKey(name: string): string {
  return `${context.keyPrefix}:ticket-lock:${name}`;
}

/** A piece of work that runs until `finish` is called. */
function heldWork() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  return {
    finish,
    running,
    work: async () => {
      started();
      await done;
    },
  };
}

describe('withTicketLock', () => {
  it('lets one worker at a time work on a key and frees the key when the work ends', async () => {
    const key = lockKey('one-at-a-time');
    const first = heldWork();
    const holding = withTicketLock(context.redis, key, first.work, SHORT_WAIT);
    await first.running;
    await expect(withTicketLock(context.redis, key, async () => 'second', SHORT_WAIT)).rejects.toBeInstanceOf(TicketLockBusyError);
    first.finish();
    await holding;
    expect(await context.redis.exists(key)).toBe(0);
    expect(await withTicketLock(context.redis, key, async () => 'third', SHORT_WAIT)).toBe('third');
  });

  it('runs a waiting worker once the holder is done, never both at once', async () => {
    const key = lockKey('waiting');
    const events: string[] = [];
    const first = heldWork();
    const holding = withTicketLock(
      context.redis,
      key,
      async () => {
        events.push('first starts');
        await first.work();
        events.push('first ends');
      },
      LONG_WAIT,
    );
    await first.running;
    const waiting = withTicketLock(context.redis, key, async () => void events.push('second runs'), LONG_WAIT);
    first.finish();
    await Promise.all([holding, waiting]);
    expect(events).toEqual(['first starts', 'first ends', 'second runs']);
  });

  it('refuses to write under a lock another worker took over, and leaves that worker’s lock alone', async () => {
    const key = lockKey('taken-over');
    const outcome = withTicketLock(
      context.redis,
      key,
      async (lock) => {
        await context.redis.set(key, 'another-worker');
        await lock.confirm();
      },
      SHORT_WAIT,
    );
    await expect(outcome).rejects.toBeInstanceOf(TicketLockBusyError);
    expect(await context.redis.get(key)).toBe('another-worker');
  });
});
