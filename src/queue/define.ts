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

export interface JobDefinition<Payload extends z.ZodType = z.ZodType, Result = unknown> {
  name: string;
  payload: Payload;
  /** attempts when the job is enqueued by a schedule; a CLI run fails fast instead */
  attempts: number;
  process(payload: z.output<Payload>, context: JobContext): Promise<Result>;
}

export function defineJob<Payload extends z.ZodType, Result>(
  definition: JobDefinition<Payload, Result>,
): JobDefinition<Payload, Result> {
  return definition;
}
