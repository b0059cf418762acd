import { z } from 'zod';
import { PERIOD_PATTERN } from '../calendar.js';
import { reportTicketSchema } from '../report/schema.js';
import { ticketSetupSchema } from '../tickets/setup.js';

/**
 * Validation runs and reminders wait for exception-ticket jobs, so ticket jobs have a queue
 * (and workers) of their own: a run can never wait on a slot it occupies itself.
 */
export const queueNames = { runs: 'billing', tickets: 'billing-tickets' } as const;
export type QueueKind = keyof typeof queueNames;

export interface JobSpec {
  queue: QueueKind;
  payload: z.ZodType;
  result: z.ZodType;
  /** attempts when the job is enqueued by a schedule; a CLI run fails fast instead */
  attempts: number;
  /** the first retry's delay; each next one doubles */
  backoffMs: number;
}

/** Every job the worker runs: its queue, what it is given, what it returns and how it is retried. */
export const jobSpecs = {
  /** One validation run: pull the period, validate it, reconcile the exception tickets, store the report. */
  validate: {
    queue: 'runs',
    payload: z.object({
      /** names the run: the report is stored under it */
      runId: z.string().min(1),
      period: z.string().regex(PERIOD_PATTERN),
      mode: z.enum(['dry-run', 'live']),
      /** what started it: a schedule name, or `cli` */
      trigger: z.string().min(1),
    }),
    result: z.object({ runId: z.string(), period: z.string(), exceptions: z.number().int() }),
    attempts: 4,
    backoffMs: 60_000,
  },
  /** One reminder schedule's fire: plan the messages, then send each exactly once. */
  remind: {
    queue: 'runs',
    payload: z.object({
      schedule: z.string().min(1),
      /** the fire's date in the tenant timezone: the reminder is for the period before it */
      fireDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      /** plan and return what would be sent; send nothing, claim nothing */
      dryRun: z.boolean(),
    }),
    result: z.object({
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
    }),
    attempts: 4,
    backoffMs: 60_000,
  },
  /** One exception ticket key of one run: retried on its own, so one company never blocks another. */
  ticket: {
    queue: 'tickets',
    payload: z.object({
      runId: z.string().min(1),
      company: z.union([z.number().int().positive(), z.literal('internal')]),
      /** board, statuses and companies resolved by name before the run wrote anything */
      setup: ticketSetupSchema,
    }),
    result: z.object({
      ticket: reportTicketSchema,
      /** ConnectWise requests this key took, for the run's count */
      apiRequests: z.number().int(),
    }),
    attempts: 5,
    backoffMs: 5_000,
  },
} as const satisfies Record<string, JobSpec>;

export type JobSpecs = typeof jobSpecs;
export type JobName = keyof JobSpecs;
/** What a job is enqueued with (before its schema's defaults). */
export type PayloadInput<Name extends JobName> = z.input<JobSpecs[Name]['payload']>;
/** What its processor is given. */
export type PayloadOf<Name extends JobName> = z.output<JobSpecs[Name]['payload']>;
export type ResultOf<Name extends JobName> = z.output<JobSpecs[Name]['result']>;

export type RemindPayload = PayloadOf<'remind'>;
export type RemindResult = ResultOf<'remind'>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobSpecs, name);
}
