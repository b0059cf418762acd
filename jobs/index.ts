import type { Processors } from '../src/queue/processor.js';
import { remindJob } from './remind.js';
import { ticketJob } from './ticket.js';
import { validateJob } from './validate.js';

/** Every job's processor, by the job's name in the spec map: what the workers run. */
export const processors: Processors = {
  validate: validateJob,
  remind: remindJob,
  ticket: ticketJob,
};
