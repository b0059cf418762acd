import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import { scrubSecrets } from '../config/env.js';
import type { Logger } from '../log.js';
import { registry } from '../metrics.js';
import type { RunSummary } from '../report/store.js';
import { mountDashboard, type StoredRuns } from './dashboard.js';
import { withinMs } from '../time-limit.js';
import { lastRunExposition, mergeExpositions } from './exposition.js';
import type { Readiness } from './readiness.js';

export interface HttpOptions {
  readiness: Readiness;
  /** every queue of the product, for the dashboard and the queue metrics */
  queues: readonly Queue[];
  runs: StoredRuns & {
    /** the latest stored run, any period */
    latest(): Promise<RunSummary | null>;
  };
  /** unset: no dashboard and no /runs */
  dashboardPassword: string | undefined;
  logger: Logger;
  /** what must never appear in a response or a log line */
  secrets: readonly string[];
}

/** A scrape reads Redis for the queue and last-run figures: never for longer than this. */
const REDIS_PART_TIMEOUT_MS = 2000;

/** The worker's HTTP face: health, readiness, metrics, and the dashboard when a password is set. */
export function buildHttpApp(options: HttpOptions): Hono {
  const { readiness, queues, runs, logger, secrets } = options;
  // not strict: /dashboard/ is the dashboard as much as /dashboard
  const app = new Hono({ strict: false });

  app.get('/healthz', (context) => context.json({ alive: true }));
  app.get('/readyz', async (context) => {
    const state = await readiness.check();
    return context.json(state, state.ready ? 200 : 503);
  });
  app.get('/metrics', async (context) => {
    const fromRedis = (what: string, read: () => Promise<string>) =>
      withinMs(read(), REDIS_PART_TIMEOUT_MS, what).catch((error: unknown) => {
        logger.warn({ error: scrubSecrets(String(error), secrets), metrics: what }, 'metrics left out of this scrape: Redis did not answer');
        return '';
      });
    const parts = await Promise.all([
      registry.metrics(),
      fromRedis('last run', async () => lastRunExposition(await runs.latest())),
      ...queues.map((queue) => fromRedis(`queue ${queue.name}`, () => queue.exportPrometheusMetrics())),
    ]);
    return context.body(mergeExpositions(parts), 200, { 'Content-Type': registry.contentType });
  });

  if (options.dashboardPassword !== undefined) mountDashboard(app, { password: options.dashboardPassword, queues, runs });

  app.notFound((context) => context.json({ error: 'not found' }, 404));
  app.onError((error, context) => {
    logger.error({ error: scrubSecrets(error.message, secrets), path: context.req.path }, 'HTTP request failed');
    return context.json({ error: 'internal error' }, 500);
  });
  return app;
}
