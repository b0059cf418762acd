import nodeCron from 'node-cron';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBillingConfig } from '../../src/config/load.js';
import { connectRedis, producerRedis } from '../../src/queue/connection.js';
import { BillingQueue } from '../../src/queue/queue.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { fireJobId, startScheduler } from '../../src/schedule/scheduler.js';
import { ownRedis, type OwnRedis } from '../support/redis-server.js';

const billing = parseBillingConfig(
  `
tenant: lostfire
timezone: America/New_York
schedules:
  - name: pre-invoice-validation
    cron: "0 6 15 * *"
    job: validate
    catchUpHours: 0
`,
  'billing.yaml',
  ruleRegistry,
);
const logger = pino({ level: 'silent' });

describe('a schedule fire while Redis is down', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
  });
  afterAll(() => redis.stop());

  it('is enqueued once Redis is back, exactly once', { timeout: 60_000 }, async () => {
    const connection = await connectRedis(producerRedis(redis.url), redis.url);
    const queue = new BillingQueue(connection, 'lost-fire');
    const scheduler = await startScheduler({ billing, queue, logger, now: () => new Date(), retryDelayMs: 50 });
    try {
      await redis.stop();
      // node-cron's own task of the schedule, fired now as at its minute
      const task = [...nodeCron.getTasks().values()].find((candidate) => candidate.name === 'lostfire-pre-invoice-validation')!;
      const minute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const before = minute();
      const firing = task.execute();
      const after = minute();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await redis.start();
      await firing;
      const jobIds = async () => (await queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).map((job) => job.id);
      await expect.poll(jobIds, { timeout: 45_000 }).toHaveLength(1);
      const schedule = billing.schedules[0]!;
      expect([fireJobId('lostfire', schedule, before), fireJobId('lostfire', schedule, after)]).toContain((await jobIds())[0]);
    } finally {
      await scheduler.stop();
      await queue.close();
      connection.disconnect();
    }
  });
});
