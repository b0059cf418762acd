import type { z } from 'zod';
import { validateJob } from '../../jobs/validate.js';

/** Every job the worker runs: name → payload schema → processor. */
export const jobMap = {
  validate: validateJob,
} as const;

export type JobName = keyof typeof jobMap;
export type PayloadOf<Name extends JobName> = z.input<(typeof jobMap)[Name]['payload']>;

export const QUEUE_NAME = 'billing';

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobMap, name);
}
