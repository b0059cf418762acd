import { processors } from '../../jobs/index.js';
import { zonedDate } from '../calendar.js';
import { ConfigError } from '../config/errors.js';
import { reminderSchedule } from '../config/schedules.js';
import { jobIdOf } from '../queue/connection.js';
import type { RemindResult } from '../queue/jobs.js';
import { throughQueue } from '../queue/through-queue.js';
import type { Services } from '../services.js';
import { RunFailedError } from './run.js';

export interface RemindOptions {
  schedule: string;
  /** the date to fire as, YYYY-MM-DD in the tenant timezone; today when not given */
  date?: string;
  dryRun: boolean;
}

/**
 * Runs a reminder schedule now, as if it fired on the date, through the same queue and job
 * code as a scheduled fire. The job id is made of (tenant, schedule, date, mode), so two
 * commands started together share one job; a finished job of an earlier command is replaced
 * by a fresh run, which sends only to recipients who have not had this fire's message yet.
 */
export async function remindThroughQueue(options: RemindOptions, services: Services): Promise<RemindResult> {
  const { billing } = services.config;
  const fireDate = options.date ?? zonedDate(services.now().getTime(), billing.timezone);
  if (!isCalendarDate(fireDate)) {
    throw new ConfigError([`--date is "${fireDate}": expected a date as YYYY-MM-DD`]);
  }
  reminderSchedule(billing, options.schedule);
  const mode = options.dryRun ? 'dry-run' : 'live';
  const jobId = jobIdOf('remind', billing.tenant, options.schedule, fireDate, mode);
  const payload = { schedule: options.schedule, fireDate, dryRun: options.dryRun };

  return throughQueue(services, processors, async ({ queue, worker, outcomeOf }) => {
    let job = await queue.enqueue('remind', payload, { jobId, retry: false });
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') {
      await job.remove();
      job = await queue.enqueue('remind', payload, { jobId, retry: false });
    }
    services.logger.info({ jobId, schedule: options.schedule, fireDate, mode, worker }, 'reminder enqueued');
    const outcome = await outcomeOf(job);
    if (outcome.state !== 'completed') throw new RunFailedError(`the reminder failed: ${outcome.state === 'failed' ? outcome.reason : 'it did not finish'}`);
    return outcome.result;
  });
}

function isCalendarDate(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** What `billing-guard remind` prints. */
export function renderRemindResult(result: RemindResult, destination: string): string {
  const lines = [`${result.schedule} (${result.audience}) for period ${result.period}, as fired on ${result.fireDate}${result.dryRun ? ' — dry run, nothing sent' : ''}`];
  if (result.dryRun) {
    lines.push(`Would send ${result.wouldSend.length} email(s):`);
    for (const mail of result.wouldSend) lines.push(`  to ${mail.to}: ${mail.subject}`);
  } else {
    lines.push(`Sent ${result.sent.length} email(s) to ${destination}${result.sent.length > 0 ? `: ${result.sent.join(', ')}` : ''}`);
    if (result.alreadySent.length > 0) lines.push(`Already sent for this date, not sent again: ${result.alreadySent.join(', ')}`);
  }
  if (result.withoutEmail.count > 0) {
    lines.push(`Members with items to fix but no primary email: ${result.withoutEmail.count} (${result.withoutEmail.members.join(', ')})`);
  }
  for (const failure of result.failed) lines.push(`Not delivered to ${failure.recipient}: ${failure.reason}`);
  return lines.join('\n');
}
