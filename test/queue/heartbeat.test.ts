import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { hasLiveWorker, startHeartbeat, type Heartbeat } from '../../src/queue/heartbeat.js';
import { deleteKeys, testRedis, uniquePrefix } from '../support/redis.js';

describe('live workers of a prefix, from their heartbeats on real Redis', () => {
  const redis = testRedis();
  const prefix = uniquePrefix('heartbeat');
  const elsewhere = uniquePrefix('heartbeat-elsewhere');
  const beating: Heartbeat[] = [];
  afterEach(async () => {
    await Promise.all(beating.splice(0).map((heartbeat) => heartbeat.stop()));
    await deleteKeys(redis, prefix);
    await deleteKeys(redis, elsewhere);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('counts a worker live while it beats, and no longer once it stops', async () => {
    expect(await hasLiveWorker(redis, prefix)).toBe(false);
    const first = await startHeartbeat(redis, prefix);
    const second = await startHeartbeat(redis, prefix);
    expect(await hasLiveWorker(redis, prefix)).toBe(true);
    await first.stop();
    expect(await hasLiveWorker(redis, prefix)).toBe(true);
    await second.stop();
    expect(await hasLiveWorker(redis, prefix)).toBe(false);
  });

  it('counts a worker killed without a word as live until its heartbeat lapses', async () => {
    // beats once, and its next beat would come long after the test
    beating.push(await startHeartbeat(redis, prefix, 60_000, 1000));
    expect(await hasLiveWorker(redis, prefix)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await hasLiveWorker(redis, prefix)).toBe(false);
  });

  it('keeps a renewed heartbeat live past its first lapse', async () => {
    // renewed every 100 ms, it would lapse 1 s after its first beat
    beating.push(await startHeartbeat(redis, prefix, 100, 1000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await hasLiveWorker(redis, prefix)).toBe(true);
  });

  it('tells the workers of one prefix from another’s', async () => {
    beating.push(await startHeartbeat(redis, elsewhere));
    expect(await hasLiveWorker(redis, prefix)).toBe(false);
    expect(await hasLiveWorker(redis, elsewhere)).toBe(true);
  });

  it('answers with one command however many keys the database holds', async () => {
    const filling = redis.pipeline();
    for (let index = 0; index < 2000; index += 1) filling.set(`${prefix}:filler:${index}`, '1');
    await filling.exec();
    const sent = vi.spyOn(redis, 'sendCommand');
    try {
      expect(await hasLiveWorker(redis, prefix)).toBe(false);
      expect(sent).toHaveBeenCalledTimes(1);
    } finally {
      sent.mockRestore();
    }
  });
});
