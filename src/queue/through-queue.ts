import type { Services } from '../services.js';
import { connectRedis, producerRedis } from './connection.js';
import { hasLiveWorker } from './heartbeat.js';
import type { JobName, ResultOf } from './jobs.js';
import type { Processors } from './processor.js';
import { BillingQueue, type JobOutcome, type QueuedJob } from './queue.js';
import { createWorkers } from './worker.js';

/** How long a command's job may wait with no live worker to pick it up. */
const PICKUP_TIMEOUT_MS = 60_000;

export class UnservedJobError extends Error {
  override readonly name = 'UnservedJobError';
}

export interface QueueWork {
  queue: BillingQueue;
  /** who runs the jobs, for the log */
  worker: string;
  /** the job's outcome; throws UnservedJobError when no live worker has picked it up within the bound */
  outcomeOf<Name extends JobName>(job: QueuedJob<Name>): Promise<JobOutcome<ResultOf<Name>>>;
}

/**
 * Runs a command's work through the queue: the work enqueues and waits on jobs, which a live
 * worker of this prefix and Redis database processes; with none, this process brings its own
 * for the while. The command enqueues through a producer connection, which fails fast when
 * Redis is down.
 */
export async function throughQueue<T>(
  services: Services,
  processors: Processors,
  work: (context: QueueWork) => Promise<T>,
  pickupTimeoutMs = PICKUP_TIMEOUT_MS,
): Promise<T> {
  const { REDIS_URL, QUEUE_PREFIX } = services.config.env;
  const producer = await connectRedis(producerRedis(REDIS_URL), REDIS_URL);
  const queue = new BillingQueue(producer, QUEUE_PREFIX);
  try {
    const ownWorkers = (await hasLiveWorker(producer, QUEUE_PREFIX))
      ? null
      : await createWorkers(services, processors, { connection: services.redis, announce: false });
    // this process's own workers serve its jobs for as long as it waits on them
    const served = ownWorkers ? async () => true : () => hasLiveWorker(producer, QUEUE_PREFIX);
    try {
      return await work({
        queue,
        worker: ownWorkers ? 'this process' : 'running worker',
        outcomeOf: (job) => outcomeWhileServed(queue, job, served, pickupTimeoutMs),
      });
    } finally {
      await ownWorkers?.close(10_000);
    }
  } finally {
    await queue.close();
    await producer.quit().catch(() => producer.disconnect());
  }
}

/** Waits for the job as long as a worker could take it or finish it, this process's own or a live one; a busy live worker is waited for. */
async function outcomeWhileServed<Name extends JobName>(
  queue: BillingQueue,
  job: QueuedJob<Name>,
  served: () => Promise<boolean>,
  pickupTimeoutMs: number,
): Promise<JobOutcome<ResultOf<Name>>> {
  let unservedSince: number | null = null;
  for (;;) {
    const outcome = await queue.waitFor(job, Date.now() + 1000);
    if (outcome.state !== 'pending') return outcome;
    // a job a killed worker held stays active, and only a live worker's stall check frees it
    if (await served()) {
      unservedSince = null;
      continue;
    }
    unservedSince ??= Date.now();
    if (Date.now() - unservedSince >= pickupTimeoutMs) {
      throw new UnservedJobError(
        `no live worker picked up job ${job.id} within ${Math.round(pickupTimeoutMs / 1000)} s: start one (billing-guard start) against this Redis and QUEUE_PREFIX, or run the command again to bring its own`,
      );
    }
  }
}
