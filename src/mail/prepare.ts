import { periodBefore, type CalendarDate } from '../calendar.js';
import type { Schedule } from '../config/billing.js';
import type { MemberRef } from '../connectwise/records.js';
import type { Logger } from '../log.js';
import { recentReports } from '../report/store.js';
import { fireTimeOn, nextValidationAfter } from '../schedule/deadline.js';
import type { Services } from '../services.js';
import { runValidation } from '../validation-run.js';
import { latestRuns, planFinanceDigest } from './digest.js';
import type { OutgoingMail } from './message.js';
import { planTechnicianReminders } from './plan.js';
import { technicianReminderMail } from './technician-mail.js';
import { financeDigestMail } from './templates.js';

export interface PreparedReminders {
  period: string;
  mails: OutgoingMail[];
  withoutEmail: MemberRef[];
}

/**
 * The messages a reminder schedule sends when it fires on a date, for the period before that
 * date: technicians get their own items from a fresh dry-run validation, finance a digest of
 * the stored runs.
 */
export async function prepareReminders(schedule: Schedule, fireDate: CalendarDate, services: Services, logger: Logger): Promise<PreparedReminders> {
  const { billing, env } = services.config;
  const period = periodBefore(fireDate, billing.timezone).id;
  const nextValidation = nextValidationAfter(billing.schedules, billing.timezone, fireTimeOn(schedule.cron, billing.timezone, fireDate));

  if (schedule.audience === 'technicians') {
    const { report, snapshot } = await runValidation({ period, mode: 'dry-run', scope: 'technicians' }, services, logger);
    const plan = planTechnicianReminders(report, snapshot, nextValidation, billing.members);
    return { period, mails: plan.reminders.map((reminder) => ({ to: reminder.to, replyTo: billing.mail.replyTo, ...technicianReminderMail(reminder) })), withoutEmail: plan.withoutEmail };
  }

  // the digest is about the period's latest live runs, or its latest dry runs when none was live
  const live = await recentReports(services.redis, env.QUEUE_PREFIX, billing.tenant, period, 2, 'live');
  const { latest, previous } = latestRuns(live.length > 0 ? live : await recentReports(services.redis, env.QUEUE_PREFIX, billing.tenant, period));
  const digest = planFinanceDigest(latest, previous, { recipients: billing.mail.finance, period, timezone: billing.timezone, nextValidation });
  const content = financeDigestMail(digest);
  return { period, mails: digest.to.map((to) => ({ to, ...content })), withoutEmail: [] };
}
