import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobMap, QUEUE_NAME, type JobName, type PayloadOf } from './jobs.js';

const DAY_SECONDS = 24 * 3600;

/**
 * Completed jobs are kept longer than any catch-up window: an add with the id of a kept job is
 * ignored, which is what makes a schedule fire enqueue exactly once across replicas.
 */
export const RETENTION = {
  removeOnComplete: { age: 45 * DAY_SECONDS, count: 10_000 },
  removeOnFail: { age: 90 * DAY_SECONDS, count: 10_000 },
} as const;

export interface EnqueueOptions {
  jobId: string;
  /** scheduled work retries with backoff; a CLI run fails fast and reports */
  retry: boolean;
}

export class BillingQueue {
  readonly queue: Queue;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue(QUEUE_NAME, { connection, prefix });
  }

  /** Adds a job after checking its payload against the job's own schema. */
  async enqueue<Name extends JobName>(name: Name, payload: PayloadOf<Name>, options: EnqueueOptions) {
    const definition = jobMap[name];
    const data = definition.payload.parse(payload);
    const jobOptions: JobsOptions = {
      jobId: options.jobId,
      attempts: options.retry ? definition.attempts : 1,
      backoff: { type: 'exponential', delay: 60_000, jitter: 0.5 },
      ...RETENTION,
    };
    return this.queue.add(name, data, jobOptions);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
