import { reminderSchedule } from '../src/config/schedules.js';
import type { ScheduleFire } from '../src/mail/message.js';
import { deliverOnce } from '../src/mail/send-once.js';
import { createMailTransport } from '../src/mail/transport.js';
import type { RemindResult } from '../src/queue/jobs.js';
import type { Processor } from '../src/queue/processor.js';
import { mailsTotal } from '../src/metrics.js';
import { prepareReminders } from '../src/mail/prepare.js';

/** One reminder schedule's fire: plan the messages, then send each exactly once. */
export const remindJob: Processor<'remind'> = async (payload, { services, logger }) => {
  const { billing, env } = services.config;
  // a schedule this worker's configuration does not have is a ConfigError: permanent, not retried (src/queue/failure.ts)
  const schedule = reminderSchedule(billing, payload.schedule);
  const { period, mails, withoutEmail } = await prepareReminders(schedule, payload.fireDate, services, logger);
  if (withoutEmail.length > 0) {
    logger.warn({ members: withoutEmail.map((member) => member.identifier) }, 'members with items to fix have no primary email');
  }
  const result: RemindResult = {
    schedule: schedule.name,
    audience: schedule.audience,
    period,
    fireDate: payload.fireDate,
    dryRun: payload.dryRun,
    sent: [],
    alreadySent: [],
    withoutEmail: { count: withoutEmail.length, members: withoutEmail.map((member) => member.identifier) },
    failed: [],
    wouldSend: [],
  };
  if (payload.dryRun) return { ...result, wouldSend: mails.map(({ to, subject }) => ({ to, subject })) };

  const fire: ScheduleFire = { tenant: billing.tenant, schedule: schedule.name, fireDate: payload.fireDate };
  const transport = createMailTransport(env);
  const delivery = await deliverOnce(mails, transport, fire, { redis: services.redis, prefix: env.QUEUE_PREFIX }).finally(() => transport.close());
  mailsTotal.inc({ audience: schedule.audience, outcome: 'sent' }, delivery.sent.length);
  mailsTotal.inc({ audience: schedule.audience, outcome: 'failed' }, delivery.refused.length + (delivery.unavailable ? 1 : 0));
  logger.info(
    { destination: transport.destination, sent: delivery.sent.length, alreadySent: delivery.alreadySent.length, refused: delivery.refused.length },
    'reminders delivered',
  );
  if (delivery.refused.length > 0) logger.warn({ refused: delivery.refused }, 'the mail server refused some reminders for good');
  const progress = `${delivery.sent.length + delivery.alreadySent.length} of ${mails.length} sent; the rest is sent on retry`;
  if (delivery.unavailable) {
    throw new Error(`mail to ${delivery.unavailable.recipient} failed through ${transport.destination}: ${delivery.unavailable.reason} (${progress})`);
  }
  if (delivery.stillClaimed.length > 0) {
    throw new Error(`${delivery.stillClaimed.length} reminders are still claimed by another send (${progress})`);
  }
  return { ...result, sent: delivery.sent, alreadySent: delivery.alreadySent, failed: delivery.refused };
};
