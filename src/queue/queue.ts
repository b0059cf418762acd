import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { failureOf, type JobFailure } from './failure.js';
import { jobSpecs, queueNames, type JobName, type JobSpec, type PayloadInput, type PayloadOf, type QueueKind, type ResultOf } from './jobs.js';

const DAY_SECONDS = 24 * 3600;

/**
 * Completed jobs are kept longer than any catch-up window: an add with the id of a kept job is
 * ignored, which is what makes a schedule fire enqueue exactly once across replicas.
 */
const RETENTION = {
  removeOnComplete: { age: 45 * DAY_SECONDS, count: 10_000 },
  removeOnFail: { age: 90 * DAY_SECONDS, count: 10_000 },
} as const;

export interface EnqueueOptions {
  jobId: string;
  /** scheduled work retries with backoff; a CLI run fails fast and reports */
  retry: boolean;
}

/** A job in the queue, typed by its spec. */
export type QueuedJob<Name extends JobName> = Job<PayloadOf<Name>, ResultOf<Name>, Name>;

export type JobOutcome<Result> = { state: 'completed'; result: Result } | ({ state: 'failed' } & JobFailure) | { state: 'pending' };

/**
 * The product's queues, with a typed enqueue that checks every payload against its job's
 * schema, and a wait that checks every result against its job's result schema.
 */
export class BillingQueue {
  private readonly queues: Record<QueueKind, Queue>;

  /**
   * @param stopping when it fires, waits end at once as if their deadline had passed: a job
   * of a closing worker stops waiting and leaves the jobs it waited for queued
   */
  constructor(
    connection: Redis,
    prefix: string,
    private readonly stopping?: AbortSignal,
  ) {
    this.queues = {
      runs: new Queue(queueNames.runs, { connection, prefix }),
      tickets: new Queue(queueNames.tickets, { connection, prefix }),
    };
  }

  /** The queue validation runs and reminders go through. */
  get queue(): Queue {
    return this.queues.runs;
  }

  /** Every queue, for those who watch them (the dashboard). */
  get all(): Queue[] {
    return Object.values(this.queues);
  }

  async enqueue<Name extends JobName>(name: Name, payload: PayloadInput<Name>, options: EnqueueOptions): Promise<QueuedJob<Name>> {
    const spec: JobSpec = jobSpecs[name];
    const jobOptions: JobsOptions = {
      jobId: options.jobId,
      attempts: options.retry ? spec.attempts : 1,
      backoff: { type: 'exponential', delay: spec.backoffMs, jitter: 0.5 },
      ...RETENTION,
    };
    return (await this.queues[spec.queue].add(name, spec.payload.parse(payload), jobOptions)) as QueuedJob<Name>;
  }

  /** Polls a job until it completed or failed for good, or until the deadline or the stop. */
  async waitFor<Name extends JobName>(job: QueuedJob<Name>, deadline: number, pollMs = 250): Promise<JobOutcome<ResultOf<Name>>> {
    const spec: JobSpec = jobSpecs[job.name];
    for (;;) {
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        const settled = await this.queues[spec.queue].getJob(job.id!);
        if (state === 'completed') return { state, result: spec.result.parse(settled?.returnvalue) as ResultOf<Name> };
        return { state, ...failureOf(settled?.failedReason) };
      }
      if (Date.now() >= deadline || this.stopping?.aborted) return { state: 'pending' };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}
