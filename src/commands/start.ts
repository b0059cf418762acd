import { processors } from '../../jobs/index.js';
import { connectRedis, producerRedis } from '../queue/connection.js';
import { BillingQueue } from '../queue/queue.js';
import { createWorkers } from '../queue/worker.js';
import { startScheduler } from '../schedule/scheduler.js';
import type { Services } from '../services.js';

const SHUTDOWN_GRACE_MS = 25_000;

/**
 * The long-running worker: BullMQ workers plus the scheduler. SIGTERM/SIGINT stop the fires,
 * let running jobs finish within a bound, close connections and resolve. The scheduler
 * enqueues through a producer connection: a fire while Redis is down fails at once and is
 * logged, instead of queueing in memory.
 */
export async function startWorker(services: Services, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<void> {
  const { logger } = services;
  // listening first: a signal during start-up still shuts down in order
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of signals) process.once(signal, () => resolve(signal));
  });
  const { REDIS_URL, QUEUE_PREFIX } = services.config.env;
  const producer = await connectRedis(producerRedis(REDIS_URL), REDIS_URL);
  const queue = new BillingQueue(producer, QUEUE_PREFIX);
  const running = await createWorkers(services, processors, { connection: services.redis });
  for (const worker of running.workers) worker.on('error', (error) => logger.error({ error: error.message }, 'worker error'));
  const scheduler = await startScheduler({ billing: services.config.billing, queue, logger, now: services.now });
  logger.info(
    { tenant: services.config.billing.tenant, schedules: services.config.billing.schedules.map((schedule) => schedule.name) },
    'billing-guard worker started',
  );

  const signal = await stopRequested;
  logger.info({ signal }, 'shutting down: no new fires, finishing running jobs');

  await scheduler.stop();
  const outcome = await running.close(SHUTDOWN_GRACE_MS);
  if (outcome === 'forced') logger.warn('running jobs did not finish in time: they will be retried by the next worker');
  await queue.close();
  await producer.quit().catch(() => producer.disconnect());
  await services.redis.quit();
  logger.info('stopped');
}
