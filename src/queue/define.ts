import type { Job } from 'bullmq';
import type { z } from 'zod';
import type { Logger } from '../log.js';
import type { Services } from '../services.js';

export interface JobContext {
  services: Services;
  /** a child logger carrying the job's name and id */
  logger: Logger;
  job: Job;
}

/**
 * Validation runs and reminders wait for exception-ticket jobs, so ticket jobs have a queue
 * (and workers) of their own: a run can never wait on a slot it occupies itself.
 */
export const queueNames = { runs: 'billing', tickets: 'billing-tickets' } as const;
export type QueueKind = keyof typeof queueNames;

export interface JobDefinition<Payload extends z.ZodType = z.ZodType, Result = unknown> {
  name: string;
  queue: QueueKind;
  payload: Payload;
  /** attempts when the job is enqueued by a schedule; a CLI run fails fast instead */
  attempts: number;
  /** the first retry's delay; each next one doubles */
  backoffMs: number;
  process(payload: z.output<Payload>, context: JobContext): Promise<Result>;
}

export function defineJob<Payload extends z.ZodType, Result>(
  definition: JobDefinition<Payload, Result>,
): JobDefinition<Payload, Result> {
  return definition;
}
