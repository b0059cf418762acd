import type { z } from 'zod';
import { remindJob } from '../../jobs/remind.js';
import { ticketJob } from '../../jobs/ticket.js';
import { validateJob } from '../../jobs/validate.js';

/** Every job the worker runs: name → payload schema → processor. */
export const jobMap = {
  validate: validateJob,
  remind: remindJob,
  ticket: ticketJob,
} as const;

export type JobName = keyof typeof jobMap;
export type PayloadOf<Name extends JobName> = z.input<(typeof jobMap)[Name]['payload']>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobMap, name);
}
