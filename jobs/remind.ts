import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { BillingConfig, Schedule } from '../src/config/billing.js';
import type { ScheduleFire } from '../src/mail/message.js';
import { deliverOnce } from '../src/mail/send-once.js';
import { createMailTransport } from '../src/mail/transport.js';
import { defineJob } from '../src/queue/define.js';
import { prepareReminders } from '../src/reminders/prepare.js';

export const remindPayload = z.object({
  schedule: z.string().min(1),
  /** the fire's date in the tenant timezone: the reminder is for the period before it */
  fireDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** plan and return what would be sent; send nothing, claim nothing */
  dryRun: z.boolean(),
});
export type RemindPayload = z.infer<typeof remindPayload>;

export const remindResultSchema = z.object({
  schedule: z.string(),
  audience: z.enum(['technicians', 'finance']),
  period: z.string(),
  fireDate: z.string(),
  dryRun: z.boolean(),
  sent: z.array(z.string()),
  alreadySent: z.array(z.string()),
  withoutEmail: z.object({ count: z.number().int(), members: z.array(z.string()) }),
  /** refused for good by the mail server (recipient and the server's reply) */
  failed: z.array(z.object({ recipient: z.string(), reason: z.string() })),
  wouldSend: z.array(z.object({ to: z.string(), subject: z.string() })),
});
export type RemindResult = z.infer<typeof remindResultSchema>;

export function reminderSchedule(billing: BillingConfig, name: string): Schedule & { audience: RemindResult['audience'] } {
  const schedule = billing.schedules.find((candidate) => candidate.name === name);
  if (!schedule || schedule.job !== 'remind' || schedule.audience === undefined) {
    const known = billing.schedules.filter((candidate) => candidate.job === 'remind').map((candidate) => candidate.name);
    throw new UnrecoverableError(`"${name}" is not a reminder schedule in the configuration; the reminder schedules are: ${known.join(', ') || 'none'}`);
  }
  return { ...schedule, audience: schedule.audience };
}

/** One reminder schedule's fire: plan the messages, then send each exactly once. */
export const remindJob = defineJob({
  name: 'remind',
  queue: 'runs',
  payload: remindPayload,
  attempts: 4,
  backoffMs: 60_000,
  async process(payload, { services, logger }): Promise<RemindResult> {
    const { billing, env } = services.config;
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
  },
});
