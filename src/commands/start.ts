import { processors } from '../../jobs/index.js';
import { secretsOf } from '../config/env.js';
import { buildHttpApp } from '../http/app.js';
import { readinessOf } from '../http/readiness.js';
import { listen, type HttpServer } from '../http/server.js';
import { storedRunsOf } from '../http/stored-runs.js';
import { collectProcessMetrics, countRunOutcomes } from '../metrics.js';
import { connectRedis, producerRedis } from '../queue/connection.js';
import { BillingQueue } from '../queue/queue.js';
import { createWorkers } from '../queue/worker.js';
import { startScheduler } from '../schedule/scheduler.js';
import type { Services } from '../services.js';
import { logConfiguration } from './config.js';

/** Open HTTP requests (a scrape, a dashboard page) get at most this long once the workers are done. */
const HTTP_CLOSE_MS = 2000;

/**
 * The long-running worker: BullMQ workers, the scheduler and the HTTP server. SIGTERM/SIGINT
 * turn readiness off at once, stop the fires, let running jobs finish within
 * SHUTDOWN_GRACE_SECONDS, close the HTTP server and the connections, and resolve. The
 * scheduler, readiness and the HTTP pages use a producer connection: while Redis is down they
 * fail at once instead of queueing commands in memory.
 */
export async function startWorker(services: Services, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<void> {
  const { logger } = services;
  const { env, billing } = services.config;
  // listening first: a signal during start-up still shuts down in order
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    for (const signal of signals) process.once(signal, () => resolve(signal));
  });
  const producer = await connectRedis(producerRedis(env.REDIS_URL), env.REDIS_URL);
  const queue = new BillingQueue(producer, env.QUEUE_PREFIX);
  // Redis down is what /readyz reports; unheard, BullMQ would print each error to the console
  for (const each of queue.all) each.on('error', () => undefined);
  const running = await createWorkers(services, processors, { connection: services.redis });
  for (const worker of running.workers) {
    worker.on('error', (error) => logger.error({ error: error.message }, 'worker error'));
    countRunOutcomes(worker);
  }
  const scheduler = await startScheduler({ billing, queue, logger, now: services.now });
  logger.info({ tenant: billing.tenant, schedules: billing.schedules.map((schedule) => schedule.name) }, 'billing-guard worker started');
  logConfiguration(services.config, logger, services.now());

  const readiness = readinessOf({ redis: producer, workersRunning: () => running.workers.every((worker) => worker.isRunning()) });
  let http: HttpServer | null = null;
  try {
    collectProcessMetrics();
    const app = buildHttpApp({
      readiness,
      queues: queue.all,
      runs: storedRunsOf(producer, env.QUEUE_PREFIX),
      dashboardPassword: env.DASHBOARD_PASSWORD,
      logger,
      secrets: secretsOf(env),
    });
    http = await listen(app, env.HTTP_HOST, env.HTTP_PORT);
    logger.info({ host: http.host, port: http.port, dashboard: env.DASHBOARD_PASSWORD !== undefined }, 'http server listening');
    const signal = await stopRequested;
    readiness.stop();
    logger.info({ signal }, 'shutting down: no new fires, finishing running jobs');
  } finally {
    await scheduler.stop();
    // the HTTP server's close comes out of the same grace period: the whole stop fits in it
    const graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000;
    const httpCloseMs = Math.min(HTTP_CLOSE_MS, graceMs / 4);
    const outcome = await running.close(graceMs - httpCloseMs);
    if (outcome === 'forced') logger.warn('running jobs did not finish in time: they will be retried by the next worker');
    await http?.close(httpCloseMs);
    await queue.close();
    await producer.quit().catch(() => producer.disconnect());
    await services.redis.quit();
  }
  logger.info('stopped');
}
