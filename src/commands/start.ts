import { BillingQueue } from '../queue/queue.js';
import { closeWorkers, createWorkers } from '../queue/worker.js';
import { startScheduler } from '../schedule/scheduler.js';
import type { Services } from '../services.js';

const SHUTDOWN_GRACE_MS = 25_000;

/**
 * The long-running worker: BullMQ workers plus the scheduler. SIGTERM/SIGINT stop the fires,
 * let running jobs finish within a bound, close connections and resolve.
 */
export async function startWorker(services: Services, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<void> {
  const { logger } = services;
  // listening first: a signal during start-up still shuts down in order
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of signals) process.once(signal, () => resolve(signal));
  });
  const prefix = services.config.env.QUEUE_PREFIX;
  const queue = new BillingQueue(services.redis, prefix);
  const workers = createWorkers(services, { connection: services.redis });
  for (const worker of workers) worker.on('error', (error) => logger.error({ error: error.message }, 'worker error'));
  const scheduler = await startScheduler({ billing: services.config.billing, queue, logger, now: services.now });
  logger.info(
    { tenant: services.config.billing.tenant, schedules: services.config.billing.schedules.map((schedule) => schedule.name) },
    'billing-guard worker started',
  );

  const signal = await stopRequested;
  logger.info({ signal }, 'shutting down: no new fires, finishing running jobs');

  await scheduler.stop();
  const outcome = await closeWorkers(workers, SHUTDOWN_GRACE_MS);
  if (outcome === 'forced') logger.warn('running jobs did not finish in time: they will be retried by the next worker');
  await queue.close();
  await services.redis.quit();
  logger.info('stopped');
}
