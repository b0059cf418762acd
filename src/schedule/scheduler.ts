import nodeCron, { type ScheduledTask } from 'node-cron';
import { periodBefore, zonedDate } from '../calendar.js';
import type { BillingConfig, Schedule } from '../config/billing.js';
import type { Logger } from '../log.js';
import { jobIdOf } from '../queue/connection.js';
import type { BillingQueue } from '../queue/queue.js';
import { fireStamp, lastFireBetween } from './fires.js';

export interface SchedulerOptions {
  billing: BillingConfig;
  queue: BillingQueue;
  logger: Logger;
  now: () => Date;
}

export interface RunningScheduler {
  /** fires caught up at start, by schedule name */
  caughtUp: { schedule: string; fire: Date }[];
  stop(): Promise<void>;
}

const HOUR_MS = 3600_000;

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
  const { billing, logger, now } = options;
  const caughtUp: RunningScheduler['caughtUp'] = [];
  for (const schedule of billing.schedules) {
    if (schedule.catchUpHours === 0) continue;
    const to = now();
    const fire = lastFireBetween(schedule.cron, billing.timezone, new Date(to.getTime() - schedule.catchUpHours * HOUR_MS), to);
    if (fire === null) continue;
    await enqueueFire(options, schedule, fire);
    caughtUp.push({ schedule: schedule.name, fire });
  }

  const tasks: ScheduledTask[] = billing.schedules.map((schedule) =>
    nodeCron.schedule(
      schedule.cron,
      async (context) => {
        const fire = new Date(Math.floor(context.date.getTime() / 60_000) * 60_000);
        try {
          await enqueueFire(options, schedule, fire);
        } catch (error) {
          logger.error({ schedule: schedule.name, fire: fire.toISOString(), error: (error as Error).message }, 'could not enqueue a schedule fire');
        }
      },
      { timezone: billing.timezone, name: `${billing.tenant}-${schedule.name}`, noOverlap: false },
    ),
  );
  return {
    caughtUp,
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
    },
  };
}
