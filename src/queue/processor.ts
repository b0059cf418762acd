import type { Job } from 'bullmq';
import type { Logger } from '../log.js';
import type { Services } from '../services.js';
import type { JobName, PayloadOf, ResultOf } from './jobs.js';
import type { BillingQueue } from './queue.js';

export interface JobContext {
  services: Services;
  /** a child logger carrying the job's name and id */
  logger: Logger;
  job: Job;
  /**
   * enqueues further jobs and waits for them, as a run does with its exception-ticket jobs; once
   * the workers start closing, a wait ends at once with the jobs still queued (`pending`)
   */
  queue: Pick<BillingQueue, 'enqueue' | 'waitFor'>;
}

/** What a job does with its payload: thin code in `jobs/` wiring pieces of `src/` together. */
export type Processor<Name extends JobName> = (payload: PayloadOf<Name>, context: JobContext) => Promise<ResultOf<Name>>;

/** One processor for every job of the spec map. */
export type Processors = { readonly [Name in JobName]: Processor<Name> };
