import type { BillingConfig, Schedule } from './billing.js';
import { ConfigError } from './errors.js';

export type ReminderSchedule = Schedule & { job: 'remind'; audience: NonNullable<Schedule['audience']> };

/** The schedule of that name, when its job is remind; else a ConfigError names the reminder schedules there are. */
export function reminderSchedule(billing: BillingConfig, name: string): ReminderSchedule {
  const schedule = billing.schedules.find((candidate) => candidate.name === name);
  if (!schedule || schedule.job !== 'remind' || schedule.audience === undefined) {
    const known = billing.schedules.filter((candidate) => candidate.job === 'remind').map((candidate) => candidate.name);
    throw new ConfigError([`"${name}" is not a reminder schedule in the configuration; the reminder schedules are: ${known.join(', ') || 'none'}`]);
  }
  return { ...schedule, job: schedule.job, audience: schedule.audience };
}
