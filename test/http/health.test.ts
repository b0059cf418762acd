import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, producerRedis } from '../../src/queue/connection.js';
import { BillingQueue } from '../../src/queue/queue.js';
import { REDIS_URL } from '../support/redis.js';
import { ownRedis, type OwnRedis } from '../support/redis-server.js';
import { SANDBOX_PERIOD, sandboxWorld, type SandboxWorld } from '../support/sandbox.js';
import { configWithoutCatchUp, startedWorker, type StartedWorker } from './worker.js';

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; reason?: string } };
};

describe('health and readiness of billing-guard start', () => {
  let world: SandboxWorld | undefined;
  let worker: StartedWorker | undefined;
  let redis: OwnRedis | undefined;
  afterEach(async () => {
    await redis?.start();
    await worker?.stop();
    await world?.close();
    await redis?.stop();
    world = worker = redis = undefined;
  });

  it('is alive and ready while Redis answers, and not ready, saying why, while Redis is down', async () => {
    redis = await ownRedis();
    await redis.start();
    world = await sandboxWorld('http-ready', { config: configWithoutCatchUp(), env: { REDIS_URL: redis.url } });
    worker = await startedWorker(world);

    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    expect(await readyz(worker.url)).toEqual({ status: 200, body: { ready: true } });

    await redis.stop();
    const down = await readyz(worker.url);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ ready: false, reason: expect.stringMatching(/Redis did not answer/) });
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${worker.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE billing_guard_runs_total counter');

    await redis.start();
    await expect.poll(async () => (await readyz(worker!.url)).status, { timeout: 15_000 }).toBe(200);
  });

  it('refuses to start, saying which setting to change, when its port is taken', async () => {
    world = await sandboxWorld('http-port-taken', { config: configWithoutCatchUp() });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      await expect(startedWorker(world, { HTTP_PORT: String(port) })).rejects.toThrow(
        `cannot serve HTTP on 127.0.0.1:${port}: the port is in use; set HTTP_HOST and HTTP_PORT`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('turns not ready at the stop signal, before its running jobs finish, and stops serving once they have', async () => {
    // every ConnectWise answer takes a while: the run is still pulling when the signal comes
    world = await sandboxWorld('http-stop', { config: configWithoutCatchUp(), faults: { latencyMs: 250 } });
    worker = await startedWorker(world, { SHUTDOWN_GRACE_SECONDS: '120' });
    const { url } = worker;
    const producer = await connectRedis(producerRedis(REDIS_URL), REDIS_URL);
    const queue = new BillingQueue(producer, world.prefix);
    try {
      const job = await queue.enqueue('validate', { runId: 'run-during-stop', period: SANDBOX_PERIOD, mode: 'dry-run', trigger: 'cli' }, { jobId: 'run-during-stop', retry: false });
      await expect.poll(() => job.getState(), { timeout: 30_000 }).toBe('active');
      expect(await readyz(url)).toEqual({ status: 200, body: { ready: true } });

      worker.signalStop();
      const stopping = await readyz(url);
      expect(stopping.status).toBe(503);
      expect(stopping.body).toEqual({ ready: false, reason: expect.stringMatching(/^stopping/) });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await job.getState()).toBe('active');

      await worker.stopped;
      worker = undefined;
      expect(await job.getState()).toBe('completed');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await queue.close();
      producer.disconnect();
    }
  }, 180_000);
});
