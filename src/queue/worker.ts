import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { secretsOf } from '../config/env.js';
import type { Services } from '../services.js';
import { safeFailure } from './failure.js';
import { isJobName, jobSpecs, queueNames, type QueueKind } from './jobs.js';
import type { JobContext, Processors } from './processor.js';
import { startHeartbeat } from './heartbeat.js';
import { BillingQueue } from './queue.js';

export interface WorkerOptions {
  connection: Redis;
  /** jobs run at once per queue */
  concurrency?: number;
}

export interface RunningWorkers {
  workers: readonly Worker[];
  /** stops taking jobs and waits for the running ones within the bound, then closes the rest by force */
  close(timeoutMs: number): Promise<'drained' | 'forced'>;
}

function processorFor(kind: QueueKind, services: Services, processors: Processors, queue: JobContext['queue']) {
  const secrets = secretsOf(services.config.env);
  return async (job: Job) => {
    if (!isJobName(job.name) || jobSpecs[job.name].queue !== kind) {
      throw new UnrecoverableError(`the ${queueNames[kind]} queue has no processor for ${job.name} jobs`);
    }
    const payload = jobSpecs[job.name].payload.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`${job.name} job ${job.id} has an invalid payload: ${payload.error.message}`);
    const logger = services.logger.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    try {
      return await processors[job.name](payload.data as never, { services, logger, job, queue });
    } catch (error) {
      const failure = safeFailure(error, secrets);
      logger.error({ error: failure.message }, `${job.name} job failed`);
      throw failure;
    }
  };
}

/**
 * One worker per queue: runs and reminders, and the exception-ticket jobs they wait for. The
 * jobs enqueue further jobs through the workers' own connection.
 */
export async function createWorkers(
  services: Services,
  processors: Processors,
  { connection, concurrency = 2 }: WorkerOptions,
): Promise<RunningWorkers> {
  const prefix = services.config.env.QUEUE_PREFIX;
  const queue = new BillingQueue(connection, prefix);
  const workers = (Object.keys(queueNames) as QueueKind[]).map(
    (kind) =>
      new Worker(queueNames[kind], processorFor(kind, services, processors, queue), {
        connection,
        prefix,
        concurrency: kind === 'tickets' ? concurrency * 2 : concurrency,
        lockDuration: 120_000,
      }),
  );
  const heartbeat = await startHeartbeat(connection, prefix);
  return {
    workers,
    async close(timeoutMs) {
      const outcome = await closeWorkers(workers, timeoutMs);
      await heartbeat.stop();
      await queue.close();
      return outcome;
    },
  };
}

/** worker.close() waits for running jobs without a bound of its own. */
async function closeWorkers(workers: readonly Worker[], timeoutMs: number): Promise<'drained' | 'forced'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), timeoutMs);
  });
  const drained = Promise.all(workers.map((worker) => worker.close())).then(() => 'drained' as const);
  const outcome = await Promise.race([drained, timedOut]);
  clearTimeout(timer);
  if (outcome === 'forced') await Promise.all(workers.map((worker) => worker.close(true)));
  return outcome;
}
