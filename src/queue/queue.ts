import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueNames, type QueueKind } from './define.js';
import { jobMap, type JobName, type PayloadOf } from './jobs.js';

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

/** The product's queues, with a typed enqueue that checks every payload against its job's schema. */
export class BillingQueue {
  private readonly queues: Record<QueueKind, Queue>;

  constructor(connection: Redis, prefix: string) {
    this.queues = {
      runs: new Queue(queueNames.runs, { connection, prefix }),
      tickets: new Queue(queueNames.tickets, { connection, prefix }),
    };
  }

  /** The queue validation runs and reminders go through. */
  get queue(): Queue {
    return this.queues.runs;
  }

  async enqueue<Name extends JobName>(name: Name, payload: PayloadOf<Name>, options: EnqueueOptions): Promise<Job> {
    const definition = jobMap[name];
    const data = definition.payload.parse(payload);
    const jobOptions: JobsOptions = {
      jobId: options.jobId,
      attempts: options.retry ? definition.attempts : 1,
      backoff: { type: 'exponential', delay: definition.backoffMs, jitter: 0.5 },
      ...RETENTION,
    };
    return this.queues[definition.queue].add(name, data, jobOptions);
  }

  /** Polls a job until it completed or failed for good, or until the deadline. */
  async waitFor<Result>(job: Job, deadline: number, pollMs = 250): Promise<JobOutcome<Result>> {
    const queue = Object.values(this.queues).find((candidate) => candidate.name === job.queueName)!;
    for (;;) {
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        const settled = await queue.getJob(job.id!);
        if (state === 'completed') return { state, result: settled?.returnvalue as Result };
        return { state, reason: settled?.failedReason ?? 'no reason recorded' };
      }
      if (Date.now() >= deadline) return { state: 'pending' };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}

export type JobOutcome<Result> = { state: 'completed'; result: Result } | { state: 'failed'; reason: string } | { state: 'pending' };
