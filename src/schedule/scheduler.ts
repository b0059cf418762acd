import nodeCron, { type ScheduledTask } from 'node-cron';
import { periodBefore, zonedDate } from '../calendar.js';
import type { BillingConfig, Schedule } from '../config/billing.js';
import type { Logger } from '../log.js';
import { scheduleCatchUpsTotal, scheduleFiresTotal } from '../metrics.js';
import { jobIdOf } from '../queue/connection.js';
import type { BillingQueue } from '../queue/queue.js';
import { fireStamp, lastFireBetween } from './fires.js';

export interface SchedulerOptions {
  billing: BillingConfig;
  queue: BillingQueue;
  logger: Logger;
  now: () => Date;
  /** the first wait before a fire whose enqueue failed is tried again; each next wait doubles, up to a minute */
  retryDelayMs?: number;
}

export interface RunningScheduler {
  /** fires caught up at start, by schedule name */
  caughtUp: { schedule: string; fire: Date }[];
  stop(): Promise<void>;
}

const HOUR_MS = 3600_000;
const MAX_RETRY_DELAY_MS = 60_000;

/** The job a fire enqueues has an id made of (tenant, schedule, fire time): replicas enqueue it once. */
export function fireJobId(tenant: string, schedule: Schedule, fire: Date): string {
  return jobIdOf('fire', tenant, schedule.name, fireStamp(fire));
}

export async function enqueueFire(
  { billing, queue, logger }: Pick<SchedulerOptions, 'billing' | 'queue' | 'logger'>,
  schedule: Schedule,
  fire: Date,
): Promise<void> {
  const jobId = fireJobId(billing.tenant, schedule, fire);
  const fireDate = zonedDate(fire.getTime(), billing.timezone);
  switch (schedule.job) {
    case 'validate': {
      const period = periodBefore(fireDate, billing.timezone).id;
      await queue.enqueue('validate', { runId: jobId, period, mode: 'live', trigger: schedule.name }, { jobId, retry: true });
      logger.info({ schedule: schedule.name, fire: fire.toISOString(), period, jobId }, 'schedule fired');
      return;
    }
    case 'remind':
      await queue.enqueue('remind', { schedule: schedule.name, fireDate, dryRun: false }, { jobId, retry: true });
      logger.info({ schedule: schedule.name, fire: fire.toISOString(), fireDate, jobId }, 'schedule fired');
      return;
  }
}

/**
 * Fires every schedule with node-cron in the tenant timezone, and first catches up, once, the
 * latest fire of each schedule that fell within its catch-up window while no worker ran (an
 * add with the id of a job already run is ignored, so a fire that did run is not repeated).
 */
export async function startScheduler(options: SchedulerOptions): Promise<RunningScheduler> {
  const { billing, now } = options;
  const caughtUp: RunningScheduler['caughtUp'] = [];
  for (const schedule of billing.schedules) {
    if (schedule.catchUpHours === 0) continue;
    const to = now();
    const fire = lastFireBetween(schedule.cron, billing.timezone, new Date(to.getTime() - schedule.catchUpHours * HOUR_MS), to);
    if (fire === null) continue;
    await enqueueFire(options, schedule, fire);
    scheduleCatchUpsTotal.inc();
    caughtUp.push({ schedule: schedule.name, fire });
  }

  const stopping = new AbortController();
  const tasks: ScheduledTask[] = billing.schedules.map((schedule) =>
    nodeCron.schedule(
      schedule.cron,
      async (context) => {
        const fire = new Date(Math.floor(context.date.getTime() / 60_000) * 60_000);
        scheduleFiresTotal.inc();
        await enqueueUntilAccepted(options, schedule, fire, stopping.signal);
      },
      { timezone: billing.timezone, name: `${billing.tenant}-${schedule.name}`, noOverlap: false },
    ),
  );
  return {
    caughtUp,
    async stop() {
      stopping.abort();
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}

/**
 * A fire whose enqueue fails (Redis down at that minute) is tried again with growing waits until
 * Redis takes it: the job id is the fire's, so however many tries it takes, it is enqueued once.
 * Only a stop gives up on it, and the next start's catch-up enqueues it then.
 */
export async function enqueueUntilAccepted(options: SchedulerOptions, schedule: Schedule, fire: Date, stopped: AbortSignal): Promise<void> {
  const context = { schedule: schedule.name, fire: fire.toISOString() };
  let delay = options.retryDelayMs ?? 1000;
  for (;;) {
    try {
      await enqueueFire(options, schedule, fire);
      return;
    } catch (error) {
      if (stopped.aborted) {
        options.logger.error({ ...context, error: (error as Error).message }, 'schedule fire not enqueued before the stop: the next start catches it up');
        return;
      }
      options.logger.warn({ ...context, error: (error as Error).message, retryInMs: delay }, 'could not enqueue a schedule fire: trying again');
    }
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, delay);
      stopped.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(undefined);
      }, { once: true });
    });
    delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
  }
}
