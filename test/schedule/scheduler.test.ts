import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseBillingConfig } from '../../src/config/load.js';
import { connectRedis, producerRedis } from '../../src/queue/connection.js';
import { BillingQueue } from '../../src/queue/queue.js';
import { enqueueFire, enqueueUntilAccepted, fireJobId, startScheduler } from '../../src/schedule/scheduler.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { deleteKeys, REDIS_URL, testRedis, uniquePrefix } from '../support/redis.js';

const billing = parseBillingConfig(
  `
tenant: acme
timezone: America/Chicago
schedules:
  - name: pre-invoice-validation
    cron: "0 6 15 * *"
    job: validate
    catchUpHours: 48
`,
  'billing.yaml',
  ruleRegistry,
);
const schedule = billing.schedules[0]!;
const logger = pino({ level: 'silent' });

describe('scheduler', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = testRedis();
  });
  beforeEach(async () => {
    prefix = uniquePrefix('scheduler');
  });
  afterAll(async () => {
    await redis.quit();
  });

  async function withQueues<T>(count: number, work: (queues: BillingQueue[]) => Promise<T>): Promise<T> {
    // one producer connection per replica, as separate processes would have
    const connections = await Promise.all(Array.from({ length: count }, () => connectRedis(producerRedis(REDIS_URL), REDIS_URL)));
    const queues = connections.map((connection) => new BillingQueue(connection, prefix));
    try {
      return await work(queues);
    } finally {
      await Promise.all(queues.map((queue) => queue.close()));
      await Promise.all(connections.map((connection) => connection.quit()));
      await deleteKeys(redis, prefix);
    }
  }

  it('enqueues one job when two replicas fire the same schedule at the same time', async () => {
    const fire = new Date('2026-11-15T12:00:00Z');
    await withQueues(2, async (queues) => {
      await Promise.all(queues.map((queue) => enqueueFire({ billing, queue, logger }, schedule, fire)));
      const jobs = await queues[0]!.queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      expect(jobs.map((job) => job.id)).toEqual([fireJobId('acme', schedule, fire)]);
      expect(jobs[0]!.data).toEqual({ runId: jobs[0]!.id, period: '2026-10', mode: 'live', trigger: 'pre-invoice-validation' });
      expect(jobs[0]!.id).not.toContain(':');
    });
  });

  it('catches a missed fire up exactly once, across restarts and replicas', async () => {
    // the worker was down at 06:00 on the 15th and starts at 08:00
    const now = () => new Date('2026-11-15T14:00:00Z');
    await withQueues(2, async (queues) => {
      const first = await Promise.all(queues.map((queue) => startScheduler({ billing, queue, logger, now })));
      const restarted = await startScheduler({ billing, queue: queues[0]!, logger, now });
      await Promise.all([...first, restarted].map((scheduler) => scheduler.stop()));
      const jobs = await queues[0]!.queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.id).toBe(fireJobId('acme', schedule, new Date('2026-11-15T12:00:00Z')));
    });
  });

  it('does not catch up a fire older than the catch-up window', async () => {
    const now = () => new Date('2026-11-18T12:00:01Z');
    await withQueues(1, async ([queue]) => {
      const scheduler = await startScheduler({ billing, queue: queue!, logger, now });
      await scheduler.stop();
      expect(scheduler.caughtUp).toEqual([]);
      expect(await queue!.queue.getJobCounts()).toMatchObject({ waiting: 0 });
    });
  });

  describe('a fire Redis does not take at once', () => {
    const fire = new Date('2026-11-15T11:00:00Z');
    const unreachable = () => Promise.reject(new Error('Redis is not reachable'));

    it('is tried again until Redis takes it, always under the fire’s own job id', async () => {
      const enqueue = vi.fn().mockImplementationOnce(unreachable).mockImplementationOnce(unreachable).mockResolvedValue({});
      const queue = { enqueue } as unknown as BillingQueue;
      await enqueueUntilAccepted({ billing, queue, logger, now: () => fire, retryDelayMs: 5 }, schedule, fire, new AbortController().signal);
      expect(enqueue).toHaveBeenCalledTimes(3);
      const jobIds = enqueue.mock.calls.map((call) => (call[2] as { jobId: string }).jobId);
      expect(new Set(jobIds)).toEqual(new Set([fireJobId('acme', schedule, fire)]));
    });

    it('is given up when the scheduler stops, for the next start to catch up', async () => {
      const enqueue = vi.fn().mockImplementation(unreachable);
      const queue = { enqueue } as unknown as BillingQueue;
      const stopping = new AbortController();
      const attempt = enqueueUntilAccepted({ billing, queue, logger, now: () => fire, retryDelayMs: 60_000 }, schedule, fire, stopping.signal);
      // well into the minute-long wait after the first failure
      await new Promise((resolve) => setTimeout(resolve, 100));
      stopping.abort();
      await attempt;
      expect(enqueue).toHaveBeenCalledTimes(2);
    });
  });
});
