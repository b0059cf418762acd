import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectRedis, producerRedis, RedisUnavailableError } from '../../src/queue/connection.js';
import { BillingQueue } from '../../src/queue/queue.js';
import { REDIS_URL, uniquePrefix } from '../support/redis.js';

/** Nothing listens on port 1. */
const DOWN = 'redis://127.0.0.1:1';

/** A TCP relay to the test Redis that can be cut, as when Redis goes down under a connected process. */
async function redisRelay(): Promise<{ url: string; cut(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

const validateRun = { runId: 'run-1', period: '2026-10', mode: 'dry-run', trigger: 'cli' } as const;

describe('producers fail fast when Redis is down', () => {
  it('connecting a producer rejects with a sentence saying how to fix it', async () => {
    const refused = connectRedis(producerRedis(DOWN), DOWN);
    await expect(refused).rejects.toThrow(RedisUnavailableError);
    await expect(refused).rejects.toThrow(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });

  it('enqueueing through a producer connection rejects at once when Redis goes down, instead of waiting for it', async () => {
    const relay = await redisRelay();
    const redis = await connectRedis(producerRedis(relay.url), relay.url);
    const queue = new BillingQueue(redis, uniquePrefix('producer'));
    try {
      await queue.queue.waitUntilReady();
      await relay.cut();
      const started = Date.now();
      await expect(queue.enqueue('validate', validateRun, { jobId: validateRun.runId, retry: false })).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      redis.disconnect();
      await queue.close().catch(() => undefined);
    }
  });
});
